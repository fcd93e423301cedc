"""Secrets are encrypted at rest, never shown back in full, never logged: a canary hunt."""

import logging
import uuid

import pytest
from django.db import connection

from assistants.models import Draft
from assistants.services.drafts import draft_create
from tests.html_forms import as_post_data, section_form

CANARY_TOKEN = f"CANARY-tok-{uuid.uuid4().hex}"
CANARY_HEADER = f"CANARY-hdr-{uuid.uuid4().hex}"


def database_dump() -> str:
    """Every row of every table, as text."""
    rows = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names(cursor):
            cursor.execute(f'SELECT row_to_json(t)::text FROM "{table}" t')
            rows += [row[0] for row in cursor.fetchall()]
    return "\n".join(rows)


@pytest.fixture
def planted(admin_client, organization, admin_user, caplog):
    """A draft whose MCP server got its token and header through the editor, as a person
    would type them."""
    caplog.set_level(logging.DEBUG)
    draft = draft_create(organization=organization, user=admin_user, name="Canary")
    html = admin_client.get(f"/assistants/{draft.pk}/?section=mcp").content.decode()
    action, fields = section_form(html, "mcp")
    prefix = "mcp-tool_configurations-mcp_tools"
    data = as_post_data(
        fields,
        **{
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-server_label": "drive",
            f"{prefix}-0-server_url": "https://mcp.example/sse",
            f"{prefix}-0-allowed_mode": "all",
            f"{prefix}-0-approval": "never",
            f"{prefix}-0-ORDER": "1",
            f"{prefix}-0-authorization": CANARY_TOKEN,
        },
    )
    data[f"{prefix}-0-headers__key"] = ["X-Team-Key"]
    data[f"{prefix}-0-headers__value"] = [CANARY_HEADER]
    assert admin_client.post(action, data).status_code == 302
    return Draft.objects.get(pk=draft.pk)


def test_the_configuration_keeps_the_secrets_for_sending(planted):
    server = planted.config["tool_configurations"]["mcp_tools"][0]
    assert server["authorization"] == CANARY_TOKEN
    assert server["headers"] == {"X-Team-Key": CANARY_HEADER}


def test_no_secret_is_in_the_database_in_clear(planted):
    dump = database_dump()
    assert "enc:v2:" in dump, "the secrets are stored, encrypted"
    assert CANARY_TOKEN not in dump and CANARY_HEADER not in dump


def test_no_page_or_api_response_shows_a_secret_in_full(planted, admin_client, caplog):
    from rest_framework.test import APIClient

    from api.tokens import token_create

    pk = planted.pk
    pages = [
        "/",
        f"/assistants/{pk}/",
        f"/assistants/{pk}/preview/",
        f"/assistants/{pk}/export/",
        f"/assistants/{pk}/export/?download=1",
        f"/assistants/{pk}/compare/?before=1&after=current",
        "/organization/audit/",
    ]
    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=planted.created_by, name='t')[1]}"
    )
    answers = [admin_client.get(url).content.decode() for url in pages]
    answers += [
        api.get(url).content.decode()
        for url in [
            f"/api/v1/drafts/{pk}/",
            "/api/v1/drafts/",
            f"/api/v1/drafts/{pk}/payload/",
            f"/api/v1/drafts/{pk}/validate/?dialect=openai",
        ]
    ]
    for url, text in zip(pages + ["api"] * 4, answers, strict=True):
        assert CANARY_TOKEN not in text and CANARY_HEADER not in text, f"{url} shows a secret"
    assert any(CANARY_TOKEN[-4:] in text for text in answers), "the hint of the last four"


def test_no_secret_is_ever_logged(planted, admin_client, caplog):
    admin_client.get(f"/assistants/{planted.pk}/")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert CANARY_TOKEN not in logged and CANARY_HEADER not in logged


def test_a_template_saved_from_the_draft_carries_no_credentials(planted, admin_client):
    from directory.models import AssistantTemplate

    admin_client.post(f"/assistants/{planted.pk}/save-template/", {"name": "With MCP"})
    server = AssistantTemplate.objects.get().config["tool_configurations"]["mcp_tools"][0]
    assert "authorization" not in server
    assert server["headers"] == {"X-Team-Key": ""}


def test_a_masked_secret_sent_back_through_the_api_keeps_the_saved_one(planted):
    from rest_framework.test import APIClient

    from api.tokens import token_create

    api = APIClient()
    api.credentials(
        HTTP_AUTHORIZATION=f"Bearer {token_create(user=planted.created_by, name='t')[1]}"
    )
    read = api.get(f"/api/v1/drafts/{planted.pk}/").json()
    config = {**read["config"], "description": "edited through the API"}
    response = api.patch(
        f"/api/v1/drafts/{planted.pk}/",
        {"version": read["version"], "config": config},
        format="json",
    )
    assert response.status_code == 200, response.json()
    server = Draft.objects.get(pk=planted.pk).config["tool_configurations"]["mcp_tools"][0]
    assert server["authorization"] == CANARY_TOKEN
    assert server["headers"] == {"X-Team-Key": CANARY_HEADER}
