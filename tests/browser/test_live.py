"""The life of an assistant in Chromium, against the sandbox and a real worker: a change shown
as not yet live and sent as an update, drift taken into the draft, assistants imported from
upstream and updated, a revision restored, and unsaved edits asked about before sending.

Screenshots go to a temporary folder (LIVE_SCREENSHOTS=<dir> keeps them somewhere else).
"""

import os
import re
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import expect

from assistants.models import Draft, Organization
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create, draft_update_config
from assistants.services.submissions import submission_start
from tests.browser.sections import editor_section
from tests.conftest import sign_in
from tests.processes import wait_until
from tests.sandbox.support import DEMO_KEY

pytestmark = [pytest.mark.browser, pytest.mark.worker]

UPDATED = re.compile(r"Live assistant asst_\w+ updated")


@pytest.fixture
def organization(db) -> Organization:
    return Organization.objects.create(name="Demo", slug="demo", upstream_id="org_demo")


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("LIVE_SCREENSHOTS") or tmp_path)
    folder.mkdir(parents=True, exist_ok=True)
    return folder


@pytest.fixture
def connection(organization, sandbox):
    httpx.post(f"{sandbox}/_reset").raise_for_status()
    return connection_create(
        organization=organization,
        name="Sandbox",
        dialect="aitronos",
        base_url=f"{sandbox}/aitronos",
        api_key=DEMO_KEY,
        is_default=True,
    )


def sandbox_client(sandbox: str) -> httpx.Client:
    return httpx.Client(
        base_url=f"{sandbox}/aitronos/v1", headers={"X-API-Key": DEMO_KEY}, timeout=15
    )


def upstream(sandbox: str, assistant_id: str) -> dict:
    with sandbox_client(sandbox) as http:
        return http.get(f"/assistants/{assistant_id}").json()


def live_draft(organization, connection, user, name="Maths Tutor") -> Draft:
    draft = draft_create(
        organization=organization,
        user=user,
        name=name,
        config={"name": name, "instructions": "You help with maths."},
    )
    submission_start(draft=draft, connection=connection, user=user)

    def created() -> bool:
        draft.refresh_from_db()
        return draft.is_live

    wait_until(created, 30, f"{name} to be created upstream")
    return draft


def type_instructions(page, text: str):
    area = editor_section(page, "instructions")
    area.get_by_label("Instructions", exact=True).fill(text)
    return area


def save_instructions(page, text: str) -> None:
    area = type_instructions(page, text)
    area.get_by_role("button", name="Save Instructions").click()
    expect(page.locator("#section-instructions .saved")).to_have_text("Saved")


def test_a_saved_change_shows_as_not_yet_live_and_update_makes_the_sandbox_match_the_draft(
    transactional_db,
    page,
    live_server,
    sandbox,
    worker,
    organization,
    connection,
    admin_user,
    shots,
):
    draft = live_draft(organization, connection, admin_user)
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    panel = page.locator("#submit")
    expect(page.locator("#draft-status")).to_have_text("Live")
    expect(panel.locator("#live-changes")).to_contain_text("has everything saved")

    save_instructions(page, "Explain with pictures.")

    expect(panel.locator("#not-live-badge")).to_have_text("Changes not yet live")
    expect(panel.locator("#live-changes")).to_contain_text(
        "Instructions changed from “You help with maths.” to “Explain with pictures.”"
    )
    panel.screenshot(path=str(shots / "live-changes-not-yet-live.png"))

    panel.get_by_role("button", name="Update live assistant").click()
    expect(page.locator("#submission-timeline")).to_contain_text(UPDATED, timeout=30_000)
    expect(panel.locator("#live-changes")).to_contain_text("has everything saved")
    panel.screenshot(path=str(shots / "live-updated.png"))

    draft.refresh_from_db()
    live = upstream(sandbox, draft.upstream_assistant_id)
    assert {key: live[key] for key in draft.config} == draft.config

    # The list says so too.
    page.goto(f"{live_server.url}/")
    row = page.locator("tr", has_text="Maths Tutor")
    expect(row.locator(".badge-created")).to_have_text("Live")
    expect(row).not_to_contain_text("Changes not yet live")


def test_a_change_made_on_the_sandbox_shows_as_drift_and_can_be_taken_into_the_draft(
    transactional_db,
    page,
    live_server,
    sandbox,
    worker,
    organization,
    connection,
    admin_user,
    shots,
):
    draft = live_draft(organization, connection, admin_user)
    with sandbox_client(sandbox) as http:
        http.put(
            f"/assistants/{draft.upstream_assistant_id}",
            json={"instructions": "Changed in the Aitronos app."},
        ).raise_for_status()
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    panel = page.locator("#submit")

    panel.get_by_role("button", name="Check live").click()

    check = panel.locator("#live-check")
    expect(check.locator("#drift-badge")).to_have_text("Changed elsewhere")
    expect(check).to_contain_text(
        re.compile(
            r"Instructions \(Instructions & behaviour\):\s+sent “You help with maths.” → "
            r"live now “Changed in the Aitronos app.”"
        )
    )
    panel.screenshot(path=str(shots / "live-drift.png"))
    check.get_by_role("button", name="Take these values into the draft").click()

    expect(page.locator(".messages, [role=status]").first).to_contain_text(
        "Took 1 value from the live assistant"
    )
    draft.refresh_from_db()
    assert draft.config["instructions"] == "Changed in the Aitronos app."
    expect(panel.locator("#live-changes")).to_contain_text("has everything saved")
    assert draft.revisions.first().changed_fields == ["instructions"]


