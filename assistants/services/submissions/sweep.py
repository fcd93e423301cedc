"""The periodic sweep (Celery beat): send what no message is on its way for.

That is: submissions stored while the broker was down, waits longer than a countdown may
be, and submissions whose worker died holding the lease. Nothing is lost as long as the row
is in the database.
"""

from datetime import timedelta

from django.conf import settings
from django.db.models import Q

from assistants.models import ACTIVE_STATUSES, Submission
from assistants.services.submissions.scheduling import db_now, message_publish

BATCH = 200


def _no_message_on_its_way(now) -> Q:
    stale = now - timedelta(seconds=settings.SUBMISSION_SWEEP_STALE_AFTER)
    return Q(enqueued_at__isnull=True) | Q(enqueued_at__lt=stale)


def submissions_sweep() -> int:
    """Enqueue every submission that is due, unclaimed and has no message; how many were."""
    now = db_now()
    due = (
        Submission.objects.filter(status__in=ACTIVE_STATUSES)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .filter(_no_message_on_its_way(now))
        .order_by("created_at")
        .values_list("pk", flat=True)[:BATCH]
    )
    sent = 0
    for pk in list(due):
        # Conditional, so two sweeps running at once send one message, not two.
        if not Submission.objects.filter(_no_message_on_its_way(now), pk=pk).update(
            enqueued_at=now
        ):
            continue
        if not message_publish(submission_id=pk):
            Submission.objects.filter(pk=pk).update(enqueued_at=None)
            break  # the broker is down: the next sweep tries again
        sent += 1
    return sent
