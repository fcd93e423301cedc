"""A structured answer built without typing JSON, and the JSON view kept in step both ways."""

import json

import pytest

from assistants.models import Draft
from assistants.services.drafts import draft_create
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser

EXPECTED = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "description": "The answer in one paragraph"},
        "confidence": {"type": "string", "enum": ["low", "medium", "high"]},
        "sources": {"type": "array", "items": {"type": "string"}},
    },
    "required": ["answer", "confidence", "sources"],
    "additionalProperties": False,
}


@pytest.fixture
def draft(transactional_db, organization, admin_user):
    return draft_create(organization=organization, user=admin_user, name="HR Helper")


def wait_until(page, expression: str, timeout: float = 10) -> None:
    """Poll `expression` with evaluate (wait_for_function evals strings, which the CSP blocks)."""
    import time

    end = time.monotonic() + timeout
    while not page.evaluate(expression):
        assert time.monotonic() < end, f"still false: {expression}"
        page.wait_for_timeout(100)


def add_field(builder, index: int, name: str, type_label: str, **extra) -> None:
    builder.get_by_role("button", name="Add a field to Fields").click()
    row = builder.locator(".sb-rows").first.locator(":scope > .sb-row").nth(index)
    row.get_by_label("Name").fill(name)
    row.get_by_label("Type").select_option(label=type_label)
    row = builder.locator(".sb-rows").first.locator(":scope > .sb-row").nth(index)
    if "description" in extra:
        row.get_by_label("Description").fill(extra["description"])
    if "values" in extra:
        row.get_by_label("Allowed values (comma-separated)").fill(extra["values"])
    if "items" in extra:
        row.get_by_label("Each item is").select_option(label=extra["items"])


@pytest.mark.parametrize("width", [1280, 390])
def test_three_answer_fields_are_built_without_typing_json(
    page, live_server, draft, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 900})
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=output")
    output = editor_section(page, "output")
    output.get_by_label("Answer format", exact=True).select_option(label="JSON following a schema")
    output.get_by_label("Schema name").fill("answer")
    builder = output.locator("[data-schema-builder]")
    add_field(builder, 0, "answer", "Text", description="The answer in one paragraph")
    add_field(builder, 1, "confidence", "Text", values="low, medium, high")
    add_field(builder, 2, "sources", "List", items="Text")
    output.screenshot(path=str(tmp_path / f"builder-{width}.png"))
    output.get_by_role("button", name="Save").click()
    editor_section(page, "output").locator(".saved").wait_for()

    text_config = Draft.objects.get(pk=draft.pk).config["text_config"]
    assert text_config == {
        "output_mode": "json_schema",
        "json_schema": {"name": "answer", "schema": EXPECTED},
    }

    # A developer edits the JSON: the rows follow.
    output = editor_section(page, "output")
    output.locator("[data-schema-json-view] > summary").click()
    changed = {**EXPECTED, "properties": {**EXPECTED["properties"], "page": {"type": "integer"}}}
    output.locator("textarea[data-schema-json]").fill(json.dumps(changed))
    rows = output.locator(".sb-rows").first.locator(":scope > .sb-row")
    assert rows.count() == 4
    assert rows.nth(3).get_by_label("Type").input_value() == "integer"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_without_javascript_the_json_box_still_saves(browser, live_server, draft):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=output")
    output = page.locator("#section-output")
    output.get_by_label("Answer format", exact=True).select_option(label="JSON following a schema")
    output.locator("textarea[data-schema-json]").fill(json.dumps(EXPECTED))
    output.get_by_role("button", name="Save").click()
    page.get_by_text("Output format saved.").wait_for()
    assert Draft.objects.get(pk=draft.pk).config["text_config"]["json_schema"]["schema"] == EXPECTED
    context.close()


def test_keyboard_save_keeps_focus_in_the_section(page, live_server, draft):
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    basics = editor_section(page, "basics")
    basics.get_by_label("Description").fill("Answers HR questions.")
    basics.get_by_role("button", name="Save").focus()
    page.keyboard.press("Enter")
    editor_section(page, "basics").locator(".saved").wait_for()
    wait_until(page, "document.activeElement && document.activeElement.id === 'saved-basics'")
    assert page.evaluate("window.scrollY") > 0 or page.evaluate(
        "document.getElementById('section-basics').getBoundingClientRect().top < innerHeight"
    )


def test_jumping_to_a_section_not_loaded_yet_lands_focus_in_it(page, live_server, draft):
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    page.locator("#nav-output").focus()
    page.keyboard.press("Enter")
    wait_until(
        page, "document.activeElement && document.activeElement.closest('#section-output') !== null"
    )
    assert page.evaluate("document.activeElement.id") == "title-output"
