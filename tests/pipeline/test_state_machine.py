"""The state machine run in this process (no worker), against the sandbox over real HTTP.

Messages are not published here: `message_publish` is replaced by a recorder, so the tests
see what would be put on the queue, and when.
"""

import threading
import time
from datetime import timedelta
from unittest import mock

import httpx
import pytest
from django.db import connection as db_connection
from django.utils import timezone

from assistants.dialects.marker import MARKER_KEY
from assistants.models import Submission, SubmissionAttempt, SubmissionStatus
from assistants.services.submissions import (
    DraftAlreadyCreated,
    DraftNotSendable,
    SubmissionInProgress,
    submission_process,
    submission_start,
    submission_update_start,
    submissions_sweep,
)
from assistants.services.submissions.process import LeaseLost, SubmissionRun, lease_claim
from assistants.upstream import Outcome, Reply
from tests.pipeline.conftest import created_count, posts
from tests.pipeline.test_live_updates import change, upstream_of
from tests.sandbox.support import aitronos


@pytest.fixture
def published(monkeypatch) -> list[tuple[int, float]]:
    """(submission id, countdown) of every message that would have been put on the queue."""
    sent: list[tuple[int, float]] = []

    def record(*, submission_id: int, countdown: float = 0) -> bool:
        sent.append((submission_id, countdown))
        return True

    monkeypatch.setattr(
        "assistants.services.submissions.scheduling.message_publish", record, raising=True
    )
    monkeypatch.setattr("assistants.services.submissions.sweep.message_publish", record)
    return sent


@pytest.fixture
def setup(transactional_db, sandbox, make_connection, make_draft, admin_user, published):
    names = iter(["Maths Tutor", *(f"Maths Tutor {n}" for n in range(2, 50))])

    def make(dialect: str = "aitronos", **extra) -> Submission:
        draft = make_draft(next(names), **extra)
        return submission_start(
            draft=draft, connection=make_connection(sandbox, dialect), user=admin_user
        )

    return make


def _expire_lease(submission: Submission, holder: str = "dead-worker") -> None:
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.SENDING,
        claimed_by=holder,
        claimed_until=timezone.now() - timedelta(seconds=1),
    )


def test_a_new_submission_is_queued_with_the_body_masked_and_enqueued_after_commit(
    setup, published
):
    submission = setup()
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.QUEUED
    assert published == [(submission.pk, 0)], "sent once, after the commit"
    assert submission.enqueued_at is not None
    assert submission.request_body["organization_id"] == "org_demo"
    assert submission.revision.number == 1
    assert submission.draft.status == "queued"


