import re

import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from assistants.models import Membership, Role
from tests.conftest import make_member

# Views that must stay reachable without signing in.
PUBLIC_ROUTE_NAMES = {
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
}
SAMPLE_VALUES = {
    "int": "1",
    "uuid": "00000000-0000-0000-0000-000000000001",
    "slug": "x",
    "str": "x",
    "path": "x",
}


def all_routes(resolver: URLResolver | None = None, prefix: str = ""):
    """Every URL pattern (admin excluded: it has its own sign-in), with sample arguments."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            if not route.startswith("admin/"):
                yield from all_routes(pattern, route)
        elif isinstance(pattern, URLPattern) and pattern.name not in PUBLIC_ROUTE_NAMES:
            url = re.sub(r"\(\?P<pk>[^)]+\)", "1", route)  # the API router's regex routes
            url = re.sub(r"<(?:(\w+):)?\w+>", lambda m: SAMPLE_VALUES[m.group(1) or "str"], url)
            url = re.sub(r"\\\.\(\?P<format>[^)]+\)/?", ".json", url)
            yield pattern.name or route, "/" + url


def dashboard_routes():
    return [(n, u) for n, u in all_routes() if not u.startswith("/api/")]


# The API documentation is public (it describes the API, holds no data).
PUBLIC_API_ROUTES = {"api_schema", "api_docs", "api_redoc"}


def api_routes():
    return [(n, u) for n, u in all_routes() if u.startswith("/api/") and n not in PUBLIC_API_ROUTES]


@pytest.mark.smoke
@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post"])
def test_an_anonymous_visitor_is_sent_to_sign_in_from_every_page(client, method):
    routes = list(dashboard_routes())
    assert len(routes) >= 4, "the route walker found too few routes to be trusted"
    for name, url in routes:
        response = getattr(client, method)(url)
        assert response.status_code == 302, f"{name} {url} answered {response.status_code}"
        assert response.url.startswith(reverse("login")), f"{name} {url} -> {response.url}"


@pytest.mark.django_db
@pytest.mark.parametrize("method", ["get", "post", "patch", "delete"])
def test_an_anonymous_caller_gets_401_from_every_api_route(client, method):
    routes = api_routes()
    assert len(routes) >= 6, "the route walker found too few API routes to be trusted"
    for name, url in routes:
        response = getattr(client, method)(url)
        assert response.status_code == 401, f"{name} {url} answered {response.status_code}"
        assert response.json()["error"]["code"] == "not_authenticated"


@pytest.mark.smoke
def test_the_printed_login_signs_in_and_lands_on_the_dashboard(db, client):
    from django.core.management import call_command

    call_command(
        "create_organization",
        "Demo Org",
        upstream_id="org_demo",
        admin="demo",
        password="correct horse battery",
    )
    response = client.post(
        reverse("login"), {"username": "demo", "password": "correct horse battery"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("draft_list")
    assert b"Demo Org" in response.content


def test_a_wrong_password_is_refused_with_a_plain_message(db, client, admin_user):
    response = client.post(reverse("login"), {"username": "alice", "password": "nope"})
    assert response.status_code == 200
    assert b"don't match" in response.content
    assert b'value="alice"' in response.content, "the username typed must be kept"


def test_a_user_sees_only_the_organisations_they_belong_to(organization, other_organization):
    user = make_member(organization, "alice")
    client = Client()
    client.force_login(user)
    page = client.get(reverse("draft_list")).content.decode()
    assert "Acme" in page
    assert "Globex" not in page


def test_switching_to_an_organisation_you_are_not_in_is_not_found(organization, other_organization):
    user = make_member(organization, "alice")
    client = Client()
    client.force_login(user)
    response = client.post(reverse("organization_switch"), {"organization": other_organization.id})
    assert response.status_code == 404
    assert "Acme" in client.get(reverse("draft_list")).content.decode()


def test_a_member_of_two_organisations_can_switch_between_them(organization, other_organization):
    user = make_member(organization, "alice")
    Membership.objects.create(user=user, organization=other_organization, role=Role.VIEWER)
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("organization_switch"),
        {"organization": other_organization.id, "next": "/system/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == "/system/"
    assert response.context["current_organization"] == other_organization
    assert response.context["current_membership"].role == Role.VIEWER


def test_switching_never_redirects_to_another_site(organization):
    user = make_member(organization, "alice")
    client = Client()
    client.force_login(user)
    response = client.post(
        reverse("organization_switch"),
        {"organization": organization.id, "next": "https://evil.example/"},
    )
    assert response.url == reverse("draft_list")


def test_a_user_in_no_organisation_is_told_to_ask_an_admin(db):
    user = get_user_model().objects.create_user("lonely", password="x")
    client = Client()
    client.force_login(user)
    response = client.get(reverse("draft_list"))
    assert response.status_code == 403
    assert b"Ask an admin" in response.content


@pytest.mark.parametrize(
    ("role", "can_edit", "is_admin"),
    [(Role.ADMIN, True, True), (Role.EDITOR, True, False), (Role.VIEWER, False, False)],
)
def test_roles_are_stored_and_exposed_on_the_request(organization, role, can_edit, is_admin):
    user = make_member(organization, f"user-{role}", role)
    client = Client()
    client.force_login(user)
    membership = client.get(reverse("draft_list")).context["current_membership"]
    assert Membership.objects.get(user=user).role == role
    assert (membership.role, membership.can_edit, membership.is_admin) == (role, can_edit, is_admin)
