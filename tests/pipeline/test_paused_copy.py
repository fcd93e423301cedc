"""A worker stopped between its last lease check and the send (found by `make reliability`:
2 duplicates in 50 SIGSTOP trials) creates a second copy when it resumes, after its
replacement created the assistant. The copy carries the submission's marker: the stalled
worker asks for a reconciliation, which deletes it upstream and keeps the recorded one.

Run in this process against the sandbox over real HTTP; the pause is played by running the
replacement inside the first worker's last check before it sends.
"""

from datetime import timedelta

import httpx
import pytest
from django.utils import timezone

from assistants.dialects.marker import marker_of
from assistants.models import Submission, SubmissionStatus
from assistants.services.submissions import submission_process, submission_start
from assistants.services.submissions.process import LeaseLost, SubmissionRun, lease_claim
from assistants.services.submissions.reconcile import submission_reconcile
from audit.models import AuditEvent
from tests.pipeline.conftest import posts
from tests.sandbox.support import DEMO_KEY

HEADERS = {"Authorization": f"Bearer {DEMO_KEY}", "OpenAI-Beta": "assistants=v2"}


@pytest.fixture
def published(monkeypatch) -> dict[str, list[int]]:
    """What would have been put on the queue: submission messages and reconciliations."""
    sent: dict[str, list[int]] = {"send": [], "reconcile": []}

    def send(*, submission_id: int, countdown: float = 0) -> bool:
        sent["send"].append(submission_id)
        return True

    def reconcile(*, submission_id: int) -> bool:
        sent["reconcile"].append(submission_id)
        return True

    monkeypatch.setattr("assistants.services.submissions.scheduling.message_publish", send)
    monkeypatch.setattr("assistants.services.submissions.process.reconcile_publish", reconcile)
    return sent


@pytest.fixture
def submission(transactional_db, sandbox, make_connection, make_draft, admin_user, published):
    return submission_start(
        draft=make_draft("Maths Tutor"),
        connection=make_connection(sandbox, "openai"),
        user=admin_user,
    )


def copies(sandbox: str, submission: Submission) -> list[str]:
    """Ids of the upstream assistants carrying this submission's marker."""
    page = httpx.get(f"{sandbox}/openai/v1/assistants", params={"limit": 100}, headers=HEADERS)
    key = str(submission.idempotency_key)
    return [item["id"] for item in page.json()["data"] if marker_of(item) == key]


def test_a_worker_resumed_after_its_replacement_created_leaves_no_second_copy(
    submission, sandbox, settings, published
):
    settings.SUBMISSION_SETTLE_WINDOW = 0  # the replacement sends after one empty look-up
    claimed = lease_claim(submission_id=submission.pk, worker="paused")
    paused = SubmissionRun(claimed, "paused")
    check = paused._lease_still_fresh

    def check_then_stall() -> None:
        check()  # the lease still holds: the create may leave…
        # …and the worker is stopped right here, past its lease. The replacement takes over.
        expired = timezone.now() - timedelta(seconds=1)
        Submission.objects.filter(pk=submission.pk).update(claimed_until=expired)
        submission_process(submission_id=submission.pk, worker="replacement")

    paused._lease_still_fresh = check_then_stall
    with pytest.raises(LeaseLost):
        paused.execute()  # resumed: its create leaves, and its lease is gone

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CREATED
    assert len(posts(sandbox, "openai")) == 2, "the stalled create reached the upstream"
    assert len(copies(sandbox, submission)) == 2, "two assistants carry its marker"
    assert submission.upstream_assistant_id in copies(sandbox, submission)
    assert published["reconcile"] == [submission.pk], "the stalled worker asks for a check"

    result = submission_reconcile(submission_id=submission.pk)

    assert copies(sandbox, submission) == [submission.upstream_assistant_id]
    assert len(result.removed) == 1 and result.removed[0] != submission.upstream_assistant_id
    event = AuditEvent.objects.get(action="submission.copy_removed")
    assert event.details["removed"] == result.removed
    assert event.details["kept"] == submission.upstream_assistant_id


def test_a_reconciliation_waits_while_the_submission_runs_and_never_picks_a_copy(
    submission, sandbox
):
    assert submission_reconcile(submission_id=submission.pk).later

    # Ended without a recorded assistant, yet a copy exists: reported, not deleted.
    metadata = submission.request_body["metadata"]
    body = {"name": "Maths Tutor", "model": "gpt-4o", "metadata": metadata}
    made = httpx.post(f"{sandbox}/openai/v1/assistants", json=body, headers=HEADERS).json()
    Submission.objects.filter(pk=submission.pk).update(status=SubmissionStatus.FAILED)
    result = submission_reconcile(submission_id=submission.pk)
    assert (result.removed, result.left) == ([], [made["id"]])
    assert copies(sandbox, submission) == [made["id"]]


def test_only_copies_that_still_carry_the_marker_are_deleted(submission, sandbox, published):
    submission_process(submission_id=submission.pk, worker="only")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CREATED
    # Another client's namesake without the marker: never touched.
    httpx.post(
        f"{sandbox}/openai/v1/assistants",
        json={"name": "Maths Tutor", "model": "gpt-4o"},
        headers=HEADERS,
    )
    result = submission_reconcile(submission_id=submission.pk)
    assert (result.removed, result.left) == ([], [])
    listed = httpx.get(f"{sandbox}/openai/v1/assistants", params={"limit": 100}, headers=HEADERS)
    assert len(listed.json()["data"]) == 2