def test_only_one_of_two_workers_claiming_at_the_same_moment_gets_the_submission(setup):
    submission = setup()
    barrier = threading.Barrier(2)
    winners: list[str] = []

    def claim(worker: str) -> None:
        barrier.wait()
        if lease_claim(submission_id=submission.pk, worker=worker) is not None:
            winners.append(worker)
        db_connection.close()

    threads = [threading.Thread(target=claim, args=(f"w{i}",)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len(winners) == 1
    assert Submission.objects.get(pk=submission.pk).claimed_by == winners[0]


def test_a_message_meeting_a_live_lease_sends_nothing_and_comes_back_when_it_runs_out(
    setup, sandbox, published
):
    submission = setup()
    until = timezone.now() + timedelta(seconds=4)
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.SENDING, claimed_by="other", claimed_until=until
    )
    published.clear()

    submission_process(submission_id=submission.pk, worker="me")

    assert not SubmissionAttempt.objects.exists()
    assert posts(sandbox, "aitronos") == []
    [(pk, countdown)] = published
    assert pk == submission.pk and 3.5 < countdown < 5
    # A second such message is a duplicate: one message on its way is enough.
    submission_process(submission_id=submission.pk, worker="me-too")
    assert len(published) == 1


def test_an_attempt_cut_off_by_a_dead_worker_is_looked_up_and_adopted_without_sending_again(
    setup, sandbox
):
    submission = setup()
    # What the dead worker's request did reach: the assistant exists upstream, carrying the
    # submission's marker.
    marker = {MARKER_KEY: str(submission.idempotency_key)}
    with aitronos(sandbox) as client:
        made = client.post(
            "/assistants",
            json={"name": "Maths Tutor", "organization_id": "org_demo", "metadata": marker},
        )
    SubmissionAttempt.objects.create(
        submission=submission, number=1, kind="create", started_at=timezone.now(), worker="dead"
    )
    Submission.objects.filter(pk=submission.pk).update(attempt_count=1)
    _expire_lease(submission)

    submission_process(submission_id=submission.pk, worker="me")

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CREATED
    assert submission.upstream_assistant_id == made.json()["id"]
    assert [(a.kind, a.outcome) for a in submission.attempts.all()] == [
        ("create", "interrupted"),
        ("lookup", "found"),
    ]
    assert len(posts(sandbox, "aitronos")) == 1, "only the one made before"


def test_an_update_cut_off_by_a_dead_worker_is_sent_again_and_applied(setup, sandbox, admin_user):
    # The in-process half of test_live_recovery.py (a worker killed -9 during an update, in
    # `make faults`): the open attempt a dead worker left is closed as interrupted and, an
    # update being safe to resend, sent again by the next worker that takes the lease.
    created = setup("openai")
    submission_process(submission_id=created.pk, worker="me")
    created.refresh_from_db()
    assert created.status == SubmissionStatus.CREATED, created.error_message
    draft = change(created.draft, admin_user, instructions="Survive this.")
    update = submission_update_start(draft=draft, user=admin_user)
    SubmissionAttempt.objects.create(
        submission=update, number=1, kind="update", started_at=timezone.now(), worker="dead"
    )
    Submission.objects.filter(pk=update.pk).update(attempt_count=1)
    _expire_lease(update)

    submission_process(submission_id=update.pk, worker="me")

    update.refresh_from_db()
    assert update.status == SubmissionStatus.UPDATED, update.error_message
    assert [(a.kind, a.outcome, a.worker) for a in update.attempts.all()] == [
        ("update", "interrupted", "dead"),
        ("update", "applied", "me"),
    ]
    live = upstream_of(sandbox, "openai", created.upstream_assistant_id).json()
    assert live["instructions"] == "Survive this."


def test_a_namesake_without_this_submissions_marker_is_not_adopted_however_recent(
    setup, sandbox, settings
):
    # OpenAI shapes allow duplicate names; one made by another client a moment ago is not
    # ours: only the marker decides. The settle window is over, so the create is sent.
    settings.SUBMISSION_SETTLE_WINDOW = 0
    submission = setup("openai")
    SubmissionAttempt.objects.create(
        submission=submission,
        number=1,
        kind="create",
        started_at=timezone.now(),
        outcome="ambiguous",
        finished_at=timezone.now(),
    )
    Submission.objects.filter(pk=submission.pk).update(attempt_count=1)
    headers = {"Authorization": "Bearer sk-sandbox-demo", "OpenAI-Beta": "assistants=v2"}
    namesake = httpx.post(
        f"{sandbox}/openai/v1/assistants",
        json={"name": "Maths Tutor", "model": "gpt-4o", "metadata": {MARKER_KEY: "another"}},
        headers=headers,
    ).json()

    submission_process(submission_id=submission.pk, worker="me")

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CREATED
    assert [(a.kind, a.outcome) for a in submission.attempts.all()][1:] == [
        ("lookup", "not_found"),
        ("create", "created"),
    ]
    assert created_count(sandbox, "openai", "Maths Tutor") == 2
    assert submission.upstream_assistant_id != namesake["id"]


def test_a_submission_whose_worker_keeps_dying_fails_after_the_bound_without_sending_again(
    setup, sandbox, settings
):
    submission = setup()
    SubmissionAttempt.objects.create(
        submission=submission, number=1, kind="create", started_at=timezone.now(), worker="dead"
    )
    Submission.objects.filter(pk=submission.pk).update(
        attempt_count=1, deliveries=settings.SUBMISSION_MAX_DELIVERIES
    )
    _expire_lease(submission)

    submission_process(submission_id=submission.pk, worker="me")

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED
    assert submission.error_code == "worker_lost"
    assert "The worker stopped 3 times" in submission.error_message
    assert [(a.kind, a.outcome) for a in submission.attempts.all()] == [
        ("create", "interrupted"),
        ("lookup", "not_found"),
    ]
    assert posts(sandbox, "aitronos") == [], "nothing was sent again"


def test_the_sweep_sends_what_no_message_is_on_its_way_for_and_nothing_else(setup, published):
    now = timezone.now()
    lost = setup()  # the broker was down when it was submitted
    Submission.objects.filter(pk=lost.pk).update(enqueued_at=None)
    on_its_way = setup()
    Submission.objects.filter(pk=on_its_way.pk).update(enqueued_at=now)
    dead_worker = setup()
    _expire_lease(dead_worker)
    Submission.objects.filter(pk=dead_worker.pk).update(enqueued_at=None)
    alive_worker = setup()
    Submission.objects.filter(pk=alive_worker.pk).update(
        status=SubmissionStatus.SENDING, claimed_by="w", claimed_until=now + timedelta(minutes=1)
    )
    long_wait_due = setup()  # waited longer than a countdown may: no message was sent
    Submission.objects.filter(pk=long_wait_due.pk).update(
        status=SubmissionStatus.RETRYING,
        next_attempt_at=now - timedelta(seconds=1),
        enqueued_at=None,
    )
    not_due = setup()
    Submission.objects.filter(pk=not_due.pk).update(
        status=SubmissionStatus.RETRYING, next_attempt_at=now + timedelta(minutes=5)
    )
    forgotten = setup()  # its message was due long ago and never arrived
    Submission.objects.filter(pk=forgotten.pk).update(enqueued_at=now - timedelta(minutes=5))
    finished = setup()
    Submission.objects.filter(pk=finished.pk).update(status=SubmissionStatus.FAILED)
    published.clear()

    assert submissions_sweep() == 4
    assert sorted(pk for pk, _ in published) == sorted(
        [lost.pk, dead_worker.pk, long_wait_due.pk, forgotten.pk]
    )
    assert submissions_sweep() == 0, "what was just sent is on its way"


def test_a_draft_the_dialect_refuses_is_not_submitted_and_the_errors_name_the_fields(
    transactional_db, sandbox, make_connection, make_draft, admin_user, organization
):
    from assistants.services.drafts import draft_create

    draft = draft_create(organization=organization, user=admin_user, name="No model")
    with pytest.raises(DraftNotSendable) as refused:
        submission_start(
            draft=draft, connection=make_connection(sandbox, "openai"), user=admin_user
        )
    [error] = refused.value.errors
    assert (error.path, error.section) == ("default_model_key", "model")
    assert not Submission.objects.exists()


def test_a_created_draft_and_one_being_sent_cannot_be_submitted_again(
    setup, sandbox, make_connection, admin_user
):
    submission = setup()
    with pytest.raises(SubmissionInProgress):
        submission_start(
            draft=submission.draft,
            connection=make_connection(sandbox, "openai"),
            user=admin_user,
        )
    submission_process(submission_id=submission.pk, worker="me")
    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.CREATED
    with pytest.raises(DraftAlreadyCreated, match="create a copy with a new name"):
        submission_start(draft=submission.draft, connection=submission.connection, user=admin_user)


def test_a_submission_whose_secrets_cannot_be_decrypted_fails_saying_why_and_sends_nothing(
    setup, sandbox, settings
):
    from cryptography.fernet import Fernet

    submission = setup()
    settings.FIELD_ENCRYPTION_KEYS = [Fernet.generate_key().decode()]  # the old key is gone

    submission_process(submission_id=submission.pk, worker="me")

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.FAILED
    assert "Put the old key back" in submission.error_message
    assert posts(sandbox, "aitronos") == []


def test_within_the_settle_window_nothing_is_sent_again_and_the_look_up_is_repeated(
    setup, sandbox, settings, published
):
    settings.SUBMISSION_SETTLE_WINDOW = 60
    submission = setup("openai")
    SubmissionAttempt.objects.create(
        submission=submission,
        number=1,
        kind="create",
        started_at=timezone.now(),
        outcome="ambiguous",
        finished_at=timezone.now(),
    )
    Submission.objects.filter(pk=submission.pk).update(attempt_count=1)
    published.clear()

    submission_process(submission_id=submission.pk, worker="me")

    submission.refresh_from_db()
    assert submission.status == SubmissionStatus.RETRYING
    assert [(a.kind, a.outcome) for a in submission.attempts.all()] == [
        ("create", "ambiguous"),
        ("lookup", "not_yet"),
    ]
    assert "looked for again" in submission.error_message
    assert posts(sandbox, "openai") == [], "no second create inside the window"
    assert [pk for pk, _ in published] == [submission.pk]


def test_the_request_carries_the_submissions_marker_and_the_stored_body_shows_it(setup, sandbox):
    submission = setup("openai")
    assert submission.request_body["metadata"] == {MARKER_KEY: str(submission.idempotency_key)}


def test_a_worker_that_lost_its_lease_writes_nothing_and_sends_nothing(setup, published):
    submission = setup("openai")
    claimed = lease_claim(submission_id=submission.pk, worker="slow")
    run = SubmissionRun(claimed, "slow")
    attempt = run._attempt_start("create")
    # Paused past the lease: another worker claimed it since (a new fencing token).
    Submission.objects.filter(pk=submission.pk).update(claimed_until=timezone.now())
    assert lease_claim(submission_id=submission.pk, worker="fast") is not None

    with pytest.raises(LeaseLost):
        run._attempt_finish(attempt, Reply(Outcome.SUCCESS, http_status=200), "created")
    attempt.refresh_from_db()
    assert (attempt.finished_at, attempt.outcome) == (None, ""), "the attempt is untouched"

    run._renewed_at = time.monotonic() - 3600  # resumed long after its last renewal
    with pytest.raises(LeaseLost):
        run._lease_still_fresh()  # so the create never leaves


def test_leases_are_compared_on_the_databases_clock_not_the_workers(setup, published):
    submission = setup()
    # A lease that, by the database's clock, still holds for 20 s; a worker whose own clock
    # runs a minute ahead would see it as long expired.
    Submission.objects.filter(pk=submission.pk).update(
        status=SubmissionStatus.SENDING,
        claimed_by="live",
        claimed_until=timezone.now() + timedelta(seconds=20),
    )
    with mock.patch(
        "django.utils.timezone.now", return_value=timezone.now() + timedelta(seconds=60)
    ):
        assert lease_claim(submission_id=submission.pk, worker="ahead") is None
