"""The icon and avatar gallery in real Chromium, on a directory a sync filled from the sandbox
(pictures copied by the worker, served by the dashboard): an editor picks an icon by clicking
its thumbnail and an avatar with the arrow keys, the saved draft holds their ids, axe finds
nothing serious, nothing breaks the page's CSP, and the grid fits a 390 px phone."""

import pytest
from axe_playwright_python.sync_playwright import Axe

from assistants.models import Draft, Membership
from assistants.services.drafts import draft_create
from directory.models import DirectoryEntry
from tests.browser import test_directory_pickers
from tests.browser.sections import editor_section
from tests.browser.test_directory_pickers import SHOTS, save
from tests.browser.test_every_page import csp_messages, serious
from tests.conftest import sign_in

pytestmark = pytest.mark.browser

# The demo organisation after `make run`'s sync (the worker copied the pictures).
synced_demo = test_directory_pickers.synced_demo


def gallery(area, label: str):
    return area.locator(".field", has=area.page.get_by_text(label, exact=True)).locator(
        "[data-gallery]"
    )


def test_an_editor_picks_an_icon_and_an_avatar_from_the_gallery(synced_demo, page, live_server):
    organization = synced_demo
    admin = Membership.objects.get(organization=organization).user
    draft = draft_create(organization=organization, user=admin, name="HR Helper")
    csp = csp_messages(page)
    page.set_viewport_size({"width": 1280, "height": 900})
    sign_in(page, live_server, "admin", "pw-admin-123456")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=basics")
    SHOTS.mkdir(parents=True, exist_ok=True)

    basics = editor_section(page, "basics")
    icons, avatars = gallery(basics, "Icon"), gallery(basics, "Avatar")
    icons.get_by_role("radio", name="Headset").wait_for(state="attached")
    avatars.get_by_role("radio", name="Ada").wait_for(state="attached")
    # With the script, the name picker gives way to the gallery; every thumbnail is a picture
    # the dashboard serves (its own address), none is a placeholder.
    assert not basics.locator("#id_basics-icon_id_search").is_visible()
    thumbnails = icons.locator("img.pics-thumb")
    assert thumbnails.count() == 12 and avatars.locator("img.pics-thumb").count() == 6
    for img in thumbnails.all() + avatars.locator("img.pics-thumb").all():
        img.scroll_into_view_if_needed()
        assert img.get_attribute("src").startswith("/directory/pictures/")
        page.wait_for_function(
            "img => img.complete && img.naturalWidth > 0", arg=img.element_handle()
        )
    assert icons.get_by_role("radio", name="None").is_checked()

    icons.locator(".pics-item", has_text="Headset").locator("img").click()
    assert icons.get_by_role("radio", name="Headset").is_checked()
    # Radio-like keys: from "None", the right arrow chooses the first avatar.
    avatars.get_by_role("radio", name="None").focus()
    page.keyboard.press("ArrowRight")
    assert avatars.get_by_role("radio", name="Ada").is_checked()
    # A search narrows the grid; the choice made stays in the field.
    icons.get_by_role("searchbox").fill("calc")
    icons.locator(".pics-item", has_text="Headset").wait_for(state="detached")
    names = icons.locator(".pics-name").all_inner_texts()
    assert names == ["None", "Calculator"]

    save(basics)
    headset = DirectoryEntry.objects.get(organization=organization, kind="icons", name="Headset")
    ada = DirectoryEntry.objects.get(organization=organization, kind="avatars", name="Ada")
    config = Draft.objects.get(pk=draft.pk).config
    assert config["icon_id"] == headset.ident and config["avatar_id"] == ada.ident
    # Drawn again after the save, the gallery shows what was saved.
    basics = editor_section(page, "basics")
    gallery(basics, "Icon").get_by_role("radio", name="Headset").wait_for(state="attached")
    assert gallery(basics, "Icon").get_by_role("radio", name="Headset").is_checked()

    # No serious axe finding, with the choices shown.
    assert serious(Axe().run(page)) == []
    # Last too: a screenshot hides the caret by touching every field's style attribute, which
    # htmx would copy (and the CSP refuse) on the next swap.
    basics.screenshot(path=str(SHOTS / "gallery-1280.png"))

    # On a phone, as a person opens it there: the grid wraps to fit.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=basics")
    basics = editor_section(page, "basics")
    gallery(basics, "Avatar").get_by_role("radio", name="Ada").wait_for(state="attached")
    wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert wide <= 0, f"{wide} px of sideways scrolling at 390 px"
    basics.screenshot(path=str(SHOTS / "gallery-390.png"))

    # The Directory page shows the same pictures beside the icons' names.
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/directory/?kind=icons")
    thumbs = page.locator("img.entry-thumb")
    assert thumbs.count() == 12
    for img in thumbs.all():
        page.wait_for_function("i => i.complete && i.naturalWidth > 0", arg=img.element_handle())
    assert serious(Axe().run(page)) == []
    page.screenshot(path=str(SHOTS / "directory-icons-1280.png"), full_page=True)
    assert csp == []


def test_without_javascript_the_name_picker_still_sets_the_icon(synced_demo, browser, live_server):
    organization = synced_demo
    admin = Membership.objects.get(organization=organization).user
    draft = draft_create(organization=organization, user=admin, name="No script")
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "admin", "pw-admin-123456")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=basics")
    rocket = DirectoryEntry.objects.get(organization=organization, kind="icons", name="Rocket")

    basics = page.locator("#section-basics")
    assert not basics.locator("[data-gallery]").first.is_visible()  # the grid needs the script
    basics.locator("#id_basics-icon_id").fill(rocket.ident)
    basics.get_by_role("button", name="Save").first.click()
    page.wait_for_load_state()
    context.close()

    assert Draft.objects.get(pk=draft.pk).config["icon_id"] == rocket.ident
