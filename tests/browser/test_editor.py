import json

import pytest
from playwright.sync_api import expect

from assistants.dialects import build_request, mask_request
from assistants.dialects.marker import PREVIEW_VALUE, with_marker
from assistants.models import Draft
from assistants.services.drafts import draft_create
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser

# One value per section, typed the way a person would; and what the draft must then hold.
SECTION_INPUTS = {
    "basics": [
        ("fill", "Description", "Answers maths questions step by step."),
        ("select", "Pinned", "true"),
    ],
    "model": [
        ("select", "Model", "ftg-3.0"),
        ("advanced", None, None),
        ("pick", "Allowed providers", "openai\naitronos"),
    ],
    "instructions": [
        ("fill", "Instructions", "You are a patient maths tutor."),
        ("select", "Memory", "true"),
    ],
    "access": [
        ("select", "Who can see it", "organization"),
        ("pick", "People who can see it", "usr_1\nusr_2"),
    ],
    "tools": [
        ("select_name", "tools-tool_configurations__system_tools__web_search__mode", "auto"),
        ("advanced", None, None),
        ("fill", "Tool uses per answer", "20"),
    ],
    "generation": [("click", "Precise", None), ("advanced", None, None), ("fill", "Seed", "42")],
    "output": [
        ("advanced", None, None),
        ("select", "Output mode (simple)", "json"),
        ("select", "Stream answers", "false"),
    ],
    "advanced": [("kv", "metadata", ("team", "maths"))],
}
EXPECTED = {
    "description": "Answers maths questions step by step.",
    "pinned": True,
    "default_model_key": "ftg-3.0",
    "allowed_model_providers": ["openai", "aitronos"],
    "instructions": "You are a patient maths tutor.",
    "memory_enabled": True,
    "access_mode": "organization",
    "access_users": ["usr_1", "usr_2"],
    "max_tool_calls": 20,
    "temperature": 0.2,
    "top_p": None,  # the preset changes creativity only, as the help advises
    "seed": 42,
    "output_mode": "json",
    "streaming": False,
    "metadata": {"team": "maths"},
}


@pytest.fixture
def draft(transactional_db, organization, admin_user):
    return draft_create(organization=organization, user=admin_user, name="Maths Tutor")


def open_editor(page, live_server, draft, user=("alice", "pw-alice")):
    sign_in(page, live_server, *user)
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")


def section(page, slug):
    return editor_section(page, slug)


def open_advanced(page, slug):
    details = section(page, slug).locator("details[data-advanced]")
    if not details.evaluate("d => d.open"):
        details.locator("summary").click()


def fill_section(page, slug, inputs):
    area = section(page, slug)
    for action, label, value in inputs:
        if action == "fill":
            area.get_by_label(label, exact=True).fill(value)
        elif action == "select":
            area.get_by_label(label, exact=True).first.select_option(value)
        elif action == "select_name":
            area.locator(f"select[name='{label}']").select_option(value)
        elif action == "advanced":
            open_advanced(page, slug)
        elif action == "check":
            area.get_by_label(label, exact=False).first.check()
        elif action == "uncheck":
            area.get_by_label(label, exact=False).first.uncheck()
        elif action == "click":
            area.get_by_role("button", name=label).click()
        elif action == "pick":
            pick_ids(area, label, value.split("\n"))
        elif action == "kv":
            area.locator(f"input[name='{slug}-{label}__key']").first.fill(value[0])
            area.locator(f"input[name='{slug}-{label}__value']").first.fill(value[1])


def pick_ids(area, label: str, ids: list[str]) -> None:
    """Type each id into the picker's search box and press Enter, as a person who knows the
    id would; with no directory to find it in, confirm it is meant as an id."""
    field = area.locator(".field", has=area.page.get_by_text(label, exact=True)).first
    search = field.locator("[data-picker-search]")
    for ident in ids:
        search.fill(ident)
        search.press("Enter")
        chip = field.locator(".chip", has_text=ident)
        anyway = field.get_by_role("button", name=f"Use “{ident}” as an id anyway")
        chip.or_(anyway).first.wait_for()
        if anyway.count():
            anyway.click()
        chip.first.wait_for()


def save(page, slug):
    section(page, slug).get_by_role("button", name="Save").click()
    section(page, slug).locator(".saved").wait_for()


def test_a_draft_filled_in_through_every_section_survives_a_reload(page, live_server, draft):
    open_editor(page, live_server, draft)
    for slug, inputs in SECTION_INPUTS.items():
        fill_section(page, slug, inputs)
        save(page, slug)
    mcp = section(page, "mcp")
    mcp.get_by_role("button", name="Add a row to MCP servers").click()
    mcp.get_by_label("Server name").fill("drive")
    # The connector is a picker now: a person who knows the id types it and confirms it.
    pick_ids(mcp, "Connector", ["connector_googledrive"])
    mcp.get_by_label("Tools that match a rule (below)").check()
    mcp.get_by_label("Rule: which tools").select_option("yes")
    save(page, "mcp")

    config = Draft.objects.get(pk=draft.pk).config
    assert {k: config.get(k) for k in EXPECTED} == EXPECTED
    assert config["tool_configurations"]["system_tools"] == {"web_search": {"mode": "auto"}}
    assert config["tool_configurations"]["mcp_tools"] == [
        {
            "server_label": "drive",
            "type": "mcp",
            "connector_id": "connector_googledrive",
            "allowed_tools": {"read_only": True},
        }
    ]

    page.reload()
    basics = section(page, "basics")
    assert basics.get_by_label("Description").input_value() == EXPECTED["description"]
    assert section(page, "model").get_by_label("Allowed providers").input_value() == (
        "openai\naitronos"
    )
    assert section(page, "generation").get_by_label("Seed").input_value() == "42"
    assert section(page, "output").get_by_label("Stream answers").input_value() == "false"
    connector = section(page, "mcp").locator("input[name$='-connector_id']")
    assert connector.input_value() == "connector_googledrive"
    assert (
        section(page, "advanced")
        .locator("input[name='advanced-metadata__key']")
        .first.input_value()
        == "team"
    )


