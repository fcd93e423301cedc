import pytest

from assistants.contract import load_example
from assistants.models import Draft
from tests.api.conftest import token_client


def test_a_token_creates_and_lists_drafts_of_its_organisation(api, organization):
    created = api.post(
        "/api/v1/drafts/", {"name": "Tutor", "config": {"temperature": 0.2}}, format="json"
    )
    assert created.status_code == 201, created.json()
    assert created.json()["config"] == {"name": "Tutor", "temperature": 0.2}
    listing = api.get("/api/v1/drafts/?search=tut").json()
    assert [d["name"] for d in listing["results"]] == ["Tutor"]
    assert api.get("/api/v1/drafts/?status=created").json()["results"] == []


def test_no_token_or_a_revoked_one_is_refused_in_the_api_error_format(client, admin_user):
    from api.models import ApiToken
    from api.tokens import token_revoke

    response = client.get("/api/v1/drafts/")
    assert response.status_code == 401
    assert response.json()["error"]["code"] == "not_authenticated"
    api = token_client(admin_user)
    token_revoke(token=ApiToken.objects.get())
    response = api.get("/api/v1/drafts/")
    assert response.status_code == 401
    assert "revoked" in response.json()["error"]["message"]


def test_contract_violations_come_back_as_field_errors_by_path(api):
    config = {
        "tool_configurations": {"mcp_tools": [{"server_label": "x", "type": "mcp"}]},
        "temperature": 7,
    }
    response = api.post("/api/v1/drafts/", {"name": "Bad", "config": config}, format="json")
    assert response.status_code == 400
    error = response.json()["error"]
    assert error["code"] == "invalid_configuration"
    assert {f["path"] for f in error["fields"]} == {
        "temperature",
        "tool_configurations.mcp_tools[0].server_url",
    }
    assert not Draft.objects.exists()


def test_a_partial_update_needs_the_current_version(api):
    draft = api.post("/api/v1/drafts/", {"name": "T"}, format="json").json()
    ok = api.patch(
        f"/api/v1/drafts/{draft['id']}/",
        {"version": draft["version"], "section": "generation", "config": {"seed": 3}},
        format="json",
    )
    assert ok.status_code == 200 and ok.json()["config"] == {"name": "T", "seed": 3}
    stale = api.patch(
        f"/api/v1/drafts/{draft['id']}/",
        {"version": draft["version"], "config": {"seed": 4}},
        format="json",
    )
    assert stale.status_code == 409
    assert stale.json()["error"]["code"] == "stale_version"


def test_a_section_update_refuses_keys_of_other_sections(api):
    draft = api.post("/api/v1/drafts/", {"name": "T"}, format="json").json()
    response = api.patch(
        f"/api/v1/drafts/{draft['id']}/",
        {"version": draft["version"], "section": "generation", "config": {"description": "x"}},
        format="json",
    )
    assert response.status_code == 400
    assert "not in the generation section" in response.json()["error"]["fields"][0]["message"]


def test_validate_and_payload_judge_the_draft_for_a_dialect(api, organization):
    config = {
        "default_model_key": "gpt-4o",
        "seed": 1,
        "metadata": {f"k{i}": "v" for i in range(17)},
    }
    draft = api.post("/api/v1/drafts/", {"name": "T", "config": config}, format="json").json()
    verdict = api.get(f"/api/v1/drafts/{draft['id']}/validate/?dialect=openai").json()
    assert verdict["valid"] is False
    assert [e["path"] for e in verdict["errors"]] == ["metadata"]
    assert "seed" in [u["path"] for u in verdict["unsupported"]]
    payload = api.get(f"/api/v1/drafts/{draft['id']}/payload/?dialect=aitronos").json()
    assert payload["body"]["organization_id"] == organization.upstream_id
    assert payload["headers"]["X-API-Key"].startswith("••••")
    bad = api.get(f"/api/v1/drafts/{draft['id']}/payload/?dialect=klingon")
    assert bad.status_code == 400 and bad.json()["error"]["fields"][0]["path"] == "dialect"


