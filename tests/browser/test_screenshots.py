"""Every editor section at desktop and phone width: no sideways scrolling, and pictures.

`make screenshots` keeps the pictures in screenshots/; otherwise they go to a temp folder.
"""

import os
from pathlib import Path

import pytest

from assistants.contract import (
    SECTIONS,
    example_document,
)
from assistants.services.drafts import draft_create
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def full_draft(transactional_db, organization, admin_user):
    return draft_create(
        organization=organization,
        user=admin_user,
        name="Advanced Research Assistant",
        config=example_document("aitronos_all_parameters"),
    )


@pytest.mark.parametrize("width", [1280, 390])
def test_every_editor_section_fits_the_screen(page, live_server, full_draft, width, tmp_path):
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{full_draft.pk}/")
    page.screenshot(path=str(folder / f"editor-{width}-top.png"))
    for section in SECTIONS:
        element = editor_section(page, section.value)
        element.screenshot(path=str(folder / f"editor-{width}-{section.value}.png"))
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the page scrolls sideways by {overflow}px at {width}px"


PAGES = [
    "/",
    "/assistants/new/",
    "/assistants/import/",
    "/directory/",
    "/account/tokens/",
    "/system/",
    "/assistants/{pk}/export/",
    "/assistants/{pk}/compare/",
]


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_fits_the_screen(page, live_server, full_draft, width, tmp_path):
    from directory.services import directory_import_csv

    directory_import_csv(
        organization=full_draft.organization,
        text="users,usr_1,Alice Smith\ndepartments,dept_1,Finance\n",
    )
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "alice", "pw-alice")
    for path in PAGES:
        page.goto(live_server.url + path.format(pk=full_draft.pk))
        name = path.strip("/").replace("/", "-").replace("{pk}", "draft") or "list"
        page.screenshot(path=str(folder / f"page-{width}-{name}.png"), full_page=True)
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        wide = page.evaluate(
            """() => [...document.querySelectorAll("body *")]
              .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
              .filter((e) => !e.closest(".table-wrap, .mainnav, .section-nav"))
              .slice(0, 4).map((e) => e.tagName + "." + e.className)"""
        )
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}px: {wide}"
