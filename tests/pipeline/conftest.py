"""The submission pipeline against the sandbox over real HTTP, with real worker processes.

Waits are shortened (backoff from 0.2 s, 3 s read timeout, 6 s lease) in this process and in
the workers alike, so the suite runs in well under the time real settings would take.
"""

import itertools
import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
import pytest
from django.conf import settings as django_settings
from django.db import transaction

from assistants import crypto
from assistants.models import Connection, Draft, Organization, Submission
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from assistants.services.submissions import submission_start
from config.celery import app as celery_app
from tests.processes import celery_worker, wait_until
from tests.sandbox.support import DEMO_KEY

DIALECTS = ["aitronos", "openai", "openai_v1"]
PIPELINE_ENV = {
    "SUBMISSION_BACKOFF_BASE": "0.2",
    "SUBMISSION_BACKOFF_MAX": "2",
    "SUBMISSION_CONNECT_TIMEOUT": "2",
    "SUBMISSION_READ_TIMEOUT": "3",
    "SUBMISSION_LEASE_SECONDS": "6",
    "SUBMISSION_AMBIGUOUS_SETTLE": "0.5",
    "SUBMISSION_SWEEP_STALE_AFTER": "3",
    "SUBMISSION_MAX_TRIES": "6",
    # Long enough for the slow-create faults below (5 s), short enough for a quick suite.
    "SUBMISSION_SETTLE_WINDOW": "15",
}


@pytest.fixture(autouse=True)
def pipeline_settings(settings) -> None:
    """The same short waits in this process as in the workers."""
    for name, value in PIPELINE_ENV.items():
        setattr(settings, name, int(value) if name == "SUBMISSION_MAX_TRIES" else float(value))


@pytest.fixture
def organization(db) -> Organization:
    # The organisation the sandbox's demo key may act for.
    return Organization.objects.create(name="Demo", slug="demo", upstream_id="org_demo")


def all_but_one_in_make_faults(kept: str, values: list[str]) -> list:
    """Parameters of a long fault case: `kept` runs in `make test`, the others only in `make
    faults` (marker `faults`, deselected from every other run by tests/conftest.py)."""
    assert kept in values
    return [
        value if value == kept else pytest.param(value, marks=pytest.mark.faults)
        for value in values
    ]


# --- Processes -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def pipeline_worker(django_db_setup, tmp_path_factory):
    """One worker for a module's tests (starting one takes seconds), with short waits.

    Two processes, so two deliveries of one message can really run at once.
    """
    child = celery_worker(
        tmp_path_factory.mktemp("worker"), name="pipeline", concurrency=2, **PIPELINE_ENV
    )
    yield child
    child.stop()


@pytest.fixture
def pipeline(transactional_db, sandbox, pipeline_worker) -> str:
    """Sandbox and worker, on a database both can see (no test transaction): the sandbox URL."""
    return sandbox


# --- Data ------------------------------------------------------------------------------------


def config_for(name: str, **extra: Any) -> dict[str, Any]:
    """A configuration every dialect can send."""
    return {
        "name": name,
        "default_model_key": "gpt-4o",
        "instructions": "You help with maths, one step at a time.",
        **extra,
    }


@pytest.fixture
def make_connection(organization):
    def make(base: str, dialect: str, *, key: str = DEMO_KEY, name: str = "") -> Connection:
        name = name or f"Sandbox {dialect}"
        existing = Connection.objects.filter(organization=organization, name=name).first()
        if existing is not None:
            return existing
        return connection_create(
            organization=organization,
            name=name,
            dialect=dialect,
            base_url=f"{base}/{dialect}",
            api_key=key,
            is_default=False,
        )

    return make


@pytest.fixture
def make_draft(organization, admin_user):
    def make(name: str = "Maths Tutor", **extra: Any) -> Draft:
        return draft_create(
            organization=organization, user=admin_user, name=name, config=config_for(name, **extra)
        )

    return make


def submit(draft: Draft, connection: Connection, user, *, tamper=None) -> Submission:
    """submission_start, optionally changing the body to send before it is enqueued.

    `tamper(body)` stands for an upstream whose rules are stricter than ours: the only way
    to get a draft past our own validation and refused upstream.
    """
    if tamper is None:
        return submission_start(draft=draft, connection=connection, user=user)
    with transaction.atomic():  # on_commit waits for the end of this block
        submission = submission_start(draft=draft, connection=connection, user=user)
        body = json.loads(crypto.decrypt(submission.body_encrypted))
        tamper(body)
        submission.body_encrypted = crypto.encrypt(json.dumps(body))
        submission.save(update_fields=["body_encrypted"])
    return submission


def wait_final(submission: Submission, timeout: float = 30) -> Submission:
    def final() -> bool:
        submission.refresh_from_db()
        return submission.is_final

    try:
        wait_until(final, timeout, f"submission {submission.pk} to finish")
    except TimeoutError:
        attempts = list(submission.attempts.values("kind", "outcome", "http_status", "error_code"))
        raise AssertionError(f"Still {submission.status} after {timeout}s: {attempts}") from None
    return submission


# --- The sandbox's view ----------------------------------------------------------------------


def created_count(base: str, dialect: str, name: str) -> int:
    stats = httpx.get(f"{base}/_stats").json()
    return stats["by_dialect"].get(dialect, {}).get("org_demo", {}).get(name, 0)


def posts(base: str, dialect: str) -> list[dict[str, Any]]:
    """The create requests the sandbox answered (or dropped)."""
    journal = httpx.get(f"{base}/_requests").json()
    entries = journal["requests"] if isinstance(journal, dict) else journal
    return [
        e for e in entries if e["method"] == "POST" and e["path"] == f"/{dialect}/v1/assistants"
    ]


def gaps(attempts) -> list[float]:
    """Seconds between the end of each attempt and the start of the next."""
    return [
        (later.started_at - earlier.finished_at).total_seconds()
        for earlier, later in itertools.pairwise(attempts)
    ]


# --- The broker ------------------------------------------------------------------------------


@contextmanager
def publishing_to(url: str) -> Iterator[None]:
    """Make this process publish to another broker (a dead one, or Redis) for a while."""
    conf = celery_app.conf
    saved = (conf.broker_url, conf.broker_transport, conf.broker_transport_options)
    # Celery reads CELERY_BROKER_URL from the environment before its own settings.
    saved_env = os.environ.pop("CELERY_BROKER_URL", None)
    conf.broker_url, conf.broker_transport, conf.broker_transport_options = url, None, {}
    _forget_connections()
    try:
        yield
    finally:
        conf.broker_url, conf.broker_transport, conf.broker_transport_options = saved
        if saved_env is not None:
            os.environ["CELERY_BROKER_URL"] = saved_env
        _forget_connections()


def _forget_connections() -> None:
    # Celery caches its connection and producer pools; drop them so the new URL is used.
    celery_app._pool = None
    celery_app.amqp._producer_pool = None


@pytest.fixture
def redis_url() -> str:
    """A reachable Redis broker, or skip: only Redis redelivers a dead worker's message."""
    import redis

    url = django_settings.CELERY_BROKER_URL
    if not url.startswith("redis://"):
        url = os.environ.get("PIPELINE_REDIS_URL", "redis://127.0.0.1:6379/14")
    try:
        redis.Redis.from_url(url, socket_connect_timeout=1).ping()
    except redis.RedisError:
        pytest.skip(
            f"No Redis at {url}: redelivering a killed worker's message needs a Redis broker "
            "(the filesystem transport cannot). CI has one; set PIPELINE_REDIS_URL to use yours."
        )
    return url
