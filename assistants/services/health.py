"""The worker round trip: a ping row is written by the web, answered by the worker."""

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assistants.models import HealthPing, Organization


@transaction.atomic
def ping_create(*, organization: Organization | None = None) -> HealthPing:
    """A ping for the worker to answer; `organization`: who asked (None: a system check).

    An organisation's pings are rate-limited: asking again within HEALTH_PING_MIN_INTERVAL
    returns the last ping instead of queuing another task, so nobody can fill the queue."""
    from assistants.tasks import health_ping

    if organization is not None:
        # The organisation's row as a lock: two pings asked at once take turns here.
        Organization.objects.select_for_update().filter(pk=organization.pk).first()
        since = timezone.now() - timedelta(seconds=settings.HEALTH_PING_MIN_INTERVAL)
        recent = (
            HealthPing.objects.filter(organization=organization, created_at__gte=since)
            .order_by("-created_at")
            .first()
        )
        if recent is not None:
            return recent
    ping = HealthPing.objects.create(organization=organization)
    transaction.on_commit(lambda: health_ping.delay(str(ping.id)))
    return ping


def ping_answer(*, ping_id: str, worker: str) -> None:
    HealthPing.objects.filter(id=ping_id, answered_at__isnull=True).update(
        answered_at=timezone.now(), worker=worker[:200]
    )