def test_an_invalid_value_is_explained_beside_it_and_the_rest_is_kept(page, live_server, draft):
    open_editor(page, live_server, draft)
    generation = section(page, "generation")
    open_advanced(page, "generation")
    generation.get_by_label("Seed").fill("7")
    temperature = generation.locator("input[name='generation-temperature']")
    temperature.fill("2.5")
    generation.get_by_role("button", name="Save").click()
    error = page.locator("#id_generation-temperature_error")
    error.wait_for()
    assert "between 0 and 2" in error.inner_text()
    # Retried: htmx adds and then removes its own classes while the swap settles.
    expect(page.locator("#nav-generation")).to_have_class("has-error")
    assert section(page, "generation").get_by_label("Seed").input_value() == "7"
    assert page.locator("input[name='generation-temperature']").input_value() == "2.5"
    assert page.evaluate("document.activeElement.name") == "generation-temperature"
    assert "seed" not in Draft.objects.get(pk=draft.pk).config


def test_a_stale_save_from_a_second_window_is_refused(
    browser, page, live_server, draft, editor_user
):
    open_editor(page, live_server, draft)
    other_context = browser.new_context()
    other = other_context.new_page()
    open_editor(other, live_server, draft, user=("eddie", "pw-eddie"))
    section(other, "basics").get_by_label("Description").fill("Eddie's words")
    save(other, "basics")
    section(page, "basics").get_by_label("Description").fill("Alice's words")
    section(page, "basics").get_by_role("button", name="Save").click()
    section(page, "basics").get_by_text("eddie saved this section").wait_for()
    assert section(page, "basics").get_by_label("Description").input_value() == "Alice's words"
    assert Draft.objects.get(pk=draft.pk).config["description"] == "Eddie's words"
    other_context.close()


def test_the_preview_shows_the_contracts_payload_for_the_chosen_target(
    page, live_server, organization, draft
):
    open_editor(page, live_server, draft)
    open_advanced(page, "generation")
    section(page, "generation").get_by_label("Seed").fill("5")
    save(page, "generation")
    for target in ("openai", "aitronos"):
        with page.expect_response(lambda response: "/preview/" in response.url):
            page.get_by_label("Send to").select_option(f"dialect:{target}")
        page.wait_for_timeout(100)  # let htmx swap the answer in
        shown = json.loads(page.locator("[data-preview-body]").inner_text())
        built = build_request(
            target,
            Draft.objects.get(pk=draft.pk).config,
            organization_id=organization.upstream_id,
            api_key="sk-preview-0000",
        )
        # The preview shows the submission marker too, with a placeholder for its value.
        expected = mask_request(with_marker(built, target, PREVIEW_VALUE)).body
        assert shown == expected
        # OpenAI has no seed: the preview must say so rather than drop it silently.
        unsupported = page.locator(".unsupported")
        assert (unsupported.count() and "Seed" in unsupported.inner_text()) == (target == "openai")


def test_leaving_with_unsaved_changes_asks_first(page, live_server, draft):
    open_editor(page, live_server, draft)
    section(page, "basics").get_by_label("Description").fill("Not saved yet")
    dialogs = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.type), dialog.dismiss()))
    page.evaluate("window.location.href = '/'")
    page.wait_for_timeout(500)
    assert dialogs == ["beforeunload"]


def test_a_taken_name_is_flagged_while_typing(page, live_server, organization, admin_user, draft):
    draft_create(organization=organization, user=admin_user, name="HR Helper")
    open_editor(page, live_server, draft)
    name = section(page, "basics").get_by_label("Name", exact=True)
    name.fill("hr helper")
    page.locator(".name-check.bad").wait_for()
    assert "already called" in page.locator(".name-check").inner_text()
    name.fill("HR Helper 2")
    page.locator(".name-check.ok").wait_for()


def test_sections_load_when_reached_not_before(page, live_server, draft):
    open_editor(page, live_server, draft)
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.wait_for_timeout(300)  # whatever the first screen reveals has loaded by now
    assert page.locator("#section-advanced form").count() == 0, "far down: not loaded yet"
    assert not any("/sections/advanced/" in url for url in requested)
    page.locator("#nav-advanced").click()  # the section list jumps there; htmx loads it
    expect(page.locator("#section-advanced form[data-section-form]")).to_be_visible()
    assert sum("/sections/advanced/" in url for url in requested) == 1
