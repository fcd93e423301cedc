import httpx
import pytest

from tests.sandbox.support import start_sandbox


@pytest.fixture(scope="module")
def sandbox_server(django_db_setup, tmp_path_factory):
    """One sandbox process per test module, on the test database.

    django_db_setup only creates the test database when some collected test is marked
    django_db (the modules here are); start_sandbox refuses to run on any other database.
    """
    child, base = start_sandbox(tmp_path_factory.mktemp("sandbox"))
    yield base
    if child.alive():
        httpx.post(f"{base}/_reset")  # leave the test database as we found it
    child.stop()


@pytest.fixture
def sandbox(sandbox_server) -> str:
    """The base URL of a sandbox with no assistants, faults or journal."""
    httpx.post(f"{sandbox_server}/_reset").raise_for_status()
    return sandbox_server
