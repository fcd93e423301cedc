"""A section that comes into view without scrolling loads too.

Sections load as they come into view. htmx's "revealed" looks again only when the window
scrolls, so a section brought into view by the page itself (a section above folded with
"Hide", or one that got shorter when saved) stayed an empty shell until the person scrolled:
the first-time HR walkthrough waited for the Output format section that way.
"""

import pytest
from playwright.sync_api import expect

from assistants.services.drafts import draft_create
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_section_moved_into_view_by_folding_the_one_above_loads_without_scrolling(
    page, live_server, transactional_db, organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="HR Helper")
    page.set_viewport_size({"width": 390, "height": 844})  # where sections fold
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    model = page.locator("#section-model")
    assert model.evaluate("s => s.getBoundingClientRect().top") > 844, "below the fold"
    assert model.evaluate("s => s.classList.contains('section-shell')")

    page.locator("#section-basics .section-toggle").click()  # "Hide" Basics: Model moves up
    assert page.evaluate("window.scrollY") == 0, "nothing scrolled"
    expect(model.locator("form[data-section-form]")).to_have_count(1)  # loaded (and folded)
