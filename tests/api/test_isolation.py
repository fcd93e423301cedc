"""A member of another organisation can reach nothing of ours through any API route."""

import pytest

from assistants.services.drafts import draft_create
from tests.api.conftest import token_client
from tests.conftest import make_member
from tests.foundation.test_sign_in_and_scoping import api_routes

METHODS = ["get", "post", "put", "patch", "delete"]


@pytest.fixture
def ours(organization, admin_user):
    return draft_create(
        organization=organization,
        user=admin_user,
        name="Ours",
        config={"instructions": "secret sauce"},
    )


def detail_url(url: str, pk: int) -> str:
    return url.replace("/1/", f"/{pk}/")


def test_every_api_route_and_method_is_closed_to_another_organisation(
    ours, admin_user, other_organization
):
    owner = token_client(admin_user)
    stranger = token_client(make_member(other_organization, "mallory"))
    checked = 0
    for _name, url in api_routes():
        target = detail_url(url, ours.pk)
        # What the route offers at all, asked without side effects.
        allowed = owner.options(target)["Allow"].lower().replace(" ", "").split(",")
        for method in METHODS:
            if method not in allowed:
                continue
            response = getattr(stranger, method)(target, {}, format="json")
            body = response.content.decode()
            if "/1/" in url:
                assert response.status_code in (403, 404), f"{method} {target}: {body[:200]}"
            assert "secret sauce" not in body, f"{method} {target} leaked our draft"
            assert "Ours" not in body, f"{method} {target} leaked our draft's name"
            checked += 1
    assert checked >= 9, "the walk covered too few route/method pairs to be trusted"
    ours.refresh_from_db()
    assert ours.deleted_at is None and ours.config["instructions"] == "secret sauce"
