"""The environment every part of the benchmark runs in, set before Django is imported.

gunicorn, the Celery worker, the sandbox and this process (which seeds and counts queries)
must agree on settings, so they are all environment variables, set once here and inherited.
"""

import base64
import hashlib
import os
import secrets
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import dj_database_url

REPO = Path(__file__).resolve().parent.parent
DATABASE_NAME = "assistant_builder_bench"
QUICK_DATABASE_NAME = "assistant_builder_bench_quick"
REDIS_BROKER = "redis://127.0.0.1:6379/11"
# Bench-only secrets: the bench database holds nothing but generated data. The Fernet key is
# fixed so connections stored by an earlier run can still be decrypted by the next.
SECRET_KEY = "bench-only-secret-key-not-for-production-" + "x" * 20
FIELD_ENCRYPTION_KEY = base64.urlsafe_b64encode(
    hashlib.sha256(b"assistant-builder-bench").digest()
).decode()


def data_dir(quick: bool) -> Path:
    default = REPO / ".data" / ("bench-quick" if quick else "bench")
    return Path(os.environ.get("DATA_DIR") or default)


def bench_database_url(quick: bool) -> str | None:
    """The server database the bench uses, or None for the embedded one under DATA_DIR.

    BENCH_DATABASE_URL names it outright; otherwise, with DATABASE_URL set, it is a database
    of its own on that server, so the bench never touches anyone's data.
    """
    explicit = os.environ.get("BENCH_DATABASE_URL")
    if explicit:
        return explicit
    shared = os.environ.get("DATABASE_URL")
    if not shared:
        return None
    parts = urlsplit(shared)
    name = QUICK_DATABASE_NAME if quick else DATABASE_NAME
    return urlunsplit(parts._replace(path="/" + name))


def database_create(url: str) -> None:
    """CREATE DATABASE for `url` unless it exists (connecting to the server's `postgres`)."""
    import psycopg
    from psycopg import sql

    settings = dj_database_url.parse(url)
    with psycopg.connect(
        dbname="postgres",
        user=settings["USER"] or None,
        password=settings["PASSWORD"] or None,
        host=settings["HOST"] or None,
        port=settings["PORT"] or None,
        autocommit=True,
    ) as server:
        exists = server.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [settings["NAME"]]
        ).fetchone()
        if not exists:
            server.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(settings["NAME"])))


def redis_reachable(url: str = REDIS_BROKER) -> bool:
    import socket

    parts = urlsplit(url)
    with socket.socket() as sock:
        sock.settimeout(0.5)
        return sock.connect_ex((parts.hostname or "127.0.0.1", parts.port or 6379)) == 0


def prepare(*, quick: bool, static_root: Path) -> dict[str, str]:
    """Set the environment (production-style, on plain http over loopback); return it."""
    values = {
        "DJANGO_SETTINGS_MODULE": "bench.settings",
        "DATA_DIR": str(data_dir(quick)),
        "DEBUG": "0",
        "SECRET_KEY": SECRET_KEY,
        "ALLOWED_HOSTS": "127.0.0.1",
        # Plain http on loopback: no redirect to https, cookies that http may carry.
        "SECURE_SSL_REDIRECT": "0",
        "SESSION_COOKIE_SECURE": "0",
        "CSRF_COOKIE_SECURE": "0",
        "SECURE_HSTS_SECONDS": "0",
        "STATIC_ROOT": str(static_root),
        "FIELD_ENCRYPTION_KEYS": FIELD_ENCRYPTION_KEY,
        # The sandbox the pipeline sends to listens on loopback, which production refuses.
        "OUTBOUND_ALLOWLIST": "127.0.0.1",
        "CELERY_BROKER_URL": REDIS_BROKER if redis_reachable() else "",
        # A queue of this run's own: another benchmark on the machine shares the Redis
        # database, and its worker would otherwise take (and drop) this run's messages.
        "BENCH_CELERY_QUEUE": f"bench-{os.getpid()}-{secrets.token_hex(3)}",
        "PYTHONUNBUFFERED": "1",
    }
    url = bench_database_url(quick)
    if url:
        database_create(url)
        values["DATABASE_URL"] = url
    os.environ.update(values)
    if not values["CELERY_BROKER_URL"]:
        os.environ.pop("CELERY_BROKER_URL")  # settings fall back to the filesystem broker
    return values
