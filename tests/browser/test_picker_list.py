"""The suggestions list of an id picker closes when something is picked and stays closed:
a search still waiting for its typing pause must not reopen it over the section's buttons."""

import pytest

from assistants.services.drafts import draft_create
from directory.models import DirectoryEntry
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_choice_made_while_a_search_waits_keeps_the_list_closed(
    page, live_server, transactional_db, organization, admin_user
):
    DirectoryEntry.objects.bulk_create(
        DirectoryEntry(organization=organization, kind="users", ident=f"usr_{n}", name=name)
        for n, name in enumerate(["Jane Smith", "Janet Olsen", "Tom Baker"])
    )
    draft = draft_create(organization=organization, user=admin_user, name="HR Helper")
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=access")
    access = editor_section(page, "access")
    field = access.locator(".field", has=page.get_by_text("People who can see it", exact=True))
    search = field.locator("[data-picker-search]").first
    options = field.locator("[data-picker-options]").first
    search.click()
    search.fill("Ja")
    options.locator("[role=option]", has_text="Jane Smith").wait_for()

    # One more letter, and the option is picked before the typing pause (150 ms) is over,
    # as a quick person does: the search that pause sends must not reopen the list.
    search.evaluate(
        """(box) => {
            box.value += "n";
            box.dispatchEvent(new Event("input", { bubbles: true }));
            const option = [...box.closest("[data-picker]").querySelectorAll("[role=option]")]
                .find((o) => o.textContent.includes("Jane Smith"));
            option.dispatchEvent(new MouseEvent("mousedown", { bubbles: true, cancelable: true }));
        }"""
    )
    field.locator(".chip", has_text="Jane Smith").wait_for()
    page.wait_for_timeout(1000)  # the pause, the request and its answer
    assert options.evaluate("(list) => list.hidden"), "the list reopened over the section"

    # Typing again still suggests.
    search.fill("Tom")
    options.locator("[role=option]", has_text="Tom Baker").wait_for()
    assert not options.evaluate("(list) => list.hidden")
