import pytest

from assistants.models import HealthPing
from assistants.services.health import ping_create
from tests.processes import wait_until


@pytest.mark.smoke
@pytest.mark.worker
def test_a_real_worker_answers_the_health_ping_through_the_broker(worker):
    ping = ping_create()  # transactional_db: the enqueue happens on commit (autocommit)
    wait_until(lambda: HealthPing.objects.get(id=ping.id).answered, 30, "the worker's answer")
    answered = HealthPing.objects.get(id=ping.id)
    assert answered.worker.startswith("worker@")
    assert answered.answered_at >= answered.created_at


def test_the_status_page_polls_until_the_worker_answers(admin_client):
    response = admin_client.post("/system/ping/", HTTP_HX_REQUEST="true")
    ping = HealthPing.objects.get()
    assert b"Waiting for the worker" in response.content
    assert f"/system/ping/{ping.id}/".encode() in response.content, "must keep polling"
    HealthPing.objects.update(answered_at=ping.created_at, worker="worker@test")
    response = admin_client.get(f"/system/ping/{ping.id}/", HTTP_HX_REQUEST="true")
    assert b"worker@test" in response.content
    assert b"hx-get" not in response.content, "must stop polling once answered"


def test_a_check_is_seen_only_by_the_organisation_that_asked(
    admin_client, organization, other_organization
):
    from django.test import Client

    from tests.conftest import make_member

    admin_client.post("/system/ping/", HTTP_HX_REQUEST="true")
    ping = HealthPing.objects.get()
    assert ping.organization == organization
    stranger = Client()
    stranger.force_login(make_member(other_organization, "sam"))
    assert stranger.get(f"/system/ping/{ping.id}/", HTTP_HX_REQUEST="true").status_code == 404
    assert f"/system/ping/{ping.id}/" not in stranger.get("/system/").content.decode()


def test_a_worker_keeps_its_database_connection_from_task_to_task(transactional_db):
    """Celery's Django fixup closes the connection around every task unless told otherwise
    (settings.CELERY_DB_REUSE_MAX): a new PostgreSQL connection per submission."""
    from types import SimpleNamespace

    from celery.fixups.django import DjangoWorkerFixup
    from django.db import connection

    from config.celery import app

    connection.ensure_connection()
    opened = connection.connection
    fixup = DjangoWorkerFixup(app)
    task = SimpleNamespace(request=SimpleNamespace(is_eager=False))
    for _ in range(20):
        fixup.on_task_prerun(sender=task)
        fixup.on_task_postrun(sender=task)
    assert connection.connection is opened
