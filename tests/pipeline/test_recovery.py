"""Recovery: a worker killed mid-request, and a broker that is down when someone submits.

Each test starts its own workers (none from the other modules runs here), so it controls
which process gets the message.

`make test` runs the kill -9 for the OpenAI Assistants v2 shape only (about 20 s each on 2
cores: two workers and Redis's redelivery); `make faults` runs it for Aitronos and OpenAI v1
too. OpenAI is the one kept because it allows duplicate names, so a second create would show
as a second assistant rather than as a refusal. What differs between the dialects after a
kill is only the look-up, and each dialect's look-up of a create whose answer was lost runs
in `make test` (test_sandbox_round_trips.py, `drop_after_create` for every dialect), as does
an open attempt left by a dead worker being closed and looked up (test_state_machine.py). The
broker outage has one case, in `make test`.
"""

import time

import pytest

from assistants.models import Submission, SubmissionAttempt, SubmissionStatus
from tests.pipeline.conftest import (
    DIALECTS,
    PIPELINE_ENV,
    all_but_one_in_make_faults,
    created_count,
    posts,
    publishing_to,
    submit,
    wait_final,
)
from tests.processes import celery_worker, free_port, wait_until
from tests.sandbox.support import add_fault

pytestmark = pytest.mark.worker


@pytest.mark.parametrize("dialect", all_but_one_in_make_faults("openai", DIALECTS))
def test_a_worker_killed_during_a_slow_reply_leaves_one_assistant_and_a_finished_submission(
    transactional_db, sandbox, make_connection, make_draft, admin_user, redis_url, tmp_path, dialect
):
    env = {
        **PIPELINE_ENV,
        "CELERY_BROKER_URL": redis_url,
        # Redis hands a dead worker's message to another after this long (past the 6 s
        # lease, as in production where it is an hour)…
        "CELERY_VISIBILITY_TIMEOUT": "8",
        # …checked every second (so the test need not wait kombu's default 100 s).
        "CELERY_UNACKED_RESTORE_INTERVAL": "1",
    }
    doomed = celery_worker(tmp_path, name=f"doomed-{dialect}", **env)
    survivor = None
    try:
        add_fault(sandbox, mode="delay", seconds=2, dialect=dialect)
        with publishing_to(redis_url):
            submission = submit(make_draft(), make_connection(sandbox, dialect), admin_user)
        sending = SubmissionAttempt.objects.filter(submission=submission, kind="create")
        wait_until(sending.exists, 20, "the first worker to start sending")
        time.sleep(0.5)  # the request is on the wire; the sandbox is sleeping on it
        doomed.kill()  # SIGKILL, worker and pool alike: no chance to ack or clean up

        survivor = celery_worker(tmp_path, name=f"survivor-{dialect}", **env)
        submission = wait_final(submission, timeout=45)
    finally:
        doomed.stop()
        if survivor is not None:
            survivor.stop()

    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    attempts = list(submission.attempts.all())
    steps = [(a.kind, a.outcome) for a in attempts]
    # Killed after its request left: the survivor finds the assistant at once. On a busy
    # machine the kill can come before the request left: then nothing was made, the
    # survivor looks again through the settle window and sends it itself. One create either
    # way.
    assert steps[0] == ("create", "interrupted")
    assert steps[-1] in (("lookup", "found"), ("create", "created"))
    if steps[-1] == ("create", "created"):
        assert set(steps[1:-2]) <= {("lookup", "not_yet")}
        assert steps[-2] == ("lookup", "not_found")
    else:
        assert steps == [("create", "interrupted"), ("lookup", "found")]
    assert attempts[0].worker.startswith(f"doomed-{dialect}@")
    assert all(a.worker.startswith(f"survivor-{dialect}@") for a in attempts[1:])
    assert created_count(sandbox, dialect, "Maths Tutor") == 1
    assert len(posts(sandbox, dialect)) == 1, "the survivor sent nothing again"


def test_a_submission_made_while_the_broker_is_down_is_sent_by_the_sweep_once_it_is_back(
    transactional_db, sandbox, make_connection, make_draft, admin_client, tmp_path
):
    connection = make_connection(sandbox, "aitronos")
    draft = make_draft()
    dead_broker = f"redis://127.0.0.1:{free_port()}/0"  # nothing listens there
    with publishing_to(dead_broker):
        response = admin_client.post(
            f"/assistants/{draft.pk}/submit/", {"connection": connection.pk}, HTTP_HX_REQUEST="true"
        )
    html = response.content.decode()
    assert response.status_code == 200
    assert "will be sent automatically as soon as it is back" in html
    submission = Submission.objects.get(draft=draft)
    assert (submission.status, submission.enqueued_at) == (SubmissionStatus.QUEUED, None)
    assert (
        "Waiting for the task queue"
        in admin_client.get(f"/submissions/{submission.pk}/timeline/").content.decode()
    )

    # The broker is back: a worker with beat running the sweep every second.
    schedule = tmp_path / "beat-schedule"
    worker = celery_worker(
        tmp_path,
        name="sweeper",
        extra_args=["--beat", "--schedule", str(schedule)],
        SUBMISSION_SWEEP_INTERVAL="1",
        **PIPELINE_ENV,
    )
    try:
        submission = wait_final(submission, timeout=30)
    finally:
        worker.stop()
    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    assert created_count(sandbox, "aitronos", "Maths Tutor") == 1
