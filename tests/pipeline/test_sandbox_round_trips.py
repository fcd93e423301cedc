"""Submissions sent by a real worker to the sandbox over real HTTP, for every dialect."""

import httpx
import pytest

from assistants.models import Draft, DraftStatus, SubmissionStatus
from assistants.services.submissions.scheduling import message_publish
from sandbox.keys import Caller
from sandbox.models import SandboxAssistant
from tests.pipeline.conftest import DIALECTS, created_count, gaps, posts, submit, wait_final
from tests.sandbox.support import DEMO_KEY, add_fault, aitronos

pytestmark = pytest.mark.worker


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_submitted_draft_is_created_once_and_the_draft_shows_its_upstream_id(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    draft = make_draft()
    submission = wait_final(submit(draft, make_connection(pipeline, dialect), admin_user))

    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    assert submission.upstream_assistant_id.startswith("asst_")
    assert submission.upstream_object["id"] == submission.upstream_assistant_id
    draft = Draft.objects.get(pk=draft.pk)
    assert draft.status == DraftStatus.CREATED
    assert draft.upstream_assistant_id == submission.upstream_assistant_id
    assert draft.upstream_created_at is not None
    [attempt] = submission.attempts.all()
    assert (attempt.kind, attempt.outcome) == ("create", "created")
    assert attempt.http_status == (201 if dialect == "aitronos" else 200)
    assert attempt.finished_at >= attempt.started_at
    assert created_count(pipeline, dialect, "Maths Tutor") == 1
    [request] = posts(pipeline, dialect)
    assert request["idempotency_key"] == str(submission.idempotency_key)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_two_rate_limits_are_waited_out_as_asked_then_the_assistant_is_created(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    add_fault(pipeline, mode="rate_limit", count=2, retry_after=1, dialect=dialect)
    submission = wait_final(submit(make_draft(), make_connection(pipeline, dialect), admin_user))

    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    attempts = list(submission.attempts.all())
    assert [a.outcome for a in attempts] == ["rate_limited", "rate_limited", "created"]
    assert [a.http_status for a in attempts[:2]] == [429, 429]
    assert [a.retry_after_seconds for a in attempts[:2]] == [1, 1]
    assert all(gap >= 1.0 for gap in gaps(attempts)), gaps(attempts)
    if dialect == "aitronos":
        assert all(a.trace_id.startswith("req_") for a in attempts[:2])
    # Every try of one submission carries the same Idempotency-Key.
    assert {r["idempotency_key"] for r in posts(pipeline, dialect)} == {
        str(submission.idempotency_key)
    }
    assert created_count(pipeline, dialect, "Maths Tutor") == 1


@pytest.mark.parametrize("dialect", DIALECTS)
def test_three_server_errors_are_retried_with_growing_waits_then_the_assistant_is_created(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    add_fault(pipeline, mode="error", count=3, dialect=dialect)
    submission = wait_final(submit(make_draft(), make_connection(pipeline, dialect), admin_user))

    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    attempts = list(submission.attempts.all())
    assert [a.outcome for a in attempts] == ["retry", "retry", "retry", "created"]
    assert [a.http_status for a in attempts[:3]] == [500, 500, 500]
    # Backoff from 0.2 s, doubling, with jitter of at most half: at least 0.1, 0.2, 0.4 s.
    assert all(gap >= low for gap, low in zip(gaps(attempts), [0.1, 0.2, 0.4], strict=True))
    assert submission.attempt_count == 4
    assert created_count(pipeline, dialect, "Maths Tutor") == 1


def _too_hot(body: dict) -> None:
    body["temperature"] = 5  # over every dialect's limit, or unknown to v1


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_field_the_upstream_refuses_fails_at_once_and_points_at_the_drafts_section(
    pipeline, make_connection, make_draft, admin_user, admin_client, dialect
):
    draft = make_draft()
    submission = submit(draft, make_connection(pipeline, dialect), admin_user, tamper=_too_hot)
    submission = wait_final(submission)

    assert submission.status == SubmissionStatus.FAILED
    assert submission.attempts.count() == 1, "a refused request is not tried again"
    [error] = submission.field_errors
    assert (error["path"], error["section"], error["field"]) == (
        "temperature",
        "generation",
        "temperature",
    )
    assert "Fix the fields listed below" in submission.error_message
    assert Draft.objects.get(pk=draft.pk).status == DraftStatus.FAILED
    url = f"/submissions/{submission.pk}/timeline/?panel=1&shown=sending"
    timeline = admin_client.get(url).content.decode()
    assert f'href="/assistants/{draft.pk}/#section-generation"' in timeline
    assert "hx-get" not in timeline, "a final timeline stops polling"
    assert 'id="submit-state" class="submit-state" hx-swap-oob="true"' in timeline, (
        "and refreshes the panel around it: the Submit button is back"
    )
    assert ">Submit</button>" in timeline
    url = f"/submissions/{submission.pk}/timeline/?panel=1&shown=failed"
    assert "hx-swap-oob" not in admin_client.get(url).content.decode(), "not twice"
    assert created_count(pipeline, dialect, "Maths Tutor") == 0


def test_a_name_the_upstream_already_has_is_reported_on_the_name_field(
    pipeline, make_connection, make_draft, admin_user
):
    with aitronos(pipeline) as client:
        client.post("/assistants", json={"name": "Maths Tutor", "organization_id": "org_demo"})
    submission = submit(make_draft(), make_connection(pipeline, "aitronos"), admin_user)
    submission = wait_final(submission)

    assert submission.status == SubmissionStatus.FAILED
    [error] = submission.field_errors
    assert (error["path"], error["section"]) == ("name", "basics")
    assert "already has an assistant called “Maths Tutor”" in error["message"]
    assert "Rename the draft" in submission.error_message
    assert created_count(pipeline, "aitronos", "Maths Tutor") == 1, "only the one made before"


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_wrong_api_key_fails_at_once_and_says_to_check_the_connections_key(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    connection = make_connection(pipeline, dialect, key="sk-not-a-real-key-1234")
    submission = wait_final(submit(make_draft(), connection, admin_user))

    assert submission.status == SubmissionStatus.FAILED
    [attempt] = submission.attempts.all()
    assert attempt.http_status == 401
    assert "did not accept the API key of the connection “Sandbox" in submission.error_message
    assert "Check the connection's key" in submission.error_message
    assert "sk-not-a-real-key-1234" not in submission.error_message


def test_a_key_that_may_not_act_for_the_organisation_is_explained_as_a_permission_problem(
    pipeline, make_connection, make_draft, admin_user
):
    connection = make_connection(pipeline, "aitronos", key="sk-other")  # org_other's key
    submission = wait_final(submit(make_draft(), connection, admin_user))

    assert submission.status == SubmissionStatus.FAILED
    assert submission.attempts.get().http_status == 403
    assert "may create assistants for the organisation org_demo" in submission.error_message
    assert submission.attempts.get().trace_id.startswith("req_")


@pytest.mark.parametrize("dialect", DIALECTS)
def test_a_connection_dropped_after_create_is_resolved_by_lookup_into_exactly_one_assistant(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    add_fault(pipeline, mode="drop_after_create", dialect=dialect)
    submission = wait_final(submit(make_draft(), make_connection(pipeline, dialect), admin_user))

    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    attempts = list(submission.attempts.all())
    assert [(a.kind, a.outcome) for a in attempts] == [
        ("create", "ambiguous"),
        ("lookup", "found"),
    ]
    assert attempts[0].http_status is None
    assert created_count(pipeline, dialect, "Maths Tutor") == 1
    assert len(posts(pipeline, dialect)) == 1, "nothing was sent again"
    [assistant] = SandboxAssistant.objects.filter(dialect=dialect, name="Maths Tutor")
    assert submission.upstream_assistant_id == assistant.id


def test_two_deliveries_of_one_submission_at_the_same_time_send_it_once(
    pipeline, make_connection, make_draft, admin_user
):
    # OpenAI allows duplicate names, so a second POST would show as a second assistant.
    add_fault(pipeline, mode="delay", seconds=1.5, dialect="openai")
    submission = submit(make_draft(), make_connection(pipeline, "openai"), admin_user)
    assert message_publish(submission_id=submission.pk)  # the same message, delivered twice
    submission = wait_final(submission)

    assert submission.status == SubmissionStatus.CREATED
    assert submission.attempts.count() == 1
    assert len(posts(pipeline, "openai")) == 1
    assert created_count(pipeline, "openai", "Maths Tutor") == 1


def test_secrets_reach_the_upstream_in_full_but_are_stored_masked(
    pipeline, make_connection, make_draft, admin_user
):
    token = "Bearer mcp-token-abcdef-987654"
    server = {
        "server_label": "calendar",
        "type": "mcp",
        "server_url": "https://mcp.example.com/sse",
        "authorization": token,
    }
    draft = make_draft(tool_configurations={"mcp_tools": [server]})
    connection = make_connection(pipeline, "aitronos")
    submission = wait_final(submit(draft, connection, admin_user))
    assert submission.status == SubmissionStatus.CREATED, submission.error_message

    received = SandboxAssistant.objects.get(id=submission.upstream_assistant_id)
    assert received.body["tool_configurations"]["mcp_tools"][0]["authorization"] == token
    # The sandbox only creates for a key it knows, and records who the key belongs to.
    assert received.created_by == Caller(DEMO_KEY, ("org_demo",)).user_id
    stored = submission.request_body["tool_configurations"]["mcp_tools"][0]["authorization"]
    assert stored == "••••7654"
    echoed = submission.upstream_object["tool_configurations"]["mcp_tools"][0]["authorization"]
    assert echoed == "••••7654"
    attempt_body = submission.attempts.get().response_body
    assert token not in str(attempt_body) and DEMO_KEY not in str(attempt_body)
    assert DEMO_KEY not in connection.api_key_encrypted
    assert token not in submission.body_encrypted


def test_the_timeline_shows_retrying_with_the_reason_while_it_waits(
    pipeline, make_connection, make_draft, admin_user, admin_client
):
    add_fault(pipeline, mode="rate_limit", count=1, retry_after=3, dialect="aitronos")
    draft = make_draft()
    submission = submit(draft, make_connection(pipeline, "aitronos"), admin_user)

    def retrying() -> bool:
        submission.refresh_from_db()
        return submission.status == SubmissionStatus.RETRYING

    from tests.processes import wait_until

    wait_until(retrying, 15, "the submission to wait for the rate limit")
    assert Draft.objects.get(pk=draft.pk).get_status_display() == "Waiting to retry"
    html = admin_client.get(f"/submissions/{submission.pk}/timeline/?panel=1").content.decode()
    assert "Retrying in" in html
    assert "Too many requests" in html, "says why"
    assert "upstream asked to wait 3 s" in html
    poll = f'hx-get="/submissions/{submission.pk}/timeline/?panel=1&amp;shown=retrying"'
    assert poll in html, "keeps polling"
    assert wait_final(submission).status == SubmissionStatus.CREATED
    assert httpx.get(f"{pipeline}/_stats").json()["total"] == 1
