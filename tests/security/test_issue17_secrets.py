"""Issue 17, secrets: bound to where they are sent (1), never shown in compare (3) or echoed
in a page's attributes (4), and stored in an envelope that typed text cannot imitate (5)."""

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from rest_framework.test import APIClient

from api.tokens import token_create
from assistants.models import Draft
from assistants.services.connections import connection_create, connection_update
from assistants.services.drafts import draft_create, draft_update_section
from tests.html_forms import as_post_data, section_form

TOKEN = f"tok-{uuid.uuid4().hex}"
HEADER = f"hdr-{uuid.uuid4().hex}"
PREFIX = "mcp-tool_configurations-mcp_tools"


def mcp_config(url: str = "https://mcp.example/sse", **server) -> dict:
    return {
        "tool_configurations": {
            "mcp_tools": [
                {
                    "server_label": "drive",
                    "type": "mcp",
                    "server_url": url,
                    "authorization": TOKEN,
                    "headers": {"X-Team-Key": HEADER},
                    "require_approval": "never",
                    **server,
                }
            ]
        }
    }


@pytest.fixture
def saved(organization, admin_user) -> Draft:
    return draft_create(
        organization=organization, user=admin_user, name="Drive", config=mcp_config()
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def api_for(user) -> APIClient:
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=user, name='t')[1]}")
    return api


def server_of(draft: Draft) -> dict:
    return Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"][0]


# --- 1. A saved secret cannot be steered to another host ---------------------------------


def test_an_editor_moving_the_server_in_the_browser_does_not_take_the_saved_secrets(
    saved, editor_user
):
    editor = client_for(editor_user)
    html = editor.get(f"/assistants/{saved.pk}/?section=mcp").content.decode()
    action, fields = section_form(html, "mcp")
    data = as_post_data(fields, **{f"{PREFIX}-0-server_url": "https://attacker.example/sse"})
    response = editor.post(action, data, follow=True)
    assert response.status_code == 200
    server = server_of(saved)
    assert server["server_url"] == "https://attacker.example/sse"
    assert "authorization" not in server
    assert HEADER not in str(server)
    page = response.content.decode()
    assert "only sent where it was saved for" in page, "the page says the secrets were dropped"


def test_a_secret_entered_again_for_the_new_address_is_kept(saved, editor_user):
    editor = client_for(editor_user)
    html = editor.get(f"/assistants/{saved.pk}/?section=mcp").content.decode()
    action, fields = section_form(html, "mcp")
    data = as_post_data(
        fields,
        **{
            f"{PREFIX}-0-server_url": "https://new.example/sse",
            f"{PREFIX}-0-authorization": "a-new-token-for-the-new-host",
        },
    )
    editor.post(action, data)
    assert server_of(saved)["authorization"] == "a-new-token-for-the-new-host"


def test_copying_a_saved_secret_to_another_server_by_renaming_does_not_work(saved, editor_user):
    """Matched by value: a new label and a new URL on the same row still drop it."""
    draft = Draft.objects.get(pk=saved.pk)
    draft_update_section(
        draft=draft,
        user=editor_user,
        section="mcp",
        values={
            "tool_configurations.mcp_tools": [
                {
                    **mcp_config()["tool_configurations"]["mcp_tools"][0],
                    "server_label": "renamed",
                    "server_url": "https://attacker.example/sse",
                }
            ]
        },
        removed=[],
        base_version=draft.section_version("mcp"),
    )
    assert TOKEN not in str(Draft.objects.get(pk=saved.pk).config)


def test_the_masked_value_sent_back_through_the_api_with_a_new_url_keeps_nothing(
    saved, editor_user
):
    api = api_for(editor_user)
    read = api.get(f"/api/v1/drafts/{saved.pk}/").json()
    server = read["config"]["tool_configurations"]["mcp_tools"][0]
    assert server["authorization"].startswith("••••")
    server["server_url"] = "https://attacker.example/sse"
    response = api.patch(
        f"/api/v1/drafts/{saved.pk}/",
        {"version": read["version"], "config": read["config"]},
        format="json",
    )
    assert response.status_code == 200, response.json()
    stored = server_of(saved)
    assert "authorization" not in stored and "••••" not in str(stored)
    assert TOKEN not in str(stored) and HEADER not in str(stored)
    assert response.json()["notices"], "the API says the secrets were dropped"


