"""The submit panel on the draft page, and the list of submissions (no worker needed)."""

from datetime import timedelta

import pytest
from django.test import Client
from django.utils import timezone

from assistants.models import Draft, DraftStatus, Submission, SubmissionStatus
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from tests.pipeline.conftest import config_for

KEY = "sk-sandbox-demo"


@pytest.fixture
def no_broker(monkeypatch) -> list[int]:
    """Record what would be enqueued (the page tests need no broker)."""
    sent: list[int] = []

    def record(*, submission_id: int, countdown: float = 0) -> bool:
        sent.append(submission_id)
        return True

    monkeypatch.setattr("assistants.services.submissions.scheduling.message_publish", record)
    return sent


@pytest.fixture
def connection(organization):
    return connection_create(
        organization=organization,
        name="Sandbox",
        dialect="openai",
        base_url="http://127.0.0.1:9/openai",
        api_key=KEY,
        is_default=True,
    )


@pytest.fixture
def draft(organization, admin_user):
    return draft_create(
        organization=organization, user=admin_user, name="Tutor", config=config_for("Tutor")
    )


def client_for(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_draft_page_has_a_submit_button_for_editors_and_none_for_viewers(
    draft, connection, editor_user, viewer_user
):
    html = client_for(editor_user).get(f"/assistants/{draft.pk}/").content.decode()
    assert 'id="submit-connection"' in html and ">Submit</button>" in html
    assert f'<option value="{connection.pk}" selected>' in html, "the default is preselected"
    html = client_for(viewer_user).get(f"/assistants/{draft.pk}/").content.decode()
    assert ">Submit</button>" not in html
    assert client_for(viewer_user).post(f"/assistants/{draft.pk}/submit/").status_code == 403


def test_submitting_queues_it_and_the_panel_starts_polling_the_timeline(
    transactional_db, draft, connection, editor_user, no_broker
):
    response = client_for(editor_user).post(
        f"/assistants/{draft.pk}/submit/", {"connection": connection.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    submission = Submission.objects.get(draft=draft)
    assert no_broker == [submission.pk]
    assert "Submitted to Sandbox" in html
    assert f'hx-get="/submissions/{submission.pk}/timeline/?panel=1&amp;shown=queued"' in html
    assert ">Submit</button>" not in html, "no second submit while one is on its way"
    assert submission.submitted_by == editor_user
    # The header's status badge follows, swapped in place (out of band) by htmx.
    assert '<span id="draft-status" class="badge badge-queued" hx-swap-oob="true">' in html


def test_each_poll_of_the_panels_timeline_brings_the_drafts_status_along(
    draft, connection, admin_client
):
    submission = Submission.objects.create(
        organization=draft.organization, draft=draft, connection=connection, dialect="openai"
    )
    Draft.objects.filter(pk=draft.pk).update(status=DraftStatus.SENDING)
    url = f"/submissions/{submission.pk}/timeline/"
    html = admin_client.get(url, {"panel": "1", "shown": "queued"}).content.decode()
    assert '<span id="draft-status" class="badge badge-sending" hx-swap-oob="true">' in html
    html = admin_client.get(url).content.decode()
    assert 'id="draft-status"' not in html, "only the draft page's panel has the badge"


def test_a_draft_the_connection_cannot_take_shows_each_field_with_a_link_to_its_section(
    organization, admin_user, connection, editor_user, no_broker
):
    draft = draft_create(organization=organization, user=admin_user, name="No model")
    response = client_for(editor_user).post(
        f"/assistants/{draft.pk}/submit/", {"connection": connection.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert "cannot take this draft as it is" in html
    assert f'href="/assistants/{draft.pk}/#section-model"' in html
    assert not Submission.objects.exists() and no_broker == []


def test_without_javascript_a_refused_submit_shows_the_errors_on_a_page_of_its_own(
    organization, admin_user, connection, editor_user
):
    draft = draft_create(organization=organization, user=admin_user, name="No model")
    response = client_for(editor_user).post(
        f"/assistants/{draft.pk}/submit/", {"connection": connection.pk}
    )
    assert response.status_code == 422
    assert "<html" in response.content.decode() and "needs a model" in response.content.decode()


def _created(draft: Draft, connection) -> Submission:
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.CREATED,
        upstream_assistant_id="asst_abcdefghijklmnopqrstuvwx",
        upstream_created_at=timezone.now(),
    )
    return Submission.objects.create(
        organization=draft.organization,
        draft=draft,
        connection=connection,
        dialect="openai",
        status=SubmissionStatus.CREATED,
        upstream_assistant_id="asst_abcdefghijklmnopqrstuvwx",
        finished_at=timezone.now(),
    )


def test_a_created_draft_shows_its_copyable_id_and_is_only_sent_again_as_a_renamed_copy(
    draft, connection, editor_user, no_broker
):
    _created(draft, connection)
    client = client_for(editor_user)
    html = client.get(f"/assistants/{draft.pk}/").content.decode()
    assert '<code id="upstream-id" class="copy-value">asst_abcdefghijklmnopqrstuvwx</code>' in html
    assert 'data-copy="#upstream-id"' in html
    assert ">Submit</button>" not in html

    response = client.post(f"/assistants/{draft.pk}/submit/", {"connection": connection.pk})
    assert "create a copy with a new name" in response.content.decode()
    assert Submission.objects.count() == 1

    taken = client.post(f"/assistants/{draft.pk}/copy/", {"name": "Tutor"})
    assert "already called “Tutor”" in taken.content.decode()
    response = client.post(f"/assistants/{draft.pk}/copy/", {"name": "Tutor for physics"})
    copy = Draft.objects.get(name="Tutor for physics")
    assert response.url == f"/assistants/{copy.pk}/"
    assert copy.status == DraftStatus.DRAFT and not copy.upstream_assistant_id


def test_a_failed_submission_shows_the_upstream_message_trace_id_and_field_links(
    draft, connection, admin_client
):
    submission = Submission.objects.create(
        organization=draft.organization,
        draft=draft,
        connection=connection,
        dialect="openai",
        status=SubmissionStatus.FAILED,
        error_message="The upstream refused 1 setting.",
        field_errors=[
            {
                "path": "temperature",
                "message": "Too hot.",
                "code": "x",
                "section": "generation",
                "field": "temperature",
            }
        ],
        finished_at=timezone.now(),
    )
    submission.attempts.create(
        number=1,
        started_at=timezone.now(),
        finished_at=timezone.now(),
        http_status=400,
        outcome="rejected",
        trace_id="req_feedfacecafebeef",
    )
    html = admin_client.get(f"/submissions/{submission.pk}/timeline/").content.decode()
    assert "The upstream refused 1 setting." in html
    assert "req_feedfacecafebeef" in html
    assert f'href="/assistants/{draft.pk}/#section-generation"' in html
    assert "hx-get" not in html, "a final submission is not polled"


def test_a_waiting_submission_says_when_it_tries_again_and_why(draft, connection, admin_client):
    submission = Submission.objects.create(
        organization=draft.organization,
        draft=draft,
        connection=connection,
        dialect="openai",
        status=SubmissionStatus.RETRYING,
        error_message="The upstream had an internal error.",
        next_attempt_at=timezone.now() + timedelta(seconds=42),
    )
    html = admin_client.get(f"/submissions/{submission.pk}/timeline/").content.decode()
    assert "Retrying in 4" in html  # 41 or 42 s, depending on the clock
    assert "The upstream had an internal error." in html


def test_the_submissions_list_filters_by_status_and_connection(
    organization, admin_user, connection, admin_client
):
    other = connection_create(
        organization=organization,
        name="Other",
        dialect="aitronos",
        base_url="https://o.test",
        api_key=KEY,
    )
    for name, status, via in [
        ("Alpha", SubmissionStatus.CREATED, connection),
        ("Beta", SubmissionStatus.FAILED, connection),
        ("Gamma", SubmissionStatus.FAILED, other),
    ]:
        draft = draft_create(organization=organization, user=admin_user, name=name)
        Submission.objects.create(
            organization=organization,
            draft=draft,
            connection=via,
            dialect=via.dialect,
            status=status,
        )
    html = admin_client.get("/submissions/", {"status": "failed"}).content.decode()
    assert "Beta" in html and "Gamma" in html and "Alpha" not in html
    html = admin_client.get(
        "/submissions/", {"status": "failed", "connection": other.pk}
    ).content.decode()
    assert "Gamma" in html and "Beta" not in html
    partial = admin_client.get("/submissions/", {"status": "created"}, HTTP_HX_REQUEST="true")
    assert "<html" not in partial.content.decode() and "Alpha" in partial.content.decode()


def test_another_organisations_submission_is_not_found(draft, connection, admin_user):
    from assistants.models import Organization
    from tests.conftest import make_member

    outsider_org = Organization.objects.create(name="X", slug="x", upstream_id="org_x")
    outsider = make_member(outsider_org, "mallory")
    submission = Submission.objects.create(
        organization=draft.organization, draft=draft, connection=connection, dialect="openai"
    )
    client = client_for(outsider)
    assert client.get(f"/submissions/{submission.pk}/").status_code == 404
    assert client.get(f"/submissions/{submission.pk}/timeline/").status_code == 404
