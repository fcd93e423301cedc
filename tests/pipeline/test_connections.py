"""The connections pages: admins only, and the API key never shown again."""

import io

import pytest
from django.core.management import call_command
from django.test import Client

from assistants.models import Connection, Organization
from assistants.services.connections import connection_create

KEY = "sk-live-very-secret-7f3a"


def form(**overrides) -> dict:
    return {
        "name": "Production",
        "dialect": "aitronos",
        "base_url": "https://api.aitronos.test",
        "api_key": KEY,
        **overrides,
    }


def test_an_admin_adds_a_connection_whose_key_is_stored_encrypted_and_shown_as_its_last_four(
    admin_client, organization
):
    response = admin_client.post("/connections/new/", form(is_default="on"))
    assert response.status_code == 302
    connection = Connection.objects.get(organization=organization)
    assert KEY not in connection.api_key_encrypted
    assert connection.api_key == KEY
    assert connection.is_default

    for url in ("/connections/", f"/connections/{connection.pk}/"):
        html = admin_client.get(url).content.decode()
        assert KEY not in html
        assert "••••7f3a" in html


def test_a_blank_key_keeps_the_old_one_and_a_new_key_replaces_it(admin_client, organization):
    admin_client.post("/connections/new/", form())
    connection = Connection.objects.get()
    admin_client.post(f"/connections/{connection.pk}/", form(api_key="", name="Renamed"))
    connection.refresh_from_db()
    assert (connection.name, connection.api_key) == ("Renamed", KEY)
    admin_client.post(f"/connections/{connection.pk}/", form(api_key="sk-new-key-0001"))
    connection.refresh_from_db()
    assert connection.api_key == "sk-new-key-0001"


def test_a_key_typed_into_a_form_with_errors_is_not_sent_back(admin_client):
    response = admin_client.post("/connections/new/", form(base_url="not a url"))
    assert response.status_code == 422
    assert KEY not in response.content.decode()


def test_a_base_url_with_the_endpoint_in_it_is_refused_with_what_to_type(admin_client):
    response = admin_client.post(
        "/connections/new/", form(base_url="https://api.aitronos.test/v1/assistants")
    )
    assert response.status_code == 422
    assert "Leave out /v1/assistants" in response.content.decode()


def test_making_a_connection_the_default_takes_it_from_the_other(organization):
    first = connection_create(
        organization=organization,
        name="A",
        dialect="openai",
        base_url="https://a.test",
        api_key=KEY,
        is_default=True,
    )
    second = connection_create(
        organization=organization,
        name="B",
        dialect="openai",
        base_url="https://b.test",
        api_key=KEY,
        is_default=True,
    )
    first.refresh_from_db()
    second.refresh_from_db()
    assert (first.is_default, second.is_default) == (False, True)


def test_a_connection_name_is_unique_in_the_organisation(admin_client):
    admin_client.post("/connections/new/", form())
    response = admin_client.post("/connections/new/", form())
    assert response.status_code == 422
    assert "Another connection is already called" in response.content.decode()


@pytest.mark.parametrize("url", ["/connections/", "/connections/new/"])
def test_editors_cannot_open_the_connections_pages_nor_see_the_link(editor_user, organization, url):
    client = Client()
    client.force_login(editor_user)
    assert client.get(url).status_code == 403
    assert 'href="/connections/"' not in client.get("/submissions/").content.decode()


def test_another_organisations_connection_is_not_found(admin_client):
    other = Organization.objects.create(name="Other", slug="other", upstream_id="org_other")
    connection = connection_create(
        organization=other,
        name="Theirs",
        dialect="openai",
        base_url="https://x.test",
        api_key=KEY,
    )
    assert admin_client.get(f"/connections/{connection.pk}/").status_code == 404


def test_a_used_connection_cannot_be_deleted_and_an_unused_one_can(
    admin_client, organization, admin_user
):
    from assistants.models import Submission
    from assistants.services.drafts import draft_create

    used = connection_create(
        organization=organization,
        name="Used",
        dialect="openai",
        base_url="https://x.test",
        api_key=KEY,
    )
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    Submission.objects.create(
        organization=organization,
        draft=draft,
        connection=used,
        dialect="openai",
        status="failed",
    )
    response = admin_client.post(f"/connections/{used.pk}/delete/")
    assert response.status_code == 409
    assert "was used for 1 submission" in response.content.decode()
    unused = connection_create(
        organization=organization,
        name="Unused",
        dialect="openai",
        base_url="https://y.test",
        api_key=KEY,
    )
    assert admin_client.post(f"/connections/{unused.pk}/delete/").status_code == 302
    assert not Connection.objects.filter(pk=unused.pk).exists()


def test_demo_setup_gives_the_demo_organisation_sandbox_connections_once(db, settings):
    settings.DEMO_ORGANIZATION_NAME = "Demo Organisation"
    settings.SANDBOX_URL = "http://127.0.0.1:8765"
    settings.SANDBOX_API_KEYS = "sk-sandbox-demo=org_demo"
    demo = Organization.objects.create(
        name="Demo Organisation", slug="demo-organisation", upstream_id="org_demo"
    )
    call_command("demo_setup", stdout=io.StringIO())
    call_command("demo_setup", stdout=io.StringIO())  # idempotent
    connections = Connection.objects.filter(organization=demo).order_by("name")
    assert [c.base_url for c in connections] == [
        "http://127.0.0.1:8765/aitronos",
        "http://127.0.0.1:8765/openai_v1",
        "http://127.0.0.1:8765/openai",
    ]
    assert {c.api_key for c in connections} == {"sk-sandbox-demo"}
    assert [c.name for c in connections if c.is_default] == ["Sandbox (Aitronos)"]