def test_a_masked_value_that_stands_for_nothing_is_never_stored_as_a_secret(
    organization, admin_user
):
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Masked",
        config=mcp_config(authorization="••••abcd", headers={"X-Key": "••••"}),
    )
    server = server_of(draft)
    assert "authorization" not in server
    assert "••••" not in str(server)


def test_a_connection_moved_to_another_base_url_needs_its_key_again(organization, admin_user):
    connection = connection_create(
        organization=organization,
        name="Prod",
        dialect="aitronos",
        base_url="https://api.example.com",
        api_key="sk-the-real-key",
    )
    with pytest.raises(ValidationError) as refused:
        connection_update(
            connection=connection,
            name="Prod",
            dialect="aitronos",
            base_url="https://attacker.example",
            api_key="",
        )
    assert "enter the API key again" in str(refused.value)
    with pytest.raises(ValidationError):
        connection_update(
            connection=connection,
            name="Prod",
            dialect="aitronos",
            base_url="https://attacker.example",
            api_key=connection.api_key_hint,  # the mask read back from the page or API
        )
    moved = connection_update(
        connection=connection,
        name="Prod",
        dialect="aitronos",
        base_url="https://attacker.example",
        api_key="sk-entered-again",
    )
    assert moved.api_key == "sk-entered-again"


# --- 3. Compare shows no secret ------------------------------------------------------------


def test_compare_shows_viewers_no_mcp_token_or_header_value(
    organization, admin_user, editor_user, viewer_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Compare me")
    locked = Draft.objects.get(pk=draft.pk)
    draft_update_section(
        draft=locked,
        user=editor_user,
        section="mcp",
        values={"tool_configurations.mcp_tools": mcp_config()["tool_configurations"]["mcp_tools"]},
        removed=[],
        base_version=locked.section_version("mcp"),
    )
    page = client_for(viewer_user).get(f"/assistants/{draft.pk}/compare/?before=1&after=current")
    text = page.content.decode()
    assert "MCP" in text and "drive" in text, "the change is listed"
    assert TOKEN not in text and HEADER not in text


# --- 4. A typed header value is not echoed in any attribute after an error --------------------


def test_a_typed_header_value_is_not_in_the_page_after_a_validation_error(saved, editor_user):
    editor = client_for(editor_user)
    html = editor.get(f"/assistants/{saved.pk}/?section=mcp").content.decode()
    action, fields = section_form(html, "mcp")
    typed = f"typed-{uuid.uuid4().hex}"
    data = as_post_data(fields, **{f"{PREFIX}-0-server_url": "ftp://not-a-web-address"})
    data[f"{PREFIX}-0-headers__key"] = ["X-Team-Key", "X-Other"]
    data[f"{PREFIX}-0-headers__value"] = ["", typed]
    response = editor.post(action, data)
    page = response.content.decode()
    assert response.status_code == 422
    assert "ftp://not-a-web-address" in page, "the error re-render keeps what was typed"
    assert typed not in page


# --- 5. Text that looks like the stored envelope ---------------------------------------------


def test_a_secret_that_looks_like_the_encrypted_form_breaks_nothing(
    organization, admin_user, viewer_user
):
    lookalike = "enc:v1:gAAAAABnot-really-encrypted"
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Look-alike",
        config=mcp_config(authorization=lookalike, headers={"X-Key": "enc:v2:also-typed"}),
    )
    server = server_of(draft)
    assert server["authorization"] == lookalike
    assert server["headers"] == {"X-Key": "enc:v2:also-typed"}
    viewer, admin = client_for(viewer_user), client_for(admin_user)
    assert viewer.get("/").status_code == 200
    assert viewer.get(f"/assistants/{draft.pk}/").status_code == 200
    assert api_for(viewer_user).get("/api/v1/drafts/").status_code == 200
    assert admin.post(f"/assistants/{draft.pk}/delete/").status_code == 302


def test_a_value_stored_by_the_old_code_as_is_reads_as_the_text_it_was(organization, admin_user):
    """Rows written before the new envelope: the old code stored "enc:v1:…" text as is."""
    from django.db import connection

    draft = draft_create(organization=organization, user=admin_user, name="Old row")
    config = mcp_config(authorization="enc:v1:typed-by-someone")
    with connection.cursor() as cursor:
        import json

        cursor.execute(
            "UPDATE assistants_draft SET config = %s::jsonb WHERE id = %s",
            [json.dumps(config), draft.pk],
        )
    assert server_of(draft)["authorization"] == "enc:v1:typed-by-someone"
