from assistants.models import Connection, Submission
from assistants.services.drafts import draft_create
from tests.api.conftest import token_client

KEY = "sk-live-0123456789abcdef"


def make_connection(api, dialect="aitronos") -> dict:
    response = api.post(
        "/api/v1/connections/",
        {
            "name": f"Sandbox {dialect}",
            "dialect": dialect,
            "base_url": "http://127.0.0.1:8765/aitronos",
            "api_key": KEY,
        },
        format="json",
    )
    assert response.status_code == 201, response.json()
    return response.json()


def test_an_admin_creates_a_connection_whose_key_is_write_only(api):
    created = make_connection(api)
    assert "api_key" not in created and created["api_key_hint"] == "••••cdef"
    assert KEY not in api.get("/api/v1/connections/").content.decode()
    assert Connection.objects.get().api_key == KEY
    renamed = api.patch(f"/api/v1/connections/{created['id']}/", {"name": "Renamed"}, format="json")
    assert renamed.status_code == 200 and Connection.objects.get().api_key == KEY


def test_editors_and_viewers_cannot_see_or_make_connections(api, editor_user, viewer_user):
    created = make_connection(api)
    for user in (editor_user, viewer_user):
        client = token_client(user)
        assert client.get("/api/v1/connections/").json()["results"] == []
        assert client.get(f"/api/v1/connections/{created['id']}/").status_code == 404
        response = client.post(
            "/api/v1/connections/",
            {"name": "x", "base_url": "https://x.io", "api_key": "k" * 20},
            format="json",
        )
        assert response.status_code == 403


def test_submitting_queues_a_submission_with_a_redacted_body(api, organization, admin_user):
    connection = make_connection(api)
    config = {
        "tool_configurations": {
            "mcp_tools": [
                {
                    "server_label": "d",
                    "type": "mcp",
                    "connector_id": "connector_gmail",
                    "authorization": "tok-VERY-SECRET-99",
                }
            ]
        }
    }
    draft = draft_create(organization=organization, user=admin_user, name="Q", config=config)
    response = api.post(
        f"/api/v1/drafts/{draft.pk}/submit/", {"connection": connection["id"]}, format="json"
    )
    assert response.status_code == 202, response.json()
    body = response.json()
    assert body["status"] == "queued"
    assert "tok-VERY-SECRET-99" not in response.content.decode()
    assert Submission.objects.get().request_body["organization_id"] == "org_acme"
    again = api.post(
        f"/api/v1/drafts/{draft.pk}/submit/", {"connection": connection["id"]}, format="json"
    )
    assert again.status_code == 409, "one submission of a draft on its way at a time"
    listed = api.get(f"/api/v1/submissions/?draft={draft.pk}").json()["results"]
    assert [s["id"] for s in listed] == [body["id"]]


def test_a_draft_the_target_cannot_take_is_refused_with_field_errors(api, organization, admin_user):
    connection = make_connection(api, dialect="openai")
    draft = draft_create(organization=organization, user=admin_user, name="No model")
    response = api.post(
        f"/api/v1/drafts/{draft.pk}/submit/", {"connection": connection["id"]}, format="json"
    )
    assert response.status_code == 400
    assert [f["path"] for f in response.json()["error"]["fields"]] == ["default_model_key"]
    assert not Submission.objects.exists()


def test_a_viewer_cannot_submit(api, organization, admin_user, viewer_user):
    connection = make_connection(api)
    draft = draft_create(organization=organization, user=admin_user, name="V")
    viewer = token_client(viewer_user)
    response = viewer.post(
        f"/api/v1/drafts/{draft.pk}/submit/", {"connection": connection["id"]}, format="json"
    )
    assert response.status_code == 403


def test_a_connection_of_another_organisation_is_a_field_error_for_submit_and_payload(
    api, organization, other_organization, admin_user
):
    from assistants.services.connections import connection_create

    theirs = connection_create(
        organization=other_organization,
        name="Theirs",
        dialect="aitronos",
        base_url="https://api.example.com",
        api_key=KEY,
    )
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    expected = {
        "path": "connection",
        "message": "No such connection in this organisation.",
        "code": "does_not_exist",
        "section": None,
    }
    submit = api.post(
        f"/api/v1/drafts/{draft.pk}/submit/", {"connection": theirs.pk}, format="json"
    )
    assert submit.status_code == 400 and submit.json()["error"]["fields"] == [expected]
    payload = api.get(f"/api/v1/drafts/{draft.pk}/payload/", {"connection": theirs.pk})
    assert payload.status_code == 400 and payload.json()["error"]["fields"] == [expected]
    assert not Submission.objects.exists()
    assert api.post("/api/v1/drafts/999999/submit/", {"connection": 1}).status_code == 404


def test_a_status_filter_that_is_no_submission_status_is_refused(api):
    answer = api.get("/api/v1/submissions/", {"status": "sent\x00"})
    assert answer.status_code == 400
    assert "Not a submission status. Use one of: queued," in answer.content.decode()
    assert api.get("/api/v1/submissions/", {"status": "failed"}).status_code == 200
