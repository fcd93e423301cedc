"""`make run` fills the demo organisation's directory: the sandbox's demo assistants exist,
and a sync queued for the real worker fills every picker before anyone types anything."""

import pytest
from django.core.management import call_command

from assistants.models import Organization
from directory.demo import demo_directory_prepare
from directory.models import DirectoryEntry, SyncRun
from tests.processes import wait_until
from tests.sandbox.support import API_KEYS


@pytest.fixture
def demo(transactional_db, sandbox, settings):
    settings.SANDBOX_URL = sandbox
    settings.SANDBOX_API_KEYS = API_KEYS
    call_command(
        "create_organization",
        settings.DEMO_ORGANIZATION_NAME,
        upstream_id="org_demo",
        admin="admin",
        password="pw-admin-123456",
    )
    call_command("demo_setup")
    return Organization.objects.get(upstream_id="org_demo")


def test_make_run_syncs_the_demo_directory_through_the_worker(demo, worker):
    said = demo_directory_prepare()

    assert "Syncing the demo directory" in said
    run = SyncRun.objects.get()
    wait_until(lambda: SyncRun.objects.get(pk=run.pk).status == "done", 60, "the sync to finish")
    entries = DirectoryEntry.objects.filter(organization=demo)
    assert entries.filter(kind="users").count() == 320
    assert set(entries.filter(kind="assistants").values_list("name", flat=True)) >= {
        "HR Helpdesk",
        "Payroll Assistant",
        "IT Support",
        "Sales Coach",
    }
    assert entries.filter(kind="roles").count() == 12
    # Run again (a second `make run`): nothing is added twice upstream or here.
    demo_directory_prepare()
    second = SyncRun.objects.exclude(pk=run.pk).get()
    wait_until(lambda: SyncRun.objects.get(pk=second.pk).status == "done", 60, "the second sync")
    assert entries.filter(kind="assistants").count() == 4
