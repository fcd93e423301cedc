"""Issue 17, points 13-16: invitations, lockout and throttles, bounded lists and imports,
deploy checks and audit events."""

import re

from django.contrib.auth import get_user_model
from django.core.checks import run_checks
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from rest_framework.test import APIClient

from api.tokens import token_create, token_revoke
from assistants.models import HealthPing, Membership
from audit.models import AuditEvent
from directory.models import DirectoryEntry, DirectoryImport
from tests.conftest import make_member

# --- 13. Invitations -------------------------------------------------------------------------


def test_an_account_of_another_organisation_joins_only_by_accepting(
    admin_client, organization, other_organization
):
    outsider = make_member(other_organization, "outsider", "admin")
    page = admin_client.post(
        "/organization/members/", {"username": "outsider", "role": "editor"}
    ).content.decode()
    assert not Membership.objects.filter(user=outsider, organization=organization).exists()
    link = page.split('id="invite-link">')[1].split("<")[0].split("testserver", 1)[1]
    # Someone else holding the link cannot accept it for them.
    stranger = Client()
    stranger.force_login(make_member(other_organization, "stranger"))
    stranger.post(link, {"answer": "accept"})
    assert not Membership.objects.filter(user=outsider, organization=organization).exists()
    invited = Client()
    invited.force_login(outsider)
    assert invited.post(link, {"answer": "accept"}).status_code == 302
    assert Membership.objects.get(user=outsider, organization=organization).role == "editor"
    assert invited.post(link, {"answer": "accept"}).status_code == 404, "used once"


def test_the_invited_person_can_decline(admin_client, organization, other_organization):
    outsider = make_member(other_organization, "outsider2")
    page = admin_client.post(
        "/organization/members/", {"username": "outsider2", "role": "viewer"}
    ).content.decode()
    link = page.split('id="invite-link">')[1].split("<")[0].split("testserver", 1)[1]
    invited = Client()
    invited.force_login(outsider)
    invited.post(link, {"answer": "decline"})
    assert not Membership.objects.filter(user=outsider, organization=organization).exists()
    assert AuditEvent.objects.filter(action="invitation.declined").exists()


def test_the_form_answers_the_same_for_an_existing_and_an_unknown_username(
    admin_client, other_organization
):
    make_member(other_organization, "exists-somewhere")

    def answer(username: str) -> str:
        page = admin_client.post(
            "/organization/members/", {"username": username, "role": "viewer"}
        ).content.decode()
        link = page.split('id="invite-link">')[1].split("<")[0]
        page = re.sub(r'(csrfmiddlewaretoken" value=|X-CSRFToken": )"[^"]+"', "CSRF", page)
        return page.replace(link, "LINK").replace(username, "NAME")

    assert answer("exists-somewhere") == answer("nobody-by-this-name")
    assert not get_user_model().objects.filter(username="nobody-by-this-name").exists()


# --- 14. Lockout by address; token guessing throttled ---------------------------------------


def test_spraying_few_guesses_at_many_accounts_from_one_address_is_locked_out(organization):
    for n in range(6):
        make_member(organization, f"sprayed{n}", "viewer")
    client = Client(REMOTE_ADDR="203.0.113.9")
    for n in range(6):
        client.post("/accounts/login/", {"username": f"sprayed{n}", "password": "Winter2026!"})
    user = get_user_model().objects.get(username="sprayed5")
    user.set_password("the-right-password-5")
    user.save()
    response = client.post(
        "/accounts/login/", {"username": "sprayed5", "password": "the-right-password-5"}
    )
    assert response.status_code != 302, "the address is locked out"
    elsewhere = Client(REMOTE_ADDR="198.51.100.7")
    response = elsewhere.post(
        "/accounts/login/", {"username": "sprayed5", "password": "the-right-password-5"}
    )
    assert response.status_code == 302, "the account itself is not locked for everyone"


def test_guessing_api_tokens_is_throttled(admin_user, settings):
    api = APIClient(REMOTE_ADDR="203.0.113.10")
    statuses = []
    for n in range(25):
        api.credentials(HTTP_AUTHORIZATION=f"Bearer ab_guess{n}")
        statuses.append(api.get("/api/v1/drafts/").status_code)
    assert statuses[0] == 401 and statuses[-1] == 429
    assert "Retry-After" in api.get("/api/v1/drafts/")
    real = token_create(user=admin_user, name="real")[1]
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {real}")
    assert api.get("/api/v1/drafts/").status_code == 429, "no more guesses from there for now"
    other = APIClient(REMOTE_ADDR="198.51.100.8")
    other.credentials(HTTP_AUTHORIZATION=f"Bearer {real}")
    assert other.get("/api/v1/drafts/").status_code == 200


