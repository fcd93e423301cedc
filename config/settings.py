"""Settings for Assistant Builder, read from the environment.

Every value has a default that works on a laptop with nothing installed; production
deployments set DEBUG=0, SECRET_KEY, ALLOWED_HOSTS, DATABASE_URL and CELERY_BROKER_URL.
"""

import base64
import hashlib
from datetime import timedelta
from pathlib import Path

import dj_database_url
from django.core.exceptions import ImproperlyConfigured

from config.embedded_postgres import embedded_database_settings
from config.env import env_bool, env_int, env_list, env_str

BASE_DIR = Path(__file__).resolve().parent.parent
DATA_DIR = Path(env_str("DATA_DIR", str(BASE_DIR / ".data")))
# Beat's schedule, the filesystem broker and the embedded database all live here.
DATA_DIR.mkdir(parents=True, exist_ok=True)

# --- Core -------------------------------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/ref/settings/#core-settings
DEBUG = env_bool("DEBUG", True)
SECRET_KEY = env_str("SECRET_KEY")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("Set SECRET_KEY when DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-do-not-use-in-production"
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["127.0.0.1", "localhost", "[::1]"] if DEBUG else [])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.forms",
    "django_htmx",
    "template_partials",
    "axes",
    "rest_framework",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "assistants",
    "api",
    "directory",
    "audit",
    "sandbox",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    # Pages, partials and API answers compressed (static files are, by whitenoise, above).
    # Django pads each compressed answer at random against BREACH ("Heal The Breach").
    "django.middleware.gzip.GZipMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Every page requires sign-in unless a view opts out with @login_not_required.
    "django.contrib.auth.middleware.LoginRequiredMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "assistants.middleware.CurrentOrganizationMiddleware",
    # Last, as django-axes asks: it turns a lockout into the locked-out page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"
ASGI_APPLICATION = "config.asgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "assistants.context_processors.organization",
            ],
        },
    },
]

# Widgets render with the project's templates (templates/editor/widgets/…).
FORM_RENDERER = "django.forms.renderers.TemplatesSetting"

# --- Database ---------------------------------------------------------------------------
# PostgreSQL only: DATABASE_URL when set, otherwise an embedded server under .data/.
DATABASE_URL = env_str("DATABASE_URL")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL, conn_max_age=60)}
    if "postgresql" not in DATABASES["default"]["ENGINE"]:
        raise ImproperlyConfigured("DATABASE_URL must point at PostgreSQL (postgres://...).")
else:
    DATABASES = {"default": embedded_database_settings(DATA_DIR / "postgres")}
