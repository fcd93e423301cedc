"""The live assistant over the API: submit updates a linked draft (stale ones refused), delete
upstream is for admins, a revision is restored, and the schema documents every route."""

import pytest
from django.utils import timezone

from assistants.models import Draft, DraftStatus, Submission
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create, draft_update_config
from audit.models import AuditEvent
from tests.api.conftest import token_client

pytestmark = pytest.mark.django_db


@pytest.fixture
def connection(organization, admin_user):
    return connection_create(
        organization=organization,
        name="Upstream",
        dialect="aitronos",
        base_url="https://api.example.com",
        api_key="sk-live-12345678",
        is_default=True,
    )


@pytest.fixture
def linked(organization, admin_user, connection) -> Draft:
    """A draft linked to a live assistant, as a create (or an import) leaves it."""
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"name": "Tutor", "instructions": "Be kind.", "description": "Helps"},
    )
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.CREATED,
        upstream_assistant_id="asst_live1",
        upstream_connection=connection,
        live_config=draft.config,
        live_version=1,
        live_at=timezone.now(),
        live_by=admin_user,
    )
    draft.refresh_from_db()
    return draft


def test_a_linked_draft_shows_its_changes_not_yet_live_in_plain_words(api, linked, admin_user):
    draft_update_config(
        draft=linked,
        user=admin_user,
        config={"name": "Tutor", "instructions": "Be brief."},
        version=linked.version,
    )
    live = api.get(f"/api/v1/drafts/{linked.pk}/").json()["live"]
    assert live["version"] == 1 and live["changed_by"] == "alice"
    sentences = [change["sentence"] for change in live["changes_not_live"]]
    assert sentences == [
        "Description cleared (was “Helps”); the API's default applies",
        "Instructions changed from “Be kind.” to “Be brief.”",
    ]


def test_submit_on_a_linked_draft_queues_an_update_of_its_assistant_with_clears(
    api, linked, admin_user
):
    draft_update_config(
        draft=linked,
        user=admin_user,
        config={"name": "Tutor", "instructions": "Be brief."},
        version=linked.version,
    )
    answer = api.post(f"/api/v1/drafts/{linked.pk}/submit/", {"live_version": 1}, format="json")

    assert answer.status_code == 202, answer.json()
    body = answer.json()
    assert (body["kind"], body["upstream_assistant_id"], body["base_live_version"]) == (
        "update",
        "asst_live1",
        1,
    )
    assert body["request_body"] == {
        "name": "Tutor",
        "instructions": "Be brief.",
        "description": None,
    }
    assert AuditEvent.objects.filter(action="draft.update_submitted").count() == 1


def test_an_update_built_on_an_old_live_version_is_refused_with_who_and_when(api, linked):
    answer = api.post(f"/api/v1/drafts/{linked.pk}/submit/", {"live_version": 0}, format="json")

    assert answer.status_code == 409
    error = answer.json()["error"]
    assert error["code"] == "stale_live_version"
    assert "alice changed the live assistant" in error["message"]
    assert not Submission.objects.exists()


def test_an_unlinked_draft_still_needs_a_connection_to_be_created(api, organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="New", config={})
    answer = api.post(f"/api/v1/drafts/{draft.pk}/submit/", {}, format="json")
    assert answer.status_code == 400
    assert answer.json()["error"]["fields"][0]["path"] == "connection"


def test_only_admins_delete_upstream_and_it_is_queued_as_a_delete(
    api, linked, editor_user, organization
):
    editor = token_client(editor_user)
    refused = editor.post(f"/api/v1/drafts/{linked.pk}/delete-upstream/")
    assert refused.status_code == 403

    answer = api.post(f"/api/v1/drafts/{linked.pk}/delete-upstream/")
    assert answer.status_code == 202
    assert answer.json()["kind"] == "delete"
    event = AuditEvent.objects.get(action="draft.delete_upstream_submitted")
    assert event.details["assistant"] == "asst_live1"


def test_a_revision_is_restored_as_a_new_revision(api, organization, admin_user, editor_user):
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"name": "Tutor", "instructions": "One."},
    )
    draft = draft_update_config(
        draft=draft,
        user=editor_user,
        config={"name": "Tutor", "instructions": "Two."},
        version=draft.version,
    )
    answer = api.post(
        f"/api/v1/drafts/{draft.pk}/restore-revision/",
        {"revision": 1, "version": draft.version},
        format="json",
    )
    assert answer.status_code == 200, answer.json()
    assert answer.json()["config"]["instructions"] == "One."
    assert list(draft.revisions.values_list("number", flat=True)) == [3, 2, 1]
    assert AuditEvent.objects.filter(action="draft.revision_restored").exists()

    missing = api.post(
        f"/api/v1/drafts/{draft.pk}/restore-revision/",
        {"revision": 9, "version": draft.version + 1},
        format="json",
    )
    assert missing.status_code == 400


def test_taking_live_values_before_any_check_is_refused(api, linked):
    answer = api.post(
        f"/api/v1/drafts/{linked.pk}/take-live/",
        {"version": linked.version, "paths": ["instructions"]},
        format="json",
    )
    assert answer.status_code == 409
    assert answer.json()["error"]["code"] == "not_checked"


def test_the_schema_documents_the_live_routes(api):
    schema = api.get("/api/schema/?format=json").json()
    for route in ("check-live", "take-live", "delete-upstream", "restore-revision"):
        assert f"/api/v1/drafts/{{id}}/{route}/" in schema["paths"]
    assert "/api/v1/drafts/upstream/" in schema["paths"]
    assert "/api/v1/drafts/adopt/" in schema["paths"]
    components = schema["components"]["schemas"]
    # The submit body is request-only (COMPONENT_SPLIT_REQUEST names it …Request).
    submit = components["SubmitRequest"]
    assert "live_version" in submit["properties"]


def test_the_periodic_drift_check_is_off_unless_an_interval_is_set(settings):
    assert settings.DRIFT_CHECK_INTERVAL == 0
    assert "drift-check" not in settings.CELERY_BEAT_SCHEDULE
