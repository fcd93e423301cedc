"""Celery tasks: thin interfaces that take an id and call a service."""

from celery import shared_task

from assistants.services.health import ping_answer


@shared_task(name="assistants.health_ping")
def health_ping(ping_id: str) -> None:
    ping_answer(ping_id=ping_id, worker=health_ping.request.hostname or "")