# A pooled connection the server dropped (a PostgreSQL restart) is checked and replaced at the
# start of a request instead of failing it with a 500.
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Auth -------------------------------------------------------------------------------
AUTHENTICATION_BACKENDS = [
    # Counts failed sign-ins and locks the username+address out for a cool-off.
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# https://django-axes.readthedocs.io/en/latest/4_configuration.html
AXES_FAILURE_LIMIT = env_int("AXES_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("AXES_COOLOFF_MINUTES", 15))
# Locked per address as well as per account at an address: spraying a few guesses at many
# accounts from one address is paused like many guesses at one account (issue 17).
AXES_LOCKOUT_PARAMETERS = ["ip_address", ["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "registration/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "draft_list"
LOGOUT_REDIRECT_URL = "login"
# --- Email (password reset links) ---------------------------------------------------------
# https://docs.djangoproject.com/en/5.2/topics/email/ — printed to the console in development.
EMAIL_BACKEND = env_str(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if DEBUG
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env_str("EMAIL_HOST", "localhost")
EMAIL_PORT = env_int("EMAIL_PORT", 587)
EMAIL_HOST_USER = env_str("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env_str("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", True)
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 10)
DEFAULT_FROM_EMAIL = env_str("DEFAULT_FROM_EMAIL", "Assistant Builder <noreply@localhost>")
PASSWORD_RESET_TIMEOUT = env_int("PASSWORD_RESET_TIMEOUT", 60 * 60 * 24)

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

# --- Internationalisation & static files -------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True
STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env_str("STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"
        if DEBUG
        else "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

# --- Cache -----------------------------------------------------------------------------
# Throttles (wrong API tokens) count in the cache, and must count across every web process:
# a cache kept per process let gunicorn's N workers allow N times the rate. The default is
# a folder under DATA_DIR (shared by the processes of one machine); CACHE_URL=redis://...
# for several machines.
CACHE_URL = env_str("CACHE_URL", "")
CACHES = {
    "default": (
        {"BACKEND": "django.core.cache.backends.redis.RedisCache", "LOCATION": CACHE_URL}
        if CACHE_URL.startswith(("redis://", "rediss://"))
        else {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": str(DATA_DIR / "cache"),
        }
    )
}

# --- REST API ---------------------------------------------------------------------------
# https://www.django-rest-framework.org/api-guide/settings/
REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "api.authentication.BearerTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",  # the browser, with CSRF
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 25,
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "api.errors.api_exception_handler",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON with its size and depth checked before parsing (assistants/jsonlimits.py).
    "DEFAULT_PARSER_CLASSES": [
        "api.parsers.LimitedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": None,
    # Failed personal-token look-ups per client address (api/authentication.py): tokens
    # cannot be guessed at full speed. Health pings per person (the web page has its own).
    "DEFAULT_THROTTLE_RATES": {
        "token_failures": env_str("API_TOKEN_FAILURE_RATE", "") or "20/min",
    },
}
# JSON accepted from outside (API bodies, imports, JSON fields): checked before parsing.
JSON_MAX_BYTES = env_int("JSON_MAX_BYTES", 2_000_000)
JSON_MAX_DEPTH = env_int("JSON_MAX_DEPTH", 64)
# https://drf-spectacular.readthedocs.io/en/latest/settings.html
SPECTACULAR_SETTINGS = {
    "TITLE": "Assistant Builder API",
    "DESCRIPTION": "Drafts of AI assistants, their validation against upstream APIs, and "
    "submissions. Authenticate with `Authorization: Bearer <personal token>`.",
    "VERSION": "1.0.0",
    "OAS_VERSION": "3.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "api.schema.add_contract_schema",
    ],
    "COMPONENT_SPLIT_REQUEST": True,
}

# --- Celery -----------------------------------------------------------------------------
# https://docs.celeryq.dev/en/stable/userguide/configuration.html
# Redis (or any broker) when CELERY_BROKER_URL is set; otherwise kombu's filesystem transport
# under .data/, which needs no server yet still runs tasks in a real worker process.
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL") or "filesystem://"
BROKER_IS_FILESYSTEM = CELERY_BROKER_URL.startswith("filesystem://")
if BROKER_IS_FILESYSTEM:
    _broker_dir = DATA_DIR / "broker"
    for _folder in ("queue", "processed", "control"):
        (_broker_dir / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(_broker_dir / "queue"),
        "data_folder_out": str(_broker_dir / "queue"),
        "processed_folder": str(_broker_dir / "processed"),
        # Exchange metadata; kombu would otherwise write it into the working directory.
        "control_folder": str(_broker_dir / "control"),
        "store_processed": False,
    }
    # The filesystem transport has no broadcast exchange, so remote control cannot work.
    CELERY_WORKER_ENABLE_REMOTE_CONTROL = False
else:
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        # Redelivery after a lost worker happens once this many seconds have passed.
        "visibility_timeout": env_int("CELERY_VISIBILITY_TIMEOUT", 3600),
    }
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_IGNORE_RESULT = True  # outcomes are recorded on our own models
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_TASK_TIME_LIMIT = env_int("CELERY_TASK_TIME_LIMIT", 300)
CELERY_TASK_SOFT_TIME_LIMIT = env_int("CELERY_TASK_SOFT_TIME_LIMIT", 240)
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TASK_ALWAYS_EAGER = env_bool("CELERY_TASK_ALWAYS_EAGER", False)
# Celery's Django fixup closes every database connection before and after each task unless
# this is set: a new connection per submission (~8 ms of the worker's ~17 ms). With it set,
# Django's own rules (CONN_MAX_AGE, broken connections) apply around each task instead: see
# config/celery.py. Celery still closes them every this many tasks.
CELERY_DB_REUSE_MAX = env_int("CELERY_DB_REUSE_MAX", 1000)
CELERY_BEAT_SCHEDULE_FILENAME = str(DATA_DIR / "celerybeat-schedule")
# Periodic jobs (the submission sweep joins here); `make run` starts beat when non-empty.
CELERY_BEAT_SCHEDULE: dict = {}

# --- Submissions: secrets at rest, the HTTP client, retries, the sweep --------------------
# How a draft is sent upstream: assistants/services/submissions/ and assistants/upstream.py.


def _env_seconds(name: str, default: float) -> float:
    value = env_str(name)
    return float(value) if value else default


# Comma-separated Fernet keys; the first encrypts, all decrypt (`manage.py
# rotate_encryption_keys` re-encrypts with the first). Required when DEBUG is off (using a
# secret then raises ImproperlyConfigured); in development one is derived from SECRET_KEY, here
# rather than at use, because the test runner turns DEBUG off after settings are read.
FIELD_ENCRYPTION_KEYS = env_list("FIELD_ENCRYPTION_KEYS", [])
if not FIELD_ENCRYPTION_KEYS and DEBUG:
    _digest = hashlib.sha256(b"assistant-builder-field-encryption:" + SECRET_KEY.encode()).digest()
    FIELD_ENCRYPTION_KEYS = [base64.urlsafe_b64encode(_digest).decode()]
SUBMISSION_CONNECT_TIMEOUT = _env_seconds("SUBMISSION_CONNECT_TIMEOUT", 5)
SUBMISSION_READ_TIMEOUT = _env_seconds("SUBMISSION_READ_TIMEOUT", 30)
# A worker owns a submission for this long per HTTP call; a lease that runs out (the worker
# died) can be taken over. It must outlast one call, so it is at least both timeouts.
SUBMISSION_LEASE_SECONDS = _env_seconds(
    "SUBMISSION_LEASE_SECONDS", SUBMISSION_CONNECT_TIMEOUT + SUBMISSION_READ_TIMEOUT + 15
)
if SUBMISSION_LEASE_SECONDS <= SUBMISSION_CONNECT_TIMEOUT + SUBMISSION_READ_TIMEOUT:
    raise ImproperlyConfigured(
        "SUBMISSION_LEASE_SECONDS must be longer than SUBMISSION_CONNECT_TIMEOUT plus "
        "SUBMISSION_READ_TIMEOUT, or a slow reply could be sent twice."
    )
SUBMISSION_MAX_TRIES = env_int("SUBMISSION_MAX_TRIES", 6)  # create requests, then failed
SUBMISSION_BACKOFF_BASE = _env_seconds("SUBMISSION_BACKOFF_BASE", 2)  # 2, 4, 8 s… with jitter
SUBMISSION_BACKOFF_MAX = _env_seconds("SUBMISSION_BACKOFF_MAX", 300)
# After a request that may have reached the upstream (timeout, dropped connection), wait this
# long before looking the assistant up, so a request still being handled there can land.
SUBMISSION_AMBIGUOUS_SETTLE = _env_seconds("SUBMISSION_AMBIGUOUS_SETTLE", SUBMISSION_READ_TIMEOUT)
# The whole of one request (connect, send, the answer in full) ends within this, below the
# lease; httpx's timeouts above bound each step of it.
SUBMISSION_REQUEST_DEADLINE = _env_seconds(
    "SUBMISSION_REQUEST_DEADLINE", SUBMISSION_CONNECT_TIMEOUT + SUBMISSION_READ_TIMEOUT
)
if SUBMISSION_REQUEST_DEADLINE >= SUBMISSION_LEASE_SECONDS:
    raise ImproperlyConfigured("SUBMISSION_REQUEST_DEADLINE must be shorter than the lease.")
# After an attempt that may have created the assistant, it is looked for (by the marker the
# create carried) again and again with backoff for this long before anything is sent again:
# a slow upstream may finish a create long after we stopped waiting for its answer.
SUBMISSION_SETTLE_WINDOW = _env_seconds("SUBMISSION_SETTLE_WINDOW", 120)
# A look-up reads at most this many pages of the list, for at most this long.
SUBMISSION_LOOKUP_MAX_PAGES = env_int("SUBMISSION_LOOKUP_MAX_PAGES", 10)
SUBMISSION_LOOKUP_MAX_SECONDS = _env_seconds("SUBMISSION_LOOKUP_MAX_SECONDS", 120)
# How far the upstream's clock may be behind ours. Only narrows a look-up (a list read newest
# first stops at assistants older than the first try minus this); the marker decides.
SUBMISSION_CLOCK_SKEW = _env_seconds("SUBMISSION_CLOCK_SKEW", 900)
# A worker that dies holding a submission more often than this fails it instead.
SUBMISSION_MAX_DELIVERIES = env_int("SUBMISSION_MAX_DELIVERIES", 3)
# Waits up to this long are a countdown on the queue; longer ones are left to the sweep, as
# a message held past the broker's visibility timeout would be delivered twice.
SUBMISSION_COUNTDOWN_LIMIT = _env_seconds("SUBMISSION_COUNTDOWN_LIMIT", 60)
if BROKER_IS_FILESYSTEM:
    # kombu's own writes a message in place, so a worker can read it half-written and stop
    # consuming; this one renames it in whole (assistants/broker.py).
    CELERY_BROKER_TRANSPORT = "assistants.broker:FilesystemTransport"
    # The folder is polled; kombu's default of once a second adds up to a second to every
    # message, retries included. Listing a folder five times a second costs nothing.
    CELERY_BROKER_TRANSPORT_OPTIONS["polling_interval"] = _env_seconds(
        "CELERY_POLLING_INTERVAL", 0.2
    )
else:
    SUBMISSION_COUNTDOWN_LIMIT = min(
        SUBMISSION_COUNTDOWN_LIMIT, CELERY_BROKER_TRANSPORT_OPTIONS["visibility_timeout"] / 2
    )
    # Look for messages of dead workers every this many seconds (kombu scans only every
    # tenth tick by default, i.e. every 100 s).
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_interval"] = env_int(
        "CELERY_UNACKED_RESTORE_INTERVAL", 10
    )
    CELERY_BROKER_TRANSPORT_OPTIONS["unacked_restore_throttle"] = 1
# The sweep sends what no message is on its way for: queued while the broker was down,
# waits longer than the countdown limit, leases of dead workers.
SUBMISSION_SWEEP_INTERVAL = _env_seconds("SUBMISSION_SWEEP_INTERVAL", 10)
SUBMISSION_SWEEP_STALE_AFTER = _env_seconds("SUBMISSION_SWEEP_STALE_AFTER", 60)
if SUBMISSION_SWEEP_INTERVAL > 0:
    CELERY_BEAT_SCHEDULE["submissions-sweep"] = {
        "task": "assistants.submissions_sweep",
        "schedule": SUBMISSION_SWEEP_INTERVAL,
        # A sweep nobody ran in time is replaced by the next one, not queued behind it.
        "options": {"expires": SUBMISSION_SWEEP_INTERVAL},
    }
# "Check live" on a schedule: every this many seconds each live draft's assistant is read
# back and drift is flagged on the list. Off (0) by default: it costs one GET per assistant.
DRIFT_CHECK_INTERVAL = _env_seconds("DRIFT_CHECK_INTERVAL", 0)
if DRIFT_CHECK_INTERVAL > 0:
    CELERY_BEAT_SCHEDULE["drift-check"] = {
        "task": "assistants.drift_check",
        "schedule": DRIFT_CHECK_INTERVAL,
        "options": {"expires": DRIFT_CHECK_INTERVAL},
    }

# --- Directory sync from the platform (directory/sync.py) --------------------------------
# Every connection's directory is synced this often (seconds); 0 turns the schedule off and
# leaves "Sync now". Hourly: people and stores change daily, and a sync of 10,000 people
# reads 100 pages.
DIRECTORY_SYNC_INTERVAL = _env_seconds("DIRECTORY_SYNC_INTERVAL", 3600)
DIRECTORY_SYNC_PAGE_SIZE = env_int("DIRECTORY_SYNC_PAGE_SIZE", 100)  # the SDK's "max 100"
DIRECTORY_SYNC_TRIES = env_int("DIRECTORY_SYNC_TRIES", 4)  # per page
DIRECTORY_SYNC_BACKOFF = float(env_str("DIRECTORY_SYNC_BACKOFF", "0.5"))  # doubles per try
DIRECTORY_SYNC_MAX_WAIT = _env_seconds("DIRECTORY_SYNC_MAX_WAIT", 60)  # longest Retry-After
# The largest picture (decoded) accepted for an assistant's own icon (icon_data).
ICON_DATA_MAX_BYTES = env_int("ICON_DATA_MAX_BYTES", 256 * 1024)
# Suggestions an id picker shows at most per keystroke.
DIRECTORY_SUGGEST_LIMIT = env_int("DIRECTORY_SUGGEST_LIMIT", 10)
# Icon and avatar pictures a sync copies from the platform (directory/images.py): the largest
# accepted, and how many thumbnails the editor's gallery shows before asking for a search.
DIRECTORY_IMAGE_MAX_BYTES = env_int("DIRECTORY_IMAGE_MAX_BYTES", 256 * 1024)
DIRECTORY_GALLERY_LIMIT = env_int("DIRECTORY_GALLERY_LIMIT", 48)
DIRECTORY_SYNC_STALE_AFTER = _env_seconds("DIRECTORY_SYNC_STALE_AFTER", 1800)
if DIRECTORY_SYNC_INTERVAL > 0:
    CELERY_BEAT_SCHEDULE["directory-sync"] = {
        "task": "directory.sync_due",
        "schedule": DIRECTORY_SYNC_INTERVAL,
        "options": {"expires": DIRECTORY_SYNC_INTERVAL},
    }

# --- Sandbox upstream -------------------------------------------------------------------
SANDBOX_PORT = env_int("SANDBOX_PORT", 8765)
SANDBOX_URL = env_str("SANDBOX_URL", f"http://127.0.0.1:{SANDBOX_PORT}")
# Comma-separated `key=org_id` pairs: the organisation each API key may act for.
SANDBOX_API_KEYS = env_str("SANDBOX_API_KEYS", "sk-sandbox-demo=org_demo")
# The demo MCP server (sandbox/mcp_demo.py) `make run` starts; a token, when set, is required.
MCP_DEMO_PORT = env_int("MCP_DEMO_PORT", 8766)
MCP_DEMO_URL = env_str("MCP_DEMO_URL", f"http://127.0.0.1:{MCP_DEMO_PORT}/mcp")
MCP_DEMO_TOKEN = env_str("MCP_DEMO_TOKEN", "")

# --- MCP discovery (assistants/mcp.py) ----------------------------------------------------
# Seconds for "Test connection" and "Connect and list tools": to connect, and for the whole
# conversation with the server. Short: a person is waiting for the answer.
MCP_CONNECT_TIMEOUT = _env_seconds("MCP_CONNECT_TIMEOUT", 5)
MCP_DISCOVERY_TIMEOUT = _env_seconds("MCP_DISCOVERY_TIMEOUT", 15)

# How many people the sandbox lists for an organisation (its demo directory; see
# sandbox/directory_data.py). POST /_directory changes it per organisation.
SANDBOX_DIRECTORY_PEOPLE = env_int("SANDBOX_DIRECTORY_PEOPLE", 320)

# --- The demo organisation that `make run` sets up ----------------------------------------
DEMO_ORGANIZATION_NAME = env_str("DEMO_ORGANIZATION_NAME", "Demo Organisation")
DEMO_ORGANIZATION_UPSTREAM_ID = env_str("DEMO_ORGANIZATION_UPSTREAM_ID", "org_demo")
DEMO_ADMIN_USERNAME = env_str("DEMO_ADMIN_USERNAME", "admin")
DEMO_ADMIN_PASSWORD = env_str("DEMO_ADMIN_PASSWORD", "assistant-builder")

# --- Outbound requests ------------------------------------------------------------------
# Connection base URLs and MCP server URLs (assistants/outbound.py). Private, loopback and
# link-local destinations are refused unless allowed here; development allows them (the
# sandbox runs on loopback).
OUTBOUND_ALLOW_PRIVATE = env_bool("OUTBOUND_ALLOW_PRIVATE", DEBUG)
OUTBOUND_ALLOWLIST = [host.lower() for host in env_list("OUTBOUND_ALLOWLIST", [])]
# A health ping (a real task) per organisation at most this often; asking sooner shows the
# last one instead of queuing another.
HEALTH_PING_MIN_INTERVAL = _env_seconds("HEALTH_PING_MIN_INTERVAL", 10)
# Directory CSV uploads: imported by a worker (directory/csv_import.py), within these bounds.
DIRECTORY_CSV_MAX_BYTES = env_int("DIRECTORY_CSV_MAX_BYTES", 10_000_000)
DIRECTORY_CSV_MAX_ROWS = env_int("DIRECTORY_CSV_MAX_ROWS", 100_000)

# --- Content Security Policy ------------------------------------------------------------
# https://django-csp.readthedocs.io/ — no inline scripts or styles anywhere: htmx comes from
# static files, its indicator styles are switched off in base.html, and the API docs use the
# Swagger view that loads its script from a URL.
from csp.constants import NONE, SELF  # noqa: E402

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    }
}

# --- Production hardening ---------------------------------------------------------------
if not DEBUG:
    SESSION_COOKIE_SECURE = env_bool("SESSION_COOKIE_SECURE", True)
    CSRF_COOKIE_SECURE = env_bool("CSRF_COOKIE_SECURE", True)
    SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", True)
    SECURE_HSTS_SECONDS = env_int("SECURE_HSTS_SECONDS", 60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "INFO")},
    "loggers": {"pgserver": {"level": "WARNING"}},
}
