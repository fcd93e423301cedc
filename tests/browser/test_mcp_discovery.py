"""In Chromium: add the demo MCP server to a draft, test it, pick its tools, save, reload."""

import json
import os
from pathlib import Path

import pytest
from playwright.sync_api import expect

from assistants.models import Draft
from assistants.services.drafts import draft_create
from tests.browser.sections import editor_section
from tests.conftest import sign_in
from tests.mcp.support import DEMO_TOKEN, start_demo

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def demo_mcp(tmp_path_factory) -> str:
    child, base = start_demo(tmp_path_factory.mktemp("mcp-demo"))
    yield base
    child.stop()


@pytest.fixture
def shots(tmp_path) -> Path:
    """Where the screenshots go: SCREENSHOTS_DIR (make screenshots) or a temp folder."""
    return Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)


def mcp_row(page, live_server, draft):
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=mcp")
    area = editor_section(page, "mcp")
    area.get_by_role("button", name="Add a row to MCP servers").click()
    return area, area.locator("[data-row]").last


def test_a_person_adds_the_demo_server_picks_two_tools_and_the_preview_carries_them(
    page, live_server, transactional_db, organization, admin_user, demo_mcp, shots
):
    draft = draft_create(organization=organization, user=admin_user, name="Help desk")
    area, row = mcp_row(page, live_server, draft)
    row.get_by_label("Server name").fill("helpdesk")
    row.get_by_label("Server URL").fill(f"{demo_mcp}/mcp")
    row.get_by_label("Access token").fill(DEMO_TOKEN)

    row.get_by_role("button", name="Test connection").click()
    expect(row.locator(".mcp-result")).to_contain_text("It works.")
    expect(row.locator(".mcp-result")).to_contain_text("MCP protocol")

    row.get_by_role("button", name="Connect and list tools").click()
    table = row.locator("[data-mcp-tools]")
    expect(table.locator("tr[data-tool]")).to_have_count(5)
    wanted = {"search_policies", "delete_ticket"}
    for tool in table.locator("tr[data-tool]").all():
        allow = tool.locator("[data-mcp-allow]")
        allow.check() if tool.get_attribute("data-tool") in wanted else allow.uncheck()
    delete = table.locator("tr[data-tool='delete_ticket']")
    expect(delete).to_contain_text("May delete or overwrite")
    expect(delete.locator("[data-mcp-ask]")).to_be_checked()  # the annotation's default
    expect(table.locator("tr[data-tool='search_policies'] [data-mcp-ask]")).not_to_be_checked()
    delete.locator("[data-mcp-ask]").check()
    row.get_by_role("button", name="Use these choices").click()
    expect(row.locator("[data-mcp-applied]")).to_contain_text("2 tools allowed")
    row.screenshot(path=str(shots / "mcp-tools-picked.png"))

    area.get_by_role("button", name="Save").click()
    area.locator(".saved").wait_for()
    page.reload()
    body = json.loads(page.locator("[data-preview-body]").inner_text())
    server = body["tool_configurations"]["mcp_tools"][0]
    assert server["allowed_tools"] == ["search_policies", "delete_ticket"]
    assert server["require_approval"] == {
        "always": {"tool_names": ["delete_ticket"]},
        "never": {"tool_names": ["search_policies"]},
    }
    assert DEMO_TOKEN not in page.content(), "the preview masks the token"
    stored = Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"][0]
    assert stored["authorization"] == DEMO_TOKEN
    page.screenshot(path=str(shots / "mcp-saved-preview.png"), full_page=True)


def test_a_wrong_token_and_a_wrong_url_each_give_a_clear_message(
    page, live_server, transactional_db, organization, admin_user, demo_mcp, shots
):
    draft = draft_create(organization=organization, user=admin_user, name="Wrong ones")
    _area, row = mcp_row(page, live_server, draft)
    row.get_by_label("Server name").fill("helpdesk")
    row.get_by_label("Server URL").fill(f"{demo_mcp}/mcp")
    row.get_by_label("Access token").fill("not-the-token")
    row.get_by_role("button", name="Test connection").click()
    result = row.locator(".mcp-result")
    expect(result).to_contain_text("Could not connect.")
    expect(result).to_contain_text("refused the access token (401)")
    row.screenshot(path=str(shots / "mcp-wrong-token.png"))

    row.get_by_label("Server URL").fill("mcp.example.com")
    row.get_by_role("button", name="Test connection").click()
    expect(result).to_contain_text("must start with http:// or https://")
    row.get_by_label("Server URL").fill(f"{demo_mcp}/not-mcp")
    row.get_by_label("Access token").fill(DEMO_TOKEN)
    row.get_by_role("button", name="Test connection").click()
    expect(result).to_contain_text("not an MCP server")
    row.screenshot(path=str(shots / "mcp-wrong-url.png"))


def test_the_server_name_is_filled_from_the_server_itself_unless_one_was_typed(
    page, live_server, transactional_db, organization, admin_user, demo_mcp
):
    draft = draft_create(organization=organization, user=admin_user, name="Named by server")
    _area, row = mcp_row(page, live_server, draft)
    row.get_by_label("Server URL").fill(f"{demo_mcp}/mcp")
    row.get_by_label("Access token").fill(DEMO_TOKEN)
    row.get_by_role("button", name="Test connection").click()
    expect(row.locator(".mcp-result")).to_contain_text("It works.")
    expect(row.get_by_label("Server name")).to_have_value("demo-helpdesk")

    row.get_by_label("Server name").fill("helpdesk")
    row.get_by_role("button", name="Connect and list tools").click()
    expect(row.locator("[data-mcp-tools] tr[data-tool]")).to_have_count(5)
    expect(row.get_by_label("Server name")).to_have_value("helpdesk")
