"""Celery tasks: thin interfaces that take an id and call a service."""

import os
import uuid

from celery import shared_task

from assistants.services.health import ping_answer
from assistants.services.live import drift_check_all
from assistants.services.submissions import submission_process, submissions_sweep
from assistants.services.submissions.reconcile import reconcile_delay, submission_reconcile


@shared_task(name="assistants.health_ping")
def health_ping(ping_id: str) -> None:
    ping_answer(ping_id=ping_id, worker=health_ping.request.hostname or "")


# --- Submissions ------------------------------------------------------------------------
# acks_late and reject_on_worker_lost (settings) put the message back when a worker dies
# mid-task; the lease in submission_process makes a second delivery harmless.


def _worker_name(request) -> str:
    # Unique per run: a redelivered message keeps its task id, and pids are reused.
    return f"{request.hostname or 'worker'}:{os.getpid()}:{uuid.uuid4().hex[:8]}"


@shared_task(name="assistants.submission_send", bind=True)
def submission_send(self, submission_id: int) -> None:
    submission_process(submission_id=submission_id, worker=_worker_name(self.request))


@shared_task(name="assistants.submission_reconcile", bind=True, max_retries=20)
def submission_reconcile_task(self, submission_id: int) -> list[str]:
    """Remove a paused worker's second copy; again later while the submission is running
    or the upstream cannot be read."""
    result = submission_reconcile(submission_id=submission_id)
    if result.later or result.error:
        raise self.retry(countdown=reconcile_delay())
    return result.removed


@shared_task(name="assistants.submissions_sweep")
def submissions_sweep_task() -> int:
    return submissions_sweep()


@shared_task(name="assistants.drift_check")
def drift_check_task() -> int:
    """The periodic "Check live" (DRIFT_CHECK_INTERVAL, off by default)."""
    return drift_check_all()
