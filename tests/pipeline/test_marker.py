"""The submission marker: added to every create, or, where it cannot be, said so and never
guessed around."""

import pytest
from django.utils import timezone

from assistants.dialects import build_request
from assistants.dialects.marker import MARKER_KEY, with_marker
from assistants.models import Submission, SubmissionAttempt, SubmissionStatus
from assistants.services.submissions import submission_process, submission_start
from tests.pipeline.conftest import posts

SIXTEEN = {f"label{n}": "x" for n in range(16)}


def request_for(dialect: str, **config):
    built = build_request(
        dialect,
        {"name": "Tutor", "default_model_key": "gpt-4o", **config},
        organization_id="o",
        api_key="k",
    )
    return with_marker(built, dialect, "key-1")


@pytest.mark.parametrize("dialect", ["aitronos", "openai", "openai_v1"])
def test_every_dialect_carries_the_marker_next_to_the_drafts_own_labels(dialect):
    request = request_for(dialect, metadata={"team": "sales"})
    assert request.body["metadata"] == {"team": "sales", MARKER_KEY: "key-1"}
    assert request.unsupported == []


def test_a_drafts_label_of_the_markers_name_is_replaced():
    request = request_for("openai", metadata={MARKER_KEY: "copied from elsewhere"})
    assert request.body["metadata"] == {MARKER_KEY: "key-1"}


def test_with_sixteen_labels_an_openai_request_goes_without_the_marker_and_says_so():
    request = request_for("openai", metadata=SIXTEEN)
    assert request.body["metadata"] == SIXTEEN
    [note] = request.unsupported
    assert note.path == "metadata" and "16" in note.reason and "unconfirmed" in note.reason


def test_aitronos_has_no_documented_label_limit():
    assert request_for("aitronos", metadata=SIXTEEN).body["metadata"][MARKER_KEY] == "key-1"


def test_a_draft_the_target_refuses_gets_no_marker():
    built = build_request("openai", {"name": "T"}, organization_id="o", api_key="k")
    assert built.errors, "OpenAI needs a model"
    assert "metadata" not in with_marker(built, "openai", "key-1").body


def test_the_preview_shows_the_marker(organization, make_draft, admin_client):
    draft = make_draft()
    html = admin_client.get(f"/assistants/{draft.pk}/preview/?target=dialect:openai").content
    assert MARKER_KEY.encode() in html


def test_without_a_marker_an_unclear_attempt_ends_unconfirmed_and_nothing_is_adopted_or_resent(
    transactional_db, sandbox, make_connection, make_draft, admin_user, monkeypatch
):
    # No message goes to a real queue: this test runs the worker's step itself.
    monkeypatch.setattr(
        "assistants.services.submissions.scheduling.message_publish", lambda **_: True
    )
    draft = make_draft(metadata=SIXTEEN)
    submission = submission_start(
        draft=draft, connection=make_connection(sandbox, "openai"), user=admin_user
    )
    assert MARKER_KEY not in submission.request_body["metadata"]
    assert [u["path"] for u in submission.unsupported_fields] == ["metadata"]
    SubmissionAttempt.objects.create(
        submission=submission,
        number=1,
        kind="create",
        started_at=timezone.now(),
        finished_at=timezone.now(),
        outcome="ambiguous",
    )
    Submission.objects.filter(pk=submission.pk).update(attempt_count=1)

    submission_process(submission_id=submission.pk, worker="me")

    submission.refresh_from_db()
    assert (submission.status, submission.error_code) == (SubmissionStatus.FAILED, "unconfirmed")
    assert "cannot be told apart" in submission.error_message
    assert posts(sandbox, "openai") == []
