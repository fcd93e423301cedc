"""Connectors picked by name: a sync against the real sandbox fills the `connectors` kind with
what `personal_connectors.list_available_connectors` lists (read through the official SDK),
and the MCP rows of the editor offer them in a picker while storing the plain id."""

import re

import httpx
import pytest
from aitronos import Aitronos

from assistants.models import Draft
from assistants.services.drafts import draft_create
from assistants.upstream import _client as upstream_client
from directory.models import DirectoryEntry
from directory.platform import Target, aitronos
from tests.directory.test_sync import connect, sync
from tests.html_forms import as_post_data, section_form
from tests.sandbox.support import DEMO_KEY

pytestmark = pytest.mark.django_db

PREFIX = "mcp-tool_configurations-mcp_tools"


@pytest.fixture
def platform(sandbox):
    httpx.delete(f"{sandbox}/_directory").raise_for_status()
    yield sandbox
    httpx.delete(f"{sandbox}/_directory")


@pytest.fixture(autouse=True)
def quick_retries(settings):
    settings.DIRECTORY_SYNC_BACKOFF = 0.01
    settings.DIRECTORY_SYNC_TRIES = 3


def test_a_sync_fills_connectors_with_the_ids_and_names_the_platform_lists(platform):
    sdk = Aitronos(base_url=f"{platform}/aitronos", api_key=DEMO_KEY, timeout=15)
    listed = sdk.personal_connectors.list_available_connectors(organization_id="org_demo")
    assert listed.connectors, "the sandbox lists connectors"

    run = sync(connect(platform))

    assert run.status == "done", run.progress
    assert run.progress["connectors"]["status"] == "done"
    synced = {
        entry.ident: (entry.name, entry.detail)
        for entry in DirectoryEntry.objects.filter(kind="connectors")
    }
    assert synced == {c.id: (c.display_name, c.category or "") for c in listed.connectors}
    drive = next(c for c in listed.connectors if c.display_name == "Google Drive")
    assert DirectoryEntry.objects.get(kind="connectors", ident=drive.id).extra["tool_key"] == (
        drive.tool_key
    )


def test_connectors_are_read_page_by_page_with_the_sdks_query(platform):
    listed = (
        Aitronos(base_url=f"{platform}/aitronos", api_key=DEMO_KEY, timeout=15)
        .personal_connectors.list_available_connectors(organization_id="org_demo")
        .connectors
    )
    target = Target(
        dialect="aitronos",
        base_url=f"{platform}/aitronos",
        api_key=DEMO_KEY,
        organization_id="org_demo",
        page_size=2,
    )
    httpx.post(f"{platform}/_reset").raise_for_status()

    with upstream_client(None) as client:
        pages = list(aitronos.connectors(client, target))

    assert len(listed) == 5
    assert [len(page) for page in pages] == [2, 2, 1]
    assert [item.ident for page in pages for item in page] == [c.id for c in listed]
    log = httpx.get(f"{platform}/_requests").json()["requests"]
    asked = [e for e in log if "/personal-connectors/available" in e["path"]]
    assert len(asked) == 3


@pytest.fixture
def drive(organization):
    return DirectoryEntry.objects.create(
        organization=organization, kind="connectors", ident="connector_googledrive", name="Drive"
    )


def test_the_mcp_rows_offer_a_connector_picker_and_store_the_picked_id(
    admin_client, organization, admin_user, drive
):
    server = {"server_label": "drive", "type": "mcp", "connector_id": drive.ident}
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Helper",
        config={"tool_configurations": {"mcp_tools": [server]}},
    )
    html = admin_client.get(f"/assistants/{draft.pk}/?section=mcp").content.decode()
    picker = re.search(
        r'<div class="picker" data-picker data-kind="connectors"[^>]*data-single[^>]*>\s*'
        rf'<input type="text" name="{PREFIX}-0-connector_id"[^>]*value="connector_googledrive"',
        html,
    )
    assert picker, "the connector is picked by name in a single-id picker"
    assert "Drive" in html[picker.start() : picker.start() + 3000], "shown by its name"

    action, fields = section_form(html, "mcp")
    other = DirectoryEntry.objects.create(
        organization=organization, kind="connectors", ident="conn_0123456789abcdef", name="Jira"
    )
    response = admin_client.post(
        action, as_post_data(fields, **{f"{PREFIX}-0-connector_id": other.ident})
    )

    assert response.status_code == 302
    stored = Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"]
    assert stored == [{**server, "connector_id": "conn_0123456789abcdef"}]
