"""The editor of a fully filled draft logs no Content-Security-Policy violation, also after a
person resized a box and saved (issue 18).

How it happened: htmx "settles" a swapped element by copying the old element's `class`,
`style`, `width` and `height` onto the new one with setAttribute. Writing a `style` attribute
from script is an inline style under `style-src 'self'`, so any element that had gained an
inline style before a swap (a text box a person dragged taller, which the browser records as
`style="height: …"`, or the `style=""` a full-page screenshot leaves on inputs) made the next
save or preview refresh log one violation per such element. A nearly empty draft has few
boxes and was saved before anyone resized one, so it did not show there.
"""

import pytest

from assistants.contract import example_document
from assistants.services.drafts import draft_create
from tests.browser.console import console_problems
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


def drag_taller(page, box) -> None:
    """Drag a text box's resize handle down, as a person makes a box bigger."""
    area = box.bounding_box()
    corner_x, corner_y = area["x"] + area["width"] - 3, area["y"] + area["height"] - 3
    page.mouse.move(corner_x, corner_y)
    page.mouse.down()
    page.mouse.move(corner_x, corner_y + 80, steps=4)
    page.mouse.up()


def test_a_resized_box_then_a_save_on_a_fully_filled_draft_logs_no_csp_violation(
    page, live_server, transactional_db, organization, admin_user
):
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Advanced Research Assistant",
        config=example_document("aitronos_all_parameters"),
    )
    problems = console_problems(page)
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=instructions")

    instructions = editor_section(page, "instructions")
    box = instructions.get_by_label("Instructions", exact=True)
    drag_taller(page, box)
    assert box.get_attribute("style"), "the browser records the new size as an inline style"
    instructions.get_by_role("button", name="Save").first.click()
    page.locator("#section-instructions .saved").wait_for()

    # Every other section, loaded as a person scrolls to it, and saved unchanged.
    for slug in ("basics", "model", "access", "tools", "mcp", "generation", "output", "advanced"):
        area = editor_section(page, slug)
        area.get_by_role("button", name="Save").first.click()
        page.locator(f"#section-{slug} .saved").wait_for()
    page.wait_for_load_state("networkidle")
    assert problems == []
