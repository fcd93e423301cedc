"""Issue 17: property-based fuzzing of the inputs the red team broke the server with:
integer parameters in any Unicode digits, JSON nested to any depth, formset counts of any size.
Nothing may answer 5xx. (tests/api/test_fuzz.py fuzzes every operation from the schema.)"""

import pytest
from django.test import Client
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from rest_framework.test import APIClient

from api.tokens import token_create
from assistants.services.drafts import draft_create
from tests.html_forms import as_post_data, section_form

FUZZ = settings(
    max_examples=15,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
# Decimal digits and other numbers of every script: ², ٣, ௫, Ⅻ, ½…
DIGITS = st.text(
    alphabet=st.characters(categories=["Nd", "No", "Nl"]), min_size=1, max_size=6
) | st.from_regex(r"\A[0-9]{19,30}\Z")


@pytest.fixture
def clients(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="Fuzzed")
    api = APIClient(raise_request_exception=False)
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=admin_user, name='f')[1]}")
    web = Client(raise_request_exception=False)
    web.force_login(admin_user)
    return draft, api, web


@FUZZ
@given(value=DIGITS)
def test_integer_parameters_in_any_digits_never_answer_5xx(clients, value):
    draft, api, web = clients
    for url in (
        f"/api/v1/drafts/{draft.pk}/validate/?connection={value}",
        f"/api/v1/drafts/{draft.pk}/payload/?connection={value}",
        f"/api/v1/submissions/?draft={value}",
        f"/api/v1/drafts/?page={value}",
    ):
        assert api.get(url).status_code < 500, url
    for url in (
        f"/assistants/name-check/?name=x&exclude={value}",
        f"/submissions/?draft={value}&page={value}",
        f"/directory/?page={value}",
    ):
        assert web.get(url).status_code < 500, url
    response = web.post(f"/assistants/{draft.pk}/submit/", {"connection": value})
    assert response.status_code < 500
    response = api.post(f"/api/v1/drafts/{draft.pk}/submit/", {"connection": value}, format="json")
    assert response.status_code < 500


@FUZZ
@given(depth=st.integers(min_value=1, max_value=200_000), opener=st.sampled_from("[{"))
def test_json_nested_to_any_depth_never_answers_5xx(clients, depth, opener):
    _draft, api, web = clients
    inner = '{"a": ' * depth + "1" + "}" * depth if opener == "{" else "[" * depth + "]" * depth
    for url, body in (
        ("/api/v1/drafts/", '{"name": "Deep", "config": {"metadata": ' + inner + "}}"),
        ("/api/v1/drafts/import/", '{"body": ' + inner + "}"),
    ):
        assert api.post(url, body, content_type="application/json").status_code < 500
    assert web.post("/assistants/import/", {"body": inner}).status_code < 500


@FUZZ
@given(count=st.integers(min_value=-5, max_value=10**12) | st.text(max_size=8))
def test_any_formset_count_never_answers_5xx_and_stays_fast(clients, count):
    draft, _api, web = clients
    html = web.get(f"/assistants/{draft.pk}/?section=mcp").content.decode()
    action, fields = section_form(html, "mcp")
    data = as_post_data(fields, **{"mcp-tool_configurations-mcp_tools-TOTAL_FORMS": str(count)})
    assert web.post(action, data).status_code < 500
