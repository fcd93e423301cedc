"""A suggestion picked before the typed search left does not bring the list back over Save.

A picker asks for suggestions on first focus and again 150 ms after typing stops. A person who
picks from the first list within those 150 ms (found in the first-time HR walkthrough: the
Knowledge stores list came back and covered the Tools section's Save button) must not get a
second list for a search that no longer means anything. The page's clock is paused so the
order of events is the same on every run.
"""

import pytest
from playwright.sync_api import expect

from assistants.services.drafts import draft_create
from directory.services import directory_import_csv
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def test_a_pick_made_before_the_typed_search_left_keeps_the_list_closed(
    page, live_server, transactional_db, organization, admin_user
):
    directory_import_csv(
        organization=organization,
        text="vector_stores,vs_hr1,HR Policies\nvector_stores,vs_lg1,Legal Templates\n",
    )
    draft = draft_create(organization=organization, user=admin_user, name="HR Helper")
    page.clock.install()
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=tools")
    tools = editor_section(page, "tools")
    field = tools.locator(".field", has=page.get_by_text("Knowledge stores", exact=True)).first
    search = field.locator("[data-picker-search]")
    options = field.locator("[data-picker-options]")

    search.focus()  # the first focus lists every store
    expect(options.get_by_role("option", name="HR Policies")).to_be_visible()
    page.clock.pause_at(page.evaluate("Date.now()") + 60_000)
    search.fill("HR")  # its search waits 150 ms: the clock stands still meanwhile
    options.get_by_role("option", name="HR Policies").click()
    expect(field.locator(".chip", has_text="HR Policies")).to_be_visible()
    page.clock.resume()
    page.clock.run_for(1000)  # the typed search's delay runs out now
    page.wait_for_load_state("networkidle")
    page.clock.run_for(1000)

    expect(options).to_be_hidden()
    expect(search).to_have_attribute("aria-expanded", "false")


def test_typing_on_and_picking_while_suggestions_are_on_their_way_logs_no_error(
    page, live_server, transactional_db, organization, admin_user
):
    """htmx logs an aborted request as a console error: a picker lets a late answer arrive
    (and stay closed) instead of aborting it."""
    from tests.browser.console import console_problems

    directory_import_csv(
        organization=organization,
        text="vector_stores,vs_hr1,HR Policies\nvector_stores,vs_lg1,Legal Templates\n",
    )
    draft = draft_create(organization=organization, user=admin_user, name="HR Helper")
    problems = console_problems(page)
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=tools")
    tools = editor_section(page, "tools")
    field = tools.locator(".field", has=page.get_by_text("Knowledge stores", exact=True)).first
    search = field.locator("[data-picker-search]")
    options = field.locator("[data-picker-options]")
    search.focus()
    expect(options.get_by_role("option", name="HR Policies")).to_be_visible()

    # From now on the server's answers are held back: each search is still on its way.
    held = []
    page.route("**/directory/suggest/**", lambda route: held.append(route))

    def wait_for_held(count: int) -> None:
        for _ in range(100):
            if len(held) >= count:
                return
            page.wait_for_timeout(50)
        raise AssertionError(f"{count} searches were not sent")

    search.press_sequentially("H")
    wait_for_held(1)
    search.press_sequentially("R")  # a second search while the first is on its way
    page.wait_for_timeout(300)  # past its 150 ms wait
    options.get_by_role("option", name="HR Policies").click()
    expect(field.locator(".chip", has_text="HR Policies")).to_be_visible()
    page.unroute("**/directory/suggest/**")  # the held answers go on their way now
    page.wait_for_load_state("networkidle")
    expect(options).to_be_hidden()
    assert problems == []
