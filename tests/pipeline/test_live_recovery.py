"""A worker killed during an update: another finishes it, and the change is applied once.

A module of its own: the other live tests keep a pipeline worker on the same broker, which
could take the message before the worker this test kills.

In `make faults` only (marker `faults`; about 35 s on 2 cores: three workers and Redis's
redelivery). What it proves runs in `make test` in parts: a worker killed -9 mid-request
whose message Redis hands to another (test_recovery.py, for a create), an update attempt a
dead worker left open being closed as interrupted and sent again
(test_state_machine.py::test_an_update_cut_off_by_a_dead_worker_is_sent_again_and_applied),
and an update whose answer was lost being resent (test_live_updates.py).
"""

import pytest

from assistants.models import SubmissionAttempt, SubmissionStatus
from assistants.services.submissions import submission_update_start
from tests.pipeline.conftest import PIPELINE_ENV, publishing_to, wait_final
from tests.pipeline.test_live_updates import change, live_draft, upstream_of
from tests.processes import celery_worker, wait_until
from tests.sandbox.support import add_fault

pytestmark = [pytest.mark.worker, pytest.mark.faults]


def test_a_worker_killed_during_an_update_is_finished_by_another(
    transactional_db, sandbox, make_connection, make_draft, admin_user, redis_url, tmp_path
):
    env = {
        **PIPELINE_ENV,
        "CELERY_BROKER_URL": redis_url,
        "CELERY_VISIBILITY_TIMEOUT": "8",
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }
    first = celery_worker(tmp_path, name="first", **env)
    doomed = survivor = None
    try:
        with publishing_to(redis_url):
            draft = live_draft(make_draft, make_connection, admin_user, sandbox, "openai")
        first.stop()
        doomed = celery_worker(tmp_path, name="doomed", **env)
        draft = change(draft, admin_user, instructions="Survive this.")
        add_fault(sandbox, mode="delay", seconds=2, on=["update"], dialect="openai")
        with publishing_to(redis_url):
            submission = submission_update_start(draft=draft, user=admin_user)
        sending = SubmissionAttempt.objects.filter(submission=submission, kind="update")
        wait_until(sending.exists, 20, "the doomed worker to start sending")
        # At once: its attempt is open (committed before the request goes out) and the
        # sandbox holds the request for 2 s, so the kill lands before any answer on even a
        # slow, loaded machine.
        doomed.kill()
        survivor = celery_worker(tmp_path, name="survivor", **env)
        submission = wait_final(submission, timeout=45)
    finally:
        for child in (first, doomed, survivor):
            if child is not None:
                child.stop()

    assert submission.status == SubmissionStatus.UPDATED, submission.error_message
    attempts = list(submission.attempts.all())
    assert [(a.kind, a.outcome) for a in attempts] == [
        ("update", "interrupted"),
        ("update", "applied"),
    ]
    assert attempts[0].worker.startswith("doomed@")
    assert attempts[1].worker.startswith("survivor@")
    live = upstream_of(sandbox, "openai", draft.upstream_assistant_id).json()
    assert live["instructions"] == "Survive this."