def test_three_assistants_made_on_the_sandbox_are_imported_and_then_updated(
    transactional_db,
    page,
    live_server,
    sandbox,
    worker,
    organization,
    connection,
    admin_user,
    shots,
):
    names = ["Payroll Helper", "Onboarding Buddy", "Leave Planner"]
    with sandbox_client(sandbox) as http:
        for name in names:
            http.post(
                "/assistants",
                json={"name": name, "organization_id": "org_demo", "instructions": "Be brief."},
            ).raise_for_status()
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/")
    page.get_by_role("link", name="Import from upstream").click()
    page.get_by_role("button", name="Show").click()
    table = page.locator("#upstream-assistants")
    for name in names:
        expect(table).to_contain_text(name)
    page.screenshot(path=str(shots / "live-import-list.png"), full_page=True)
    for name in names:
        table.get_by_label(f"Import {name}").check()
    page.get_by_role("button", name="Import the ticked assistants").click()

    for name in names:
        expect(page.locator("#results")).to_contain_text(name)
    page.screenshot(path=str(shots / "live-imported.png"), full_page=True)
    # Listed again: each is marked as managed here now.
    page.goto(f"{live_server.url}/assistants/import-upstream/")
    expect(page.locator("#upstream-assistants .badge-created")).to_have_count(3)

    for name in names:
        draft = Draft.objects.get(name=name)
        assert draft.is_live
        page.goto(f"{live_server.url}/assistants/{draft.pk}/")
        save_instructions(page, f"{name}: updated from Assistant Builder.")
        page.locator("#submit").get_by_role("button", name="Update live assistant").click()
        expect(page.locator("#submission-timeline")).to_contain_text(UPDATED, timeout=30_000)
        live = upstream(sandbox, draft.upstream_assistant_id)
        assert live["instructions"] == f"{name}: updated from Assistant Builder."


def test_a_revision_is_restored_into_the_draft_as_a_new_revision(
    transactional_db, page, live_server, organization, admin_user, editor_user, shots
):
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"name": "Tutor", "instructions": "First words."},
    )
    draft_update_config(
        draft=draft,
        user=editor_user,
        config={"name": "Tutor", "instructions": "Second words."},
        version=draft.version,
    )
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    history = page.locator("#history")
    history.get_by_role("button", name="Restore revision 1").click()

    expect(page.locator("body")).to_contain_text("Restored revision 1 into the draft")
    draft.refresh_from_db()
    assert draft.config["instructions"] == "First words."
    assert list(draft.revisions.values_list("number", flat=True)) == [3, 2, 1]
    expect(page.locator("#history")).to_contain_text("Revision 3")
    page.locator("#history").screenshot(path=str(shots / "live-restored.png"))


def test_submit_with_an_unsaved_section_asks_first_and_can_save_and_send(
    transactional_db,
    page,
    live_server,
    sandbox,
    worker,
    organization,
    connection,
    admin_user,
    shots,
):
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Maths Tutor",
        config={"name": "Maths Tutor", "instructions": "Old text."},
    )
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    type_instructions(page, "Typed but not saved.")

    page.locator("#submit").get_by_role("button", name="Submit", exact=True).click()

    dialog = page.locator("dialog#unsaved-dialog")
    expect(dialog).to_be_visible()
    expect(dialog).to_contain_text("You have unsaved changes in Instructions & behaviour")
    page.screenshot(path=str(shots / "live-unsaved-ask.png"))
    dialog.get_by_role("button", name="Save and send").click()

    expect(page.locator("#submission-timeline")).to_contain_text(
        re.compile(r"Created as asst_\w{24}"), timeout=30_000
    )
    draft.refresh_from_db()
    assert draft.config["instructions"] == "Typed but not saved."
    assert upstream(sandbox, draft.upstream_assistant_id)["instructions"] == (
        "Typed but not saved."
    )


def test_update_with_an_unsaved_section_can_also_send_without_it(
    transactional_db, page, live_server, sandbox, worker, organization, connection, admin_user
):
    draft = live_draft(organization, connection, admin_user)
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    save_instructions(page, "Saved words.")
    type_instructions(page, "Words I am not sure of.")

    page.locator("#submit").get_by_role("button", name="Update live assistant").click()
    dialog = page.locator("dialog#unsaved-dialog")
    expect(dialog).to_contain_text("You have unsaved changes in Instructions & behaviour")
    dialog.get_by_role("button", name="Send without them").click()

    expect(page.locator("#submission-timeline")).to_contain_text(UPDATED, timeout=30_000)
    assert upstream(sandbox, draft.upstream_assistant_id)["instructions"] == "Saved words."
    # What was typed is still there, unsaved, not lost.
    area = editor_section(page, "instructions")
    expect(area.get_by_label("Instructions", exact=True)).to_have_value("Words I am not sure of.")
