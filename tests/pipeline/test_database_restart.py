"""A database that dropped the web's pooled connections (a PostgreSQL restart) costs no 500.

A real web process (runserver, one thread so one pooled connection) answers a request that
reads the database; its server-side connection is then terminated from here, as a restart
would, and the next request must still be answered (CONN_HEALTH_CHECKS).
"""

import sys

import httpx
import pytest
from django.db import connection

from tests.processes import REPO, ChildProcess, child_env, free_port, port_open

APPLICATION = "ab-web-under-test"


@pytest.fixture
def web(transactional_db, tmp_path):
    port = free_port()
    env = child_env()
    env["DATABASE_URL"] += f"?application_name={APPLICATION}"
    command = [
        sys.executable,
        str(REPO / "manage.py"),
        "runserver",
        "--noreload",
        "--nothreading",
        f"127.0.0.1:{port}",
    ]
    child = ChildProcess("web", command, env, tmp_path)
    child.wait_ready(lambda: port_open(port), timeout=60)
    yield f"http://127.0.0.1:{port}"
    child.stop()


def _terminate_web_connections() -> int:
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity "
            "WHERE application_name = %s AND pid <> pg_backend_pid()",
            [APPLICATION],
        )
        return cursor.fetchone()[0]


def test_the_first_request_after_the_database_dropped_the_connection_is_not_a_500(web):
    # A request that reads the database: a bearer token is looked up there.
    headers = {"Authorization": "Bearer ab_not-a-real-token"}
    first = httpx.get(f"{web}/api/v1/drafts/", headers=headers, timeout=30)
    assert first.status_code in (401, 403)

    assert _terminate_web_connections() == 1, "the web kept one pooled connection"

    after = httpx.get(f"{web}/api/v1/drafts/", headers=headers, timeout=30)
    assert after.status_code == first.status_code, after.text[:500]
