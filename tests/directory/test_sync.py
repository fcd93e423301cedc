"""Directory sync over real HTTP against the sandbox, with the faults a platform has: a 429,
500s, a connection dropped mid-page. Nothing is duplicated, nothing lost, and the next sync
completes what one could not."""

import httpx
import pytest

from assistants.models import Connection, Organization
from audit.models import AuditEvent
from directory.models import DirectoryEntry, SyncRun
from directory.sync import directory_sync, directory_sync_start
from sandbox import directory_data
from tests.sandbox.support import DEMO_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.DIRECTORY_SYNC_BACKOFF = 0.01
    settings.DIRECTORY_SYNC_TRIES = 3


@pytest.fixture
def platform(sandbox):
    httpx.delete(f"{sandbox}/_directory").raise_for_status()
    yield sandbox
    httpx.delete(f"{sandbox}/_directory")


def connect(base: str, dialect: str = "aitronos", prefix: str = "aitronos") -> Connection:
    organization, _ = Organization.objects.get_or_create(
        slug="demo", defaults={"name": "Demo", "upstream_id": "org_demo"}
    )
    connection = Connection(
        organization=organization,
        name=f"Sandbox {dialect}",
        dialect=dialect,
        base_url=f"{base}/{prefix}",
    )
    connection.set_api_key(DEMO_KEY)
    connection.save()
    return connection


def sync(connection: Connection) -> SyncRun:
    run, new = directory_sync_start(connection=connection)
    assert new
    return directory_sync(run_id=run.pk)


def people() -> DirectoryEntry:
    return DirectoryEntry.objects.filter(kind="users")


def fault(base: str, **spec) -> None:
    httpx.post(f"{base}/_directory/faults", json=spec).raise_for_status()


def test_a_sync_fills_every_kind_the_platform_lists(platform):
    connection = connect(platform)

    run = sync(connection)

    assert run.status == "done", run.progress
    counts = {kind: DirectoryEntry.objects.filter(kind=kind).count() for kind in run.progress}
    assert counts["users"] == 320
    assert counts["roles"] == 12
    assert counts["models"] == len(directory_data.MODELS)
    assert counts["vector_stores"] == 6 and counts["rules"] == 8 and counts["icons"] == 12
    assert counts["avatars"] == 6 and counts["streamline_flows"] == 5
    assert set(DirectoryEntry.objects.filter(kind="providers").values_list("ident", flat=True)) == {
        "aitronos",
        "openai",
        "anthropic",
        "mistral",
    }
    jane = people().get(ident=directory_data.person_user_id("org_demo", 0))
    assert jane.detail == "admin@demo.example" and jane.connection == connection
    gpt5 = DirectoryEntry.objects.get(kind="models", ident="gpt-5")
    assert "reasoning" in gpt5.extra["capabilities"] and gpt5.detail == "openai"
    assert run.progress["users"] == {"status": "done", "read": 320, "added": 320, "gone": 0}
    event = AuditEvent.objects.get(action="directory.synced")
    assert event.details["status"] == "done"


def test_syncing_twice_duplicates_nothing_and_updates_names(platform):
    connection = connect(platform)
    sync(connection)
    DirectoryEntry.objects.filter(kind="roles", name="HR Manager").update(name="Old name")

    second = sync(connection)

    assert second.progress["users"]["added"] == 0
    assert people().count() == 320
    assert DirectoryEntry.objects.filter(kind="roles", name="HR Manager").count() == 1


def test_rate_limit_and_errors_mid_pages_are_retried_and_nothing_is_lost(platform):
    connection = connect(platform)
    fault(platform, mode="rate_limit", after=1, path_contains="/users", retry_after=0)
    fault(platform, mode="error", count=2, after=1, path_contains="/users")
    fault(platform, mode="drop", after=1, path_contains="/users")

    run = sync(connection)

    assert run.status == "done", run.progress
    assert people().count() == 320
    assert len(set(people().values_list("ident", flat=True))) == 320
    log = httpx.get(f"{platform}/_requests").json()["requests"]
    users = [entry for entry in log if "/users" in entry["path"]]
    assert [e["fault"] for e in users if e["fault"]] == ["rate_limit", "error", "error", "drop"]


def test_a_kind_that_keeps_failing_keeps_what_it_read_and_the_next_sync_completes_it(platform):
    connection = connect(platform)
    # Page 1 and 2 of people arrive, then page 3 fails more often than the sync retries.
    fault(platform, mode="error", count=3, after=2, path_contains="/users")

    first = sync(connection)

    assert first.status == "partial"
    assert first.progress["users"]["status"] == "failed"
    assert first.progress["roles"]["status"] == "done"
    assert people().count() == 200  # what was read is kept…
    assert "next sync completes it" in first.message
    assert not people().filter(gone_at__isnull=False).exists()  # …and nothing marked gone

    second = sync(connection)

    assert second.status == "done"
    assert people().count() == 320
    assert second.progress["users"]["added"] == 120


def test_a_dropped_connection_on_every_try_fails_the_kind_not_the_run(platform):
    connection = connect(platform)
    fault(platform, mode="drop", count=3, path_contains="/roles")

    run = sync(connection)

    assert run.status == "partial"
    assert run.progress["roles"]["status"] == "failed"
    assert "connection" in run.progress["roles"]["error"].lower()
    assert people().count() == 320


def test_people_who_leave_are_kept_and_marked_no_longer_on_the_platform(platform):
    connection = connect(platform)
    sync(connection)
    httpx.post(f"{platform}/_directory", json={"organization_id": "org_demo", "left": [5, 6]})

    run = sync(connection)

    assert run.progress["users"]["gone"] == 2
    gone = people().filter(gone_at__isnull=False)
    assert set(gone.values_list("ident", flat=True)) == {
        directory_data.person_user_id("org_demo", 5),
        directory_data.person_user_id("org_demo", 6),
    }
    assert people().count() == 320  # kept, not deleted
    httpx.post(f"{platform}/_directory", json={"organization_id": "org_demo", "left": []})
    sync(connection)
    assert not people().filter(gone_at__isnull=False).exists()  # back: listed again


def test_a_second_sync_now_joins_the_open_one(platform):
    connection = connect(platform)
    first, new = directory_sync_start(connection=connection)
    again, new_again = directory_sync_start(connection=connection)
    assert new and not new_again and again.pk == first.pk


def test_openai_shapes_sync_models_and_vector_stores(platform):
    v2 = connect(platform, "openai", "openai")
    run = sync(v2)
    assert run.status == "done", run.progress
    assert DirectoryEntry.objects.filter(kind="vector_stores").count() == 6
    assert DirectoryEntry.objects.filter(kind="models", ident="gpt-4o").exists()
    v1 = connect(platform, "openai_v1", "openai_v1")
    assert sync(v1).status == "done"
    assert list(sync(v1).progress) == ["models"]


def test_a_refused_key_fails_the_run_with_the_platforms_words(platform):
    connection = connect(platform)
    connection.set_api_key("sk-not-a-real-key")
    connection.save()

    run = sync(connection)

    assert run.status == "failed"
    assert "401" in run.progress["users"]["error"]
    assert not DirectoryEntry.objects.exists()
