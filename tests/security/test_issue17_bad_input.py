"""Issue 17, points 9-12 and the formset count: bad input is a 4xx that says what is wrong."""

import json
import time

import pytest
from django.test import Client
from rest_framework.test import APIClient

from api.tokens import token_create
from assistants.models import Draft, Submission
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from tests.html_forms import as_post_data, section_form

SUPERSCRIPT_TWO = "²"


@pytest.fixture
def api(admin_user) -> APIClient:
    client = APIClient(raise_request_exception=False)
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=admin_user, name='t')[1]}")
    return client


@pytest.fixture
def web(admin_user) -> Client:
    client = Client(raise_request_exception=False)
    client.force_login(admin_user)
    return client


@pytest.fixture
def draft(organization, admin_user) -> Draft:
    return draft_create(organization=organization, user=admin_user, name="Bad input")


# --- 9. Integer parameters in other digits ---------------------------------------------------


@pytest.mark.parametrize("value", [SUPERSCRIPT_TWO, "٣", "1e3", "99999999999999999999999"])
def test_integer_query_parameters_in_other_digits_are_a_400_that_says_so(api, web, draft, value):
    for url in (
        f"/api/v1/drafts/{draft.pk}/validate/?connection={value}",
        f"/api/v1/drafts/{draft.pk}/payload/?connection={value}",
        f"/api/v1/submissions/?draft={value}",
    ):
        response = api.get(url)
        assert response.status_code == 400, url
        assert "digits 0-9" in response.json()["error"]["fields"][0]["message"], url
    for url in (
        f"/assistants/name-check/?name=x&exclude={value}",
        f"/submissions/?draft={value}",
    ):
        response = web.get(url)
        assert response.status_code == 400, url
        assert "digits 0-9" in response.content.decode(), url


# --- 10. Deep JSON --------------------------------------------------------------------------


@pytest.mark.parametrize("depth", [1_000, 100_000])
def test_deeply_nested_json_is_a_400_that_names_the_limit(api, web, draft, depth):
    deep = "[" * depth + "]" * depth
    for url, body in (
        ("/api/v1/drafts/", '{"name": "Deep", "config": {"metadata": ' + deep + "}}"),
        ("/api/v1/drafts/import/", '{"body": ' + deep + "}"),
        (f"/api/v1/drafts/{draft.pk}/", '{"version": 1, "config": ' + deep + "}"),
    ):
        method = api.patch if url.endswith(f"/{draft.pk}/") else api.post
        response = method(url, body, content_type="application/json")
        assert response.status_code == 400, url
        assert "nested too deeply" in response.json()["error"]["message"], url
    response = web.post("/assistants/import/", {"body": '{"a": ' + deep + "}"})
    assert response.status_code in (200, 422)
    assert "nested too deeply" in response.content.decode()


def test_a_body_over_the_size_limit_is_a_400(api, settings):
    settings.JSON_MAX_BYTES = 1000
    response = api.post(
        "/api/v1/drafts/", json.dumps({"name": "x" * 2000}), content_type="application/json"
    )
    assert response.status_code == 400
    assert "too large" in response.json()["error"]["message"]


def test_a_deep_json_field_in_the_editor_is_a_field_error(web, draft):
    html = web.get(f"/assistants/{draft.pk}/?section=tools").content.decode()
    action, fields = section_form(html, "tools")
    prefix = "tools-tools"
    data = as_post_data(
        fields,
        **{
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-type": "function",
            f"{prefix}-0-function_name": "deep",
            f"{prefix}-0-function_parameters": "[" * 5000 + "]" * 5000,
            f"{prefix}-0-ORDER": "1",
        },
    )
    response = web.post(action, data)
    assert response.status_code == 422
    assert "nested too deeply" in response.content.decode()


# --- Formsets with a huge count ---------------------------------------------------------------


def test_a_formset_claiming_a_hundred_million_rows_is_refused_quickly(web, draft):
    html = web.get(f"/assistants/{draft.pk}/?section=mcp").content.decode()
    action, fields = section_form(html, "mcp")
    data = as_post_data(fields, **{"mcp-tool_configurations-mcp_tools-TOTAL_FORMS": "100000000"})
    started = time.monotonic()
    response = web.post(action, data)
    elapsed = time.monotonic() - started
    assert response.status_code == 422
    assert "At most 128 rows" in response.content.decode()
    assert elapsed < 5, f"took {elapsed:.1f} s"


# --- 11, 12. A draft that no longer passes the outbound check --------------------------------


@pytest.fixture
def stale_draft(organization, admin_user, settings) -> Draft:
    """Saved while internal addresses were allowed; the rule is stricter now."""
    settings.OUTBOUND_ALLOW_PRIVATE = True
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Stale MCP",
        config={
            "default_model_key": "gpt-4o",
            "tool_configurations": {
                "mcp_tools": [
                    {"server_label": "inside", "type": "mcp", "server_url": "http://10.0.0.5/sse"}
                ]
            },
        },
    )
    settings.OUTBOUND_ALLOW_PRIVATE = False
    return draft


def test_cloning_a_draft_whose_mcp_url_is_now_refused_says_why(web, stale_draft):
    response = web.post(f"/assistants/{stale_draft.pk}/clone/", follow=True)
    assert response.status_code == 200
    page = response.content.decode()
    assert "No copy was made" in page and "internal network address" in page
    assert Draft.objects.filter(name__startswith="Stale MCP (copy").count() == 0


def test_submitting_such_a_draft_from_the_page_says_why(web, stale_draft, organization):
    connection = connection_create(
        organization=organization,
        name="Public",
        dialect="aitronos",
        base_url="https://93.184.216.34",
        api_key="k",
    )
    response = web.post(f"/assistants/{stale_draft.pk}/submit/", {"connection": connection.pk})
    assert response.status_code == 422
    assert "internal network address" in response.content.decode()
    assert not Submission.objects.exists()


def test_submitting_with_a_connection_id_in_other_digits_says_choose_one(web, draft):
    response = web.post(f"/assistants/{draft.pk}/submit/", {"connection": SUPERSCRIPT_TWO})
    assert response.status_code == 422
    assert "Choose a connection" in response.content.decode()
