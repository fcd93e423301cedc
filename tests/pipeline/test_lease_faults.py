"""Leases against paused workers and skewed clocks, over real HTTP with real workers.

Its own module: no shared worker runs here (one would take the messages these tests give
to the workers they start, as in test_recovery.py).

`make test` runs the paused worker (SIGSTOP past its lease, then the fence when it resumes)
for the OpenAI Assistants v2 shape, whose replacement adopts what the paused one made (the
stricter check: duplicate names are allowed there) and the worker whose clock runs a minute
ahead (faketime); `make faults` adds the paused worker for Aitronos (about 25 s each on 2
cores). The lease and its fence are the same code for every dialect; Aitronos's look-up runs
in `make test` in test_sandbox_round_trips.py and test_state_machine.py.
"""

import os
import signal
import time
from datetime import timedelta

import pytest
from django.db.models import DateTimeField, ExpressionWrapper, Value
from django.db.models.functions import Now

from assistants.models import Submission, SubmissionAttempt, SubmissionStatus
from assistants.services.submissions.scheduling import message_publish
from tests.pipeline.conftest import (
    PIPELINE_ENV,
    all_but_one_in_make_faults,
    posts,
    publishing_to,
    submit,
    wait_final,
)
from tests.pipeline.test_faults_over_http import assert_adopted_its_own
from tests.processes import celery_worker, wait_until
from tests.sandbox.support import add_fault

pytestmark = pytest.mark.worker

FAKETIME = "/usr/bin/faketime"


@pytest.mark.parametrize("dialect", all_but_one_in_make_faults("openai", ["aitronos", "openai"]))
def test_a_worker_paused_past_its_lease_is_replaced_and_writes_nothing_after_resuming(
    transactional_db, sandbox, make_connection, make_draft, admin_user, redis_url, tmp_path, dialect
):
    env = {**PIPELINE_ENV, "CELERY_BROKER_URL": redis_url}
    paused = celery_worker(tmp_path, name=f"paused-{dialect}", **env)
    replacement = None
    try:
        add_fault(sandbox, mode="delay", seconds=1.5, dialect=dialect)
        with publishing_to(redis_url):
            submission = submit(make_draft(), make_connection(sandbox, dialect), admin_user)
        sending = SubmissionAttempt.objects.filter(submission=submission, kind="create")
        wait_until(sending.exists, 20, "the first worker to start sending")
        time.sleep(0.3)
        paused.kill(signal.SIGSTOP)  # mid-request; the sandbox answers while it is stopped
        # A worker running the sweep every second takes over once the 6 s lease runs out.
        replacement = celery_worker(
            tmp_path,
            name=f"replacement-{dialect}",
            extra_args=["--beat", "--schedule", str(tmp_path / "beat")],
            SUBMISSION_SWEEP_INTERVAL="1",
            **env,
        )
        submission = wait_final(submission, timeout=45)
        history = _history(submission)

        paused.kill(signal.SIGCONT)  # it now reads the answer it was sent long ago…
        wait_until(lambda: "took it over" in paused.log(), 20, "the resumed worker to notice")
        time.sleep(1)
        submission.refresh_from_db()
        assert _history(submission) == history, "…and writes nothing after resuming"
    finally:
        paused.kill(signal.SIGCONT)
        paused.stop()
        if replacement is not None:
            replacement.stop()

    # Paused after its request left (the sandbox made the assistant: the replacement adopts
    # it) or before (nothing was made: the replacement sends once the settle window is over):
    # either way one create reached the upstream, and the resumed worker sent none.
    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    attempts = [(kind, outcome, worker) for kind, outcome, _, worker, _ in history["attempts"]]
    assert attempts[0][:2] == ("create", "interrupted")
    assert attempts[0][2].startswith(f"paused-{dialect}@")
    assert all(w.startswith(f"replacement-{dialect}@") for *_, w in attempts[1:])
    assert len(posts(sandbox, dialect)) == 1, "one create in all"
    if dialect == "openai":
        assert_adopted_its_own(sandbox, submission)


def test_a_worker_whose_clock_runs_a_minute_ahead_does_not_take_over_a_live_lease(
    transactional_db, sandbox, make_connection, make_draft, admin_user, redis_url, tmp_path
):
    if not os.path.exists(FAKETIME):
        pytest.fail(f"{FAKETIME} is missing (Debian package faketime)")
    env = {**PIPELINE_ENV, "CELERY_BROKER_URL": redis_url}
    ahead = celery_worker(tmp_path, name="ahead", wrapper=[FAKETIME, "-f", "+60s"], **env)
    try:
        with publishing_to(redis_url):
            submission = submit(make_draft(), make_connection(sandbox, "openai"), admin_user)
            # Another worker holds a live lease for 20 more seconds by the database's clock
            # (40 s in the past by the clock of the worker ahead).
            live = Submission.objects.filter(pk=submission.pk)
            live.update(
                status=SubmissionStatus.SENDING,
                claimed_by="live-worker",
                claimed_until=ExpressionWrapper(
                    Now() + Value(timedelta(seconds=20)), output_field=DateTimeField()
                ),
            )
            for _ in range(3):  # duplicate messages, as a redelivery would make
                message_publish(submission_id=submission.pk)
            wait_until(lambda: ahead.log().count("] received") >= 3, 30, "the messages to arrive")
            time.sleep(2)
            assert live.values_list("claimed_by", flat=True).get() == "live-worker"
            assert not SubmissionAttempt.objects.filter(submission=submission).exists()
            assert posts(sandbox, "openai") == []

            # The holder's lease runs out (by the database's clock): now it may take over.
            live.update(
                claimed_until=ExpressionWrapper(
                    Now() - Value(timedelta(seconds=1)), output_field=DateTimeField()
                )
            )
            message_publish(submission_id=submission.pk)
            submission = wait_final(submission, timeout=30)
    finally:
        ahead.stop()

    assert_adopted_its_own(sandbox, submission)
    assert len(posts(sandbox, "openai")) == 1


# --- Helpers ---------------------------------------------------------------------------------


def _history(submission: Submission) -> dict:
    return {
        "attempts": list(
            submission.attempts.order_by("number").values_list(
                "kind", "outcome", "finished_at", "worker", "error_code"
            )
        ),
        "row": Submission.objects.filter(pk=submission.pk)
        .values_list("status", "upstream_assistant_id", "updated_at", "lease_generation")
        .get(),
    }
