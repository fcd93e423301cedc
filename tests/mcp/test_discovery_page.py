"""The MCP section's "Test connection" and "Connect and list tools", through the web client."""

import re

from assistants.models import Draft
from assistants.services.drafts import draft_create
from tests.html_forms import as_post_data, section_form
from tests.mcp.support import DEMO_TOKEN

PREFIX = "mcp-tool_configurations-mcp_tools"


def row_post(client, draft, *, listing: bool, **fields: str):
    html = client.get(f"/assistants/{draft.pk}/?section=mcp").content.decode()
    _action, posted = section_form(html, "mcp")
    data = as_post_data(
        posted,
        **{
            f"{PREFIX}-TOTAL_FORMS": "1",
            f"{PREFIX}-0-server_label": "helpdesk",
            f"{PREFIX}-0-allowed_mode": "all",
            f"{PREFIX}-0-approval": "always",
            f"{PREFIX}-0-ORDER": "1",
            **{f"{PREFIX}-0-{name}": value for name, value in fields.items()},
        },
    )
    data["row"], data["list"] = [f"{PREFIX}-0"], ["1" if listing else "0"]
    response = client.post(f"/assistants/{draft.pk}/mcp/discover/", data, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    return response.content.decode()


def test_connect_and_list_tools_shows_each_tool_with_suggested_choices(
    admin_client, organization, admin_user, demo_mcp
):
    draft = draft_create(organization=organization, user=admin_user, name="Helpdesk")
    html = row_post(
        admin_client,
        draft,
        listing=True,
        server_url=f"{demo_mcp}/mcp",
        authorization=DEMO_TOKEN,
    )
    assert "It works." in html and "MCP protocol" in html
    rows = dict(re.findall(r'<tr data-tool="([^"]+)">(.*?)</tr>', html, re.S))
    assert set(rows) >= {"search_policies", "delete_ticket"}
    assert "Search policies" in rows["search_policies"] and "Only reads" in rows["search_policies"]
    assert "May delete or overwrite" in rows["delete_ticket"]

    def ask(tool: str) -> bool:
        return bool(re.search(r"data-mcp-ask[^>]*checked", rows[tool]))

    assert not ask("search_policies"), "read-only tools run without asking by default"
    assert ask("delete_ticket"), "destructive tools ask first by default"
    assert DEMO_TOKEN not in html


def test_the_token_saved_for_this_server_is_used_when_the_box_is_empty(
    admin_client, organization, admin_user, demo_mcp
):
    server = {
        "server_label": "helpdesk",
        "type": "mcp",
        "server_url": f"{demo_mcp}/mcp",
        "authorization": DEMO_TOKEN,
    }
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Saved token",
        config={"tool_configurations": {"mcp_tools": [server]}},
    )
    html = row_post(admin_client, draft, listing=False, server_url=f"{demo_mcp}/mcp", original="0")
    assert "It works." in html and "saved for this server" in html
    # The same saved token is not sent to a different address.
    moved = row_post(admin_client, draft, listing=False, server_url=f"{demo_mcp}/sse", original="0")
    assert "Could not connect." in moved and "401" in moved


def test_names_in_the_settings_that_the_server_does_not_offer_are_flagged(
    admin_client, organization, admin_user, demo_mcp
):
    draft = draft_create(organization=organization, user=admin_user, name="Flagged")
    html = row_post(
        admin_client,
        draft,
        listing=True,
        server_url=f"{demo_mcp}/mcp",
        authorization=DEMO_TOKEN,
        allowed_mode="names",
        allowed_names="search_policies\nsearch_polices",
    )
    flagged = html.split("Not on this server:")[1].split("</p>")[0]
    assert "search_polices" in flagged and "search_policies" not in flagged


def test_a_wrong_token_and_a_wrong_url_each_say_what_is_wrong(
    admin_client, organization, admin_user, demo_mcp
):
    draft = draft_create(organization=organization, user=admin_user, name="Wrong")
    wrong_token = row_post(
        admin_client, draft, listing=False, server_url=f"{demo_mcp}/mcp", authorization="nope"
    )
    assert "Could not connect." in wrong_token and "refused the access token" in wrong_token
    wrong_url = row_post(admin_client, draft, listing=False, server_url="mcp.example.com")
    assert "must start with http:// or https://" in wrong_url
    assert Draft.objects.get(pk=draft.pk).config.get("tool_configurations") is None


def test_viewers_cannot_reach_servers_through_the_page(client, organization, viewer_user):
    draft = draft_create(organization=organization, user=viewer_user, name="Viewer's")
    client.force_login(viewer_user)
    response = client.post(f"/assistants/{draft.pk}/mcp/discover/", {"row": f"{PREFIX}-0"})
    assert response.status_code == 403


def test_demo_setup_adds_a_draft_that_uses_the_demo_mcp_server_once(db, settings):
    import io

    from django.core.management import call_command

    from assistants.models import Organization
    from tests.conftest import make_member

    settings.DEMO_ORGANIZATION_NAME, settings.DEMO_ADMIN_USERNAME = "Demo Organisation", "demo"
    settings.SANDBOX_API_KEYS = "sk-sandbox-demo=org_demo"
    settings.MCP_DEMO_URL, settings.MCP_DEMO_TOKEN = "http://127.0.0.1:9/mcp", "demo-tok-123456"
    demo = Organization.objects.create(
        name="Demo Organisation", slug="demo-organisation", upstream_id="org_demo"
    )
    make_member(demo, "demo")
    call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())
    drafts = Draft.objects.filter(organization=demo, name="Help desk (demo MCP server)")
    assert drafts.count() == 1
    server = drafts.get().config["tool_configurations"]["mcp_tools"][0]
    assert (server["server_url"], server["authorization"]) == (
        "http://127.0.0.1:9/mcp",
        "demo-tok-123456",
    )


def test_a_working_server_suggests_its_own_name_for_the_server_name_box(
    admin_client, organization, admin_user, demo_mcp
):
    draft = draft_create(organization=organization, user=admin_user, name="Helpdesk")
    html = row_post(
        admin_client,
        draft,
        listing=False,
        server_label="",
        server_url=f"{demo_mcp}/mcp",
        authorization=DEMO_TOKEN,
    )
    # The demo server calls itself "demo-helpdesk" (title "Demo help desk").
    assert 'data-mcp-label="demo-helpdesk"' in html


def test_a_server_that_cannot_be_reached_suggests_no_name(
    admin_client, organization, admin_user, demo_mcp
):
    draft = draft_create(organization=organization, user=admin_user, name="Helpdesk")
    html = row_post(
        admin_client, draft, listing=False, server_label="", server_url=f"{demo_mcp}/not-mcp"
    )
    assert "data-mcp-label" not in html
