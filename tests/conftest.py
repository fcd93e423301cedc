import os

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from hypothesis import Phase
from hypothesis import settings as hypothesis_settings

from assistants.models import Membership, Organization, Role
from tests import processes

# Property tests: a bounded run in `make test`, a long one in `make property`. Examples are
# slow (each saves a draft through the web client), so no per-example deadline.
hypothesis_settings.register_profile("ci", max_examples=25, deadline=None)
hypothesis_settings.register_profile("long", max_examples=400, deadline=None)
# For working on a failure: few examples, reported as drawn (shrinking them takes minutes).
hypothesis_settings.register_profile(
    "quick", max_examples=10, deadline=None, phases=[Phase.explicit, Phase.reuse, Phase.generate]
)
hypothesis_settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """New passwords are hashed with MD5 in this process: Django's default (PBKDF2, over a
    million iterations) costs about half a second of CPU for every user a test creates and
    every password a sign-in checks, hundreds of times a run. No test is about the algorithm;
    the application keeps Django's default, and so do the child processes tests start: a
    user made here who signs in at one of them is hashed with the default there (see
    tests/browser/test_first_time_hr.py). The default hashers stay listed, so passwords
    hashed by them still verify."""
    from django.conf import global_settings
    from django.test.utils import override_settings

    hashers = ["django.contrib.auth.hashers.MD5PasswordHasher", *global_settings.PASSWORD_HASHERS]
    with override_settings(PASSWORD_HASHERS=hashers):
        yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Throttles count in the cache (DRF's, e.g. failed API tokens): each test starts at 0."""
    from django.core.cache import cache

    cache.clear()
    yield


@pytest.fixture
def organization(db) -> Organization:
    return Organization.objects.create(name="Acme", slug="acme", upstream_id="org_acme")


@pytest.fixture
def other_organization(db) -> Organization:
    return Organization.objects.create(name="Globex", slug="globex", upstream_id="org_globex")


def make_member(organization: Organization, username: str, role: str = Role.ADMIN):
    user = get_user_model().objects.create_user(username=username, password="pw-" + username)
    Membership.objects.create(user=user, organization=organization, role=role)
    return user


@pytest.fixture
def admin_user(organization):
    return make_member(organization, "alice", Role.ADMIN)


@pytest.fixture
def editor_user(organization):
    return make_member(organization, "eddie", Role.EDITOR)


@pytest.fixture
def viewer_user(organization):
    return make_member(organization, "vera", Role.VIEWER)


@pytest.fixture
def admin_client(admin_user) -> Client:
    client = Client()
    client.force_login(admin_user)
    return client


@pytest.fixture
def worker(transactional_db, tmp_path_factory):
    """A real Celery worker process consuming from the real broker, on the test database."""
    child = processes.celery_worker(tmp_path_factory.mktemp("worker"))
    yield child
    child.stop()


# --- Browser -----------------------------------------------------------------------------
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session")
def sandbox_server(django_db_setup, tmp_path_factory):
    """One sandbox process for the whole run, on the test database (starting one takes
    seconds; tests share it through `sandbox`, which empties it before each test).

    django_db_setup only creates the test database when some collected test is marked
    django_db; start_sandbox (through child_env) refuses to run on any other database.
    """
    import httpx

    from tests.sandbox.support import start_sandbox

    child, base = start_sandbox(tmp_path_factory.mktemp("sandbox"))
    yield base
    if child.alive():
        httpx.post(f"{base}/_reset")  # leave the test database as we found it
    child.stop()


@pytest.fixture
def sandbox(sandbox_server) -> str:
    """The base URL of a sandbox with no assistants, faults or journal."""
    import httpx

    httpx.post(f"{sandbox_server}/_reset").raise_for_status()
    return sandbox_server


@pytest.fixture(scope="session")
def browser():
    import os

    from playwright.sync_api import sync_playwright

    # Playwright's sync API runs an event loop in this thread; the ORM calls made by tests
    # around it are still synchronous and safe.
    os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium"),
            args=CHROMIUM_ARGS,
        )
        yield browser
        browser.close()


@pytest.fixture
def page(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page
    context.close()


def sign_in(page, live_server, username: str, password: str) -> None:
    page.goto(live_server.url + "/accounts/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


# Opt-in markers: their tests run only when `-m` names them (make reliability, make faults).
OPT_IN_MARKERS = ("reliability", "faults")


def pytest_collection_modifyitems(config, items):
    """`make reliability` runs the reliability trials (minutes each) and `make faults` the long
    worker-killing and fault-injection cases whose bounded subset is in `make test`: any run
    whose `-m` does not mention a marker leaves its tests out, as deselected rather than
    skipped."""
    markexpr = config.getoption("markexpr") or ""
    left_out = [marker for marker in OPT_IN_MARKERS if marker not in markexpr]
    if not left_out:
        return
    chosen = [
        item
        for item in items
        if not any(item.get_closest_marker(marker) is not None for marker in left_out)
    ]
    if len(chosen) != len(items):
        config.hook.pytest_deselected(items=[i for i in items if i not in chosen])
        items[:] = chosen
