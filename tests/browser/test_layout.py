import pytest
from django.contrib.auth import get_user_model

from assistants.models import Membership, Role
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def member_of_two(transactional_db, organization, other_organization):
    user = get_user_model().objects.create_user("alice", password="a-long-password")
    Membership.objects.create(user=user, organization=organization, role=Role.ADMIN)
    Membership.objects.create(user=user, organization=other_organization, role=Role.VIEWER)
    return user


def no_horizontal_overflow(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


@pytest.mark.parametrize("width", [1280, 390])
def test_signing_in_shows_the_dashboard_without_overflow(
    page, live_server, member_of_two, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 844})
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
    assert no_horizontal_overflow(page)
    sign_in(page, live_server, "alice", "a-long-password")
    page.get_by_role("heading", name="Assistants", exact=True).wait_for()
    assert no_horizontal_overflow(page)
    assert page.get_by_label("Organisation").input_value() is not None
    page.screenshot(path=str(tmp_path / f"home-{width}.png"), full_page=True)


def test_the_organisation_switcher_changes_the_current_organisation(
    page, live_server, member_of_two
):
    sign_in(page, live_server, "alice", "a-long-password")
    page.get_by_text("Acme ·").wait_for()
    page.get_by_label("Organisation").select_option(label="Globex")
    page.get_by_text("You are now working in Globex.").wait_for()
    assert page.get_by_text("Globex · upstream id").is_visible()


def test_signing_out_returns_to_the_sign_in_page(page, live_server, member_of_two):
    sign_in(page, live_server, "alice", "a-long-password")
    page.locator(".user-menu summary").click()
    page.get_by_role("button", name="Sign out").click()
    page.get_by_role("heading", name="Sign in to Assistant Builder").wait_for()
    page.goto(live_server.url + "/")
    assert "/accounts/login/" in page.url
