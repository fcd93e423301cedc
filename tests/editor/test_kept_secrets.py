"""A secret typed into a form that fails validation is kept for that form, never shown."""

import re

from assistants.models import Connection, Draft
from assistants.services.drafts import draft_create
from tests.html_forms import as_post_data, section_form

PREFIX = "mcp-tool_configurations-mcp_tools"
TOKEN = "tok-typed-before-a-mistake-4242"
HEADER = "hdr-typed-before-a-mistake-7777"


def mcp_form(client, draft):
    html = client.get(f"/assistants/{draft.pk}/?section=mcp").content.decode()
    return section_form(html, "mcp")


def server_row(fields, *, url: str, token: str = "", header: str = "", label: str = "drive"):
    data = as_post_data(
        fields,
        **{
            f"{PREFIX}-TOTAL_FORMS": "1",
            f"{PREFIX}-0-server_label": label,
            f"{PREFIX}-0-server_url": url,
            f"{PREFIX}-0-allowed_mode": "all",
            f"{PREFIX}-0-approval": "never",
            f"{PREFIX}-0-ORDER": "1",
            f"{PREFIX}-0-authorization": token,
        },
    )
    data[f"{PREFIX}-0-headers__key"] = ["X-Team-Key"]
    data[f"{PREFIX}-0-headers__value"] = [header]
    return data


def attributes(html: str) -> str:
    """Every attribute value in the page: where a secret must never appear."""
    return "\n".join(re.findall(r'=\s*"([^"]*)"', html))


def test_a_token_and_header_typed_before_an_error_are_kept_and_never_shown(
    admin_client, organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Kept")
    action, fields = mcp_form(admin_client, draft)
    wrong = server_row(fields, url="ftp://files.example", token=TOKEN, header=HEADER)
    response = admin_client.post(action, wrong, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "http:// or https://" in html, "the mistake is explained"
    assert TOKEN not in html and HEADER not in html, "secrets are never rendered back"
    assert TOKEN not in attributes(html) and HEADER not in attributes(html)
    assert "kept for this form but not shown" in html
    assert "Kept from your last try (not shown)" in html
    assert "tool_configurations" not in Draft.objects.get(pk=draft.pk).config

    # The person fixes the URL and saves, leaving the secret boxes empty as the page shows.
    fixed = server_row(fields, url="https://mcp.example/mcp")
    assert admin_client.post(action, fixed).status_code == 302
    server = Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"][0]
    assert server["authorization"] == TOKEN
    assert server["headers"] == {"X-Team-Key": HEADER}


def test_a_kept_token_goes_only_to_the_server_it_was_typed_for(
    admin_client, organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Elsewhere")
    action, fields = mcp_form(admin_client, draft)
    admin_client.post(action, server_row(fields, url="ftp://files.example", token=TOKEN))
    other = server_row(fields, url="https://other.example/mcp", label="another server")
    assert admin_client.post(action, other).status_code == 302
    server = Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"][0]
    assert "authorization" not in server


def test_a_kept_token_is_forgotten_once_saved_and_removing_it_still_works(
    admin_client, organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Forget")
    action, fields = mcp_form(admin_client, draft)
    admin_client.post(action, server_row(fields, url="ftp://files.example", token=TOKEN))
    admin_client.post(action, server_row(fields, url="https://mcp.example/mcp"))
    action, fields = mcp_form(admin_client, Draft.objects.get(pk=draft.pk))
    removal = server_row(fields, url="https://mcp.example/mcp")
    removal[f"{PREFIX}-0-clear_authorization"] = ["on"]
    assert admin_client.post(action, removal).status_code == 302
    server = Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"][0]
    assert "authorization" not in server


def test_a_connection_key_typed_before_an_error_is_kept_and_never_shown(admin_client):
    key = "sk-typed-before-a-mistake-1234"
    form = {"name": "Prod", "dialect": "aitronos", "api_key": key}
    response = admin_client.post(
        "/connections/new/", {**form, "base_url": "https://api.example.com/v1/assistants"}
    )
    html = response.content.decode()
    assert response.status_code == 422
    assert key not in html
    assert "kept for this form but not shown" in html
    response = admin_client.post(
        "/connections/new/", {**form, "api_key": "", "base_url": "https://api.example.com"}
    )
    assert response.status_code == 302
    assert Connection.objects.get(name="Prod").api_key == key


def test_a_template_says_which_secrets_it_left_out(admin_client, organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="Shared")
    action, fields = mcp_form(admin_client, draft)
    admin_client.post(
        action, server_row(fields, url="https://mcp.example/mcp", token=TOKEN, header=HEADER)
    )
    response = admin_client.post(
        f"/assistants/{draft.pk}/save-template/", {"name": "Shared helper"}, follow=True
    )
    html = response.content.decode()
    assert "the access token of “drive”" in html
    assert "header X-Team-Key of “drive”" in html
    assert TOKEN not in html and HEADER not in html
