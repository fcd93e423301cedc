"""Putting a submission's message on the queue, and how long to wait between tries.

A message only says "look at submission N"; the database decides what happens. So a
message that is lost is replaced by the sweep, and one delivered twice does no harm.
`Submission.enqueued_at` records when the last message was due, so neither the sweep nor a
worker stacks up more messages than needed.
"""

import logging
import random
from datetime import datetime, timedelta

from django.conf import settings
from django.db import connection
from django.db.models import Q

from assistants.models import Submission

logger = logging.getLogger(__name__)

# Publishing gives up quickly when the broker is down: the sweep sends it later, and the
# person who pressed Submit should not wait on a dead broker.
PUBLISH_RETRY_POLICY = {"max_retries": 2, "interval_start": 0, "interval_step": 0.2}


def db_now() -> datetime:
    """The database's clock: lease and due times are compared on it, never a worker's own
    (a worker whose clock runs ahead would take over a live lease)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT STATEMENT_TIMESTAMP()")
        return cursor.fetchone()[0]


def message_publish(*, submission_id: int, countdown: float = 0) -> bool:
    """Put one message on the queue; False (logged) when the broker cannot be reached."""
    from assistants.tasks import submission_send

    try:
        submission_send.apply_async(
            (submission_id,),
            countdown=max(0.0, countdown) or None,
            retry=True,
            retry_policy=PUBLISH_RETRY_POLICY,
        )
    except Exception as error:  # kombu's OperationalError, socket errors, …
        logger.warning(
            "Submission %s: could not reach the broker (%s); the sweep will send it.",
            submission_id,
            error,
        )
        return False
    return True


def submission_enqueue(*, submission: Submission) -> bool:
    """Send the message for a new submission (run on commit); remember whether it went."""
    sent = message_publish(submission_id=submission.pk)
    submission.enqueued_at = db_now() if sent else None
    Submission.objects.filter(pk=submission.pk).update(enqueued_at=submission.enqueued_at)
    return sent


def enqueue_at(*, submission_id: int, when: datetime) -> bool:
    """A message due at `when`, or none when that is past the countdown limit (the sweep's)."""
    countdown = (when - db_now()).total_seconds()
    if countdown > settings.SUBMISSION_COUNTDOWN_LIMIT:
        Submission.objects.filter(pk=submission_id).update(enqueued_at=None)
        return False
    Submission.objects.filter(pk=submission_id).update(enqueued_at=when)
    if message_publish(submission_id=submission_id, countdown=countdown):
        return True
    Submission.objects.filter(pk=submission_id).update(enqueued_at=None)
    return False


def recheck_later(*, submission_id: int) -> bool:
    """A message found the submission owned by another worker, or not due yet.

    Send one for when it can be taken, unless another message is already on its way (then
    this one was a duplicate). This is how a message redelivered after its worker died
    finishes the job once that worker's lease runs out.
    """
    submission = Submission.objects.filter(pk=submission_id).first()
    if submission is None or submission.is_final:
        return False
    now = db_now()
    moments = [m for m in (submission.claimed_until, submission.next_attempt_at) if m]
    when = max([now, *moments]) + timedelta(seconds=0.2)
    if (when - now).total_seconds() > settings.SUBMISSION_COUNTDOWN_LIMIT:
        return False  # the sweep takes it from here
    nothing_on_its_way = Q(enqueued_at__isnull=True) | Q(
        enqueued_at__lte=now + timedelta(seconds=1)
    )
    if not Submission.objects.filter(nothing_on_its_way, pk=submission_id).update(enqueued_at=when):
        return False
    return enqueue_at(submission_id=submission_id, when=when)


def backoff_seconds(tries: int) -> float:
    """Exponential backoff with jitter: base·2^(tries-1), capped, then half to all of it."""
    ceiling = min(
        settings.SUBMISSION_BACKOFF_MAX, settings.SUBMISSION_BACKOFF_BASE * 2 ** max(0, tries - 1)
    )
    return random.uniform(ceiling / 2, ceiling)
