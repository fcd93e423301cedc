"""The worker round trip: a ping row is written by the web, answered by the worker."""

from django.db import transaction
from django.utils import timezone

from assistants.models import HealthPing, Organization


def ping_create(*, organization: Organization | None = None) -> HealthPing:
    """A ping for the worker to answer; `organization`: who asked (None: a system check)."""
    from assistants.tasks import health_ping

    ping = HealthPing.objects.create(organization=organization)
    transaction.on_commit(lambda: health_ping.delay(str(ping.id)))
    return ping


def ping_answer(*, ping_id: str, worker: str) -> None:
    HealthPing.objects.filter(id=ping_id, answered_at__isnull=True).update(
        answered_at=timezone.now(), worker=worker[:200]
    )