# --- 15. Bounded lists, imports and pings ---------------------------------------------------


def test_the_directory_page_is_paginated(admin_client, organization):
    DirectoryEntry.objects.bulk_create(
        DirectoryEntry(organization=organization, kind="departments", ident=f"d{n}", name=f"D{n}")
        for n in range(250)
    )
    page = admin_client.get("/directory/").content.decode()
    assert page.count("<tr><td>") == 100
    assert "Page 1 of 3" in page


def test_every_api_list_is_paginated(admin_user):
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=admin_user, name='t')[1]}")
    for url in ("drafts", "submissions", "connections", "organizations"):
        body = api.get(f"/api/v1/{url}/").json()
        assert isinstance(body, dict), url
        assert set(body) >= {"count", "next", "previous", "results"}, url


def test_a_csv_import_runs_as_a_background_job_with_progress(
    admin_client, organization, django_capture_on_commit_callbacks, settings
):
    settings.CELERY_TASK_ALWAYS_EAGER = True
    rows = "kind,id,name\n" + "".join(f"departments,dept_{n},Dept {n}\n" for n in range(5000))
    upload = SimpleUploadedFile("big.csv", rows.encode(), content_type="text/csv")
    from config.celery import app

    app.conf.task_always_eager = True
    try:
        with django_capture_on_commit_callbacks(execute=True):
            response = admin_client.post("/directory/upload/", {"csv-file": upload})
    finally:
        app.conf.task_always_eager = False
    job = DirectoryImport.objects.get()
    assert response.status_code == 302 and response.url == f"/directory/imports/{job.pk}/"
    assert job.status == "done" and job.processed == job.total == 5000 and job.created == 5000
    assert DirectoryEntry.objects.filter(organization=organization).count() == 5000
    page = admin_client.get(response.url).content.decode()
    assert "Imported 5000 new" in page
    assert AuditEvent.objects.filter(action="directory.imported").exists()


def test_a_csv_over_the_limits_is_refused_before_any_work(admin_client, settings):
    settings.DIRECTORY_CSV_MAX_BYTES = 1000
    upload = SimpleUploadedFile("big.csv", b"departments,d,D\n" * 200)
    response = admin_client.post("/directory/upload/", {"csv-file": upload}, follow=True)
    assert "at most 1,000 can be imported" in response.content.decode()
    assert not DirectoryImport.objects.exists()


def test_health_pings_are_rate_limited(organization, viewer_user, settings):
    settings.HEALTH_PING_MIN_INTERVAL = 60
    viewer = Client()
    viewer.force_login(viewer_user)
    for _ in range(5):
        assert viewer.post("/system/ping/").status_code == 200
    assert HealthPing.objects.filter(organization=organization).count() == 1


# --- 16. Deploy checks and audit ---------------------------------------------------------------


def _deploy_errors() -> set[str]:
    return {message.id for message in run_checks(include_deployment_checks=True)}


def test_check_deploy_fails_without_encryption_keys(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    assert "assistants.E001" in _deploy_errors()


def test_check_deploy_fails_with_private_outbound_in_production(settings):
    settings.DEBUG = False
    settings.OUTBOUND_ALLOW_PRIVATE = True
    assert "assistants.E002" in _deploy_errors()
    settings.OUTBOUND_ALLOW_PRIVATE = False
    assert "assistants.E002" not in _deploy_errors()


def test_directory_changes_and_api_tokens_are_audited(admin_client, admin_user, organization):
    admin_client.post(
        "/directory/",
        {"entry-kind": "departments", "entry-name": "Finance", "entry-ident": "dept_f"},
    )
    entry = DirectoryEntry.objects.get(ident="dept_f")
    admin_client.post(f"/directory/{entry.pk}/delete/")
    token, _ = token_create(user=admin_user, name="ci")
    token_revoke(token=token)
    actions = set(
        AuditEvent.objects.filter(organization=organization).values_list("action", flat=True)
    )
    assert {
        "directory.entry_saved",
        "directory.entry_removed",
        "api_token.created",
        "api_token.revoked",
    } <= actions