@pytest.mark.parametrize("example", ["aitronos_all_parameters", "openai_hr_helper"])
def test_importing_a_documented_example_creates_a_draft(api, example):
    response = api.post("/api/v1/drafts/import/", {"body": load_example(example)}, format="json")
    assert response.status_code == 201, response.json()
    assert Draft.objects.get().name == load_example(example)["name"]


def test_an_import_with_problems_lists_every_one_and_creates_nothing(api):
    body = {"name": "X", "organization_id": "org_x", "temperature": 9, "top_p": 3}
    response = api.post("/api/v1/drafts/import/", {"body": body}, format="json")
    assert response.status_code == 400
    assert {f["path"] for f in response.json()["error"]["fields"]} == {"temperature", "top_p"}
    assert not Draft.objects.exists()


def test_a_viewer_reads_but_cannot_change(viewer_user, admin_user, organization):
    from assistants.services.drafts import draft_create

    draft = draft_create(organization=organization, user=admin_user, name="T")
    viewer = token_client(viewer_user)
    assert viewer.get(f"/api/v1/drafts/{draft.pk}/").status_code == 200
    response = viewer.patch(
        f"/api/v1/drafts/{draft.pk}/", {"version": 1, "name": "U"}, format="json"
    )
    assert response.status_code == 403
    assert viewer.delete(f"/api/v1/drafts/{draft.pk}/").status_code == 403
    assert viewer.post("/api/v1/drafts/", {"name": "New"}, format="json").status_code == 403


def test_the_organisations_endpoint_lists_the_callers_memberships(
    api, organization, other_organization
):
    assert api.get("/api/v1/organizations/").json()["results"] == [
        {
            "id": organization.id,
            "name": "Acme",
            "slug": "acme",
            "upstream_id": "org_acme",
            "role": "admin",
        }
    ]


def test_the_openapi_schema_describes_the_configuration_with_the_contract(client):
    schema = client.get("/api/schema/?format=json").json()
    config = schema["components"]["schemas"]["AssistantConfig"]
    assert config["properties"]["temperature"]["maximum"] == 2
    assert "McpServer" in schema["components"]["schemas"]
    draft = schema["components"]["schemas"]["Draft"]["properties"]["config"]
    assert draft == {"$ref": "#/components/schemas/AssistantConfig"}


def test_the_create_api_token_command_prints_a_working_token(admin_user):
    from io import StringIO

    from django.core.management import call_command
    from rest_framework.test import APIClient

    out = StringIO()
    call_command("create_api_token", "alice", stdout=out)
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {out.getvalue().strip()}")
    assert client.get("/api/v1/drafts/").status_code == 200


def test_a_token_made_in_the_dashboard_is_shown_once_and_stored_hashed(admin_client):
    from api.models import ApiToken

    page = admin_client.post("/account/tokens/", {"name": "CI"}).content.decode()
    plain = page.split('id="new-token">')[1].split("<")[0]
    assert plain.startswith("ab_") and len(plain) > 30
    stored = ApiToken.objects.get()
    assert plain not in (stored.key_hash, stored.prefix)
    assert plain not in admin_client.get("/account/tokens/").content.decode()
    admin_client.post(f"/account/tokens/{stored.pk}/revoke/")
    assert ApiToken.objects.get().revoked_at is not None


def test_someone_elses_token_cannot_be_revoked(admin_client, editor_user):
    from api.models import ApiToken
    from api.tokens import token_create

    theirs, _ = token_create(user=editor_user, name="theirs")
    assert admin_client.post(f"/account/tokens/{theirs.pk}/revoke/").status_code == 404
    assert ApiToken.objects.get().revoked_at is None


def test_a_status_filter_that_is_no_status_is_refused_saying_which_are(api):
    # The fuzzer's case: a NUL byte in ?status= reached PostgreSQL and answered 500.
    for bad in ("cre\x00ated", "launched"):
        answer = api.get("/api/v1/drafts/", {"status": bad})
        assert answer.status_code == 400, answer.content
        assert "Not a draft status. Use one of: draft," in answer.content.decode()
    assert api.get("/api/v1/drafts/", {"status": "draft"}).status_code == 200
