"""An HR editor, on a directory `make run` filled from the platform (nobody typed it in),
sets who can see, edit and chat, department grants, knowledge, model and delegation by name,
submits, and the request carries the ids. Names typed into id fields are flagged and block
Submit until fixed or confirmed. Real Chromium, sandbox, worker and sync."""

import os
from pathlib import Path

import httpx
import pytest
from django.core.management import call_command

from assistants.models import Draft, Membership, Organization
from assistants.services.drafts import draft_create
from directory.demo import demo_directory_prepare
from directory.models import DirectoryEntry, SyncRun
from directory.services import directory_import_csv
from tests.browser.sections import editor_section
from tests.conftest import sign_in
from tests.processes import wait_until
from tests.sandbox.support import API_KEYS

pytestmark = pytest.mark.browser

SHOTS = Path(os.environ.get("SCREENSHOTS_DIR", "/tmp/ab-dir-shots"))


@pytest.fixture
def synced_demo(transactional_db, sandbox, worker, settings):
    settings.SANDBOX_URL = sandbox
    settings.SANDBOX_API_KEYS = API_KEYS
    httpx.delete(f"{sandbox}/_directory")
    call_command(
        "create_organization",
        settings.DEMO_ORGANIZATION_NAME,
        upstream_id="org_demo",
        admin="admin",
        password="pw-admin-123456",
    )
    call_command("demo_setup")
    demo_directory_prepare()
    run = SyncRun.objects.get()
    wait_until(lambda: SyncRun.objects.get(pk=run.pk).status == "done", 90, "the demo sync")
    organization = Organization.objects.get(upstream_id="org_demo")
    # The platform lists no departments (no SDK call does): HR's come from a CSV upload.
    directory_import_csv(
        organization=organization,
        text="departments,dept_hr,Human Resources\ndepartments,dept_fin,Finance\n",
    )
    return organization


def person(organization, name_start: str) -> DirectoryEntry:
    return (
        DirectoryEntry.objects.filter(
            organization=organization, kind="users", name__startswith=name_start
        )
        .order_by("name")
        .first()
    )


def pick(area, label: str, typed: str, option: str) -> None:
    """Type into the picker of field `label` and click the suggestion `option`."""
    field = area.locator(".field", has=area.page.get_by_text(label, exact=True)).first
    search = field.locator("[data-picker-search]")
    search.click()
    search.fill(typed)
    field.locator("[role=option]", has_text=option).first.click()
    field.locator(".chip", has_text=option).first.wait_for()
    # Done with this picker, as a person moves on: the suggestions close.
    search.press("Escape")


def save(area) -> None:
    area.get_by_role("button", name="Save").first.click()
    area.page.locator(f"#{area.get_attribute('id')} .saved").wait_for()


def test_an_hr_editor_sets_access_knowledge_model_and_delegation_by_name(
    synced_demo, page, live_server, sandbox
):
    organization = synced_demo
    admin = Membership.objects.get(organization=organization).user
    draft = draft_create(organization=organization, user=admin, name="HR Helper")
    sign_in(page, live_server, "admin", "pw-admin-123456")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=access")
    SHOTS.mkdir(parents=True, exist_ok=True)

    access = editor_section(page, "access")
    jane, tom = person(organization, "Jane"), person(organization, "Tom")
    pick(access, "People who can see it", "Jane", jane.name)
    pick(access, "People who can see it", "tom", tom.name)
    pick(access, "People who can edit it", jane.name[:6], jane.name)
    pick(access, "People who see it in chat", "Tom", tom.name)
    pick(access, "Roles that can see it", "HR", "HR Manager")
    pick(access, "Departments that can see it", "Hum", "Human Resources")
    # Delegation is an expert's setting: it sits behind the section's "Advanced settings".
    advanced = access.locator("details[data-advanced]")
    if not advanced.evaluate("d => d.open"):
        advanced.locator("summary").click()
    pick(access, "May hand work to", "Pay", "Payroll Assistant")
    grants = access.locator("fieldset", has_text="Department permissions")
    grants.get_by_role("button", name="Add a row to Department permissions").click()
    pick(grants, "Department", "Fin", "Finance")
    grants.get_by_label("Access level").select_option("write")
    access.screenshot(path=str(SHOTS / "access-by-name.png"))
    save(access)

    tools = editor_section(page, "tools")
    pick(tools, "Knowledge stores", "HR", "HR Policies")
    save(tools)
    model = editor_section(page, "model")
    model.get_by_label("Model", exact=True).select_option("gpt-5")
    save(model)

    config = Draft.objects.get(pk=draft.pk).config
    assert config["access_users"] == [jane.ident, tom.ident]
    assert config["editable_by_users"] == [jane.ident]
    assert config["visible_in_chat_to_users"] == [tom.ident]
    hr_manager = DirectoryEntry.objects.get(kind="roles", name="HR Manager")
    assert config["visible_to_roles"] == [hr_manager.ident]
    assert config["access_departments"] == ["dept_hr"]
    assert config["grant_department_access"] == [
        {"department_id": "dept_fin", "access_level": "write"}
    ]
    payroll = DirectoryEntry.objects.get(kind="assistants", name="Payroll Assistant")
    assert config["delegate_to_whitelist"] == [payroll.ident]
    store = DirectoryEntry.objects.get(kind="vector_stores", name="HR Policies")
    assert config["vector_store_ids"] == [store.ident]
    assert config["default_model_key"] == "gpt-5"

    page.locator("#submit").get_by_role("button", name="Submit").click()
    page.locator(".created-box").wait_for(timeout=60_000)
    created = httpx.get(f"{sandbox}/_requests").json()["requests"]
    assert any(r["method"] == "POST" and r["path"].endswith("/v1/assistants") for r in created)
    upstream = Draft.objects.get(pk=draft.pk).upstream_assistant_id
    body = httpx.get(
        f"{sandbox}/aitronos/v1/assistants/{upstream}", headers={"X-API-Key": "sk-sandbox-demo"}
    ).json()
    assert body["access_users"] == [jane.ident, tom.ident]
    assert body["vector_store_ids"] == [store.ident]
    assert body["delegate_to_whitelist"] == [payroll.ident]


def test_a_name_typed_into_an_id_field_is_flagged_and_blocks_submit(synced_demo, page, live_server):
    organization = synced_demo
    admin = Membership.objects.get(organization=organization).user
    # As an import would store it: a name where an id belongs.
    draft = draft_create(
        organization=organization,
        user=admin,
        name="HR Bot",
        config={"access_users": ["Jane Smith, Tom Baker"]},
    )
    sign_in(page, live_server, "admin", "pw-admin-123456")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/?section=access")
    access = editor_section(page, "access")
    flag = "“Jane Smith, Tom Baker” is not a known person: pick from the list."
    assert access.get_by_text(flag).is_visible()

    # Typing a name that is no role is flagged while typing, and Enter does not add it.
    roles = access.locator(".field", has=page.get_by_text("Roles that can see it", exact=True))
    search = roles.locator("[data-picker-search]")
    search.fill("Human Resources")
    roles.get_by_text("“Human Resources” is not a known role: pick from the list.").wait_for()
    search.press("Enter")
    assert roles.locator(".chip").count() == 0
    assert search.get_attribute("aria-invalid") == "true"
    access.screenshot(path=str(SHOTS / "flagged.png"))

    # Submit refuses; people are a listed kind, so there is nothing to confirm.
    submit = page.locator("#submit")
    submit.get_by_role("button", name="Submit").click()
    submit.get_by_text("not known ids, so nothing was sent").wait_for()
    assert submit.locator("input[name=confirm_unknown]").count() == 0
    assert not Draft.objects.get(pk=draft.pk).submissions.exists()

    # A department the platform does not list may be confirmed as an id.
    departments = access.locator(
        ".field", has=page.get_by_text("Departments that can see it", exact=True)
    )
    departments.locator("[data-picker-search]").fill("dept_new")
    departments.locator("[data-picker-search]").press("Enter")
    departments.get_by_role("button", name="Use “dept_new” as an id anyway").click()
    # Fix the person: remove the name, pick the real people.
    access.locator(".chip", has_text="Jane Smith, Tom Baker").get_by_role("button").click()
    jane = person(organization, "Jane")
    pick(access, "People who can see it", "Jane", jane.name)
    save(access)
    assert Draft.objects.get(pk=draft.pk).config["access_departments"] == ["dept_new"]

    submit.get_by_role("button", name="Submit").click()
    confirm = submit.get_by_label("These are ids the platform does not list")
    confirm.wait_for()
    submit.screenshot(path=str(SHOTS / "confirm.png"))
    confirm.check()
    submit.get_by_role("button", name="Submit").click()
    page.locator(".created-box").wait_for(timeout=60_000)
    sent = Draft.objects.get(pk=draft.pk).submissions.get().request_body
    assert sent["access_users"] == [jane.ident]
    assert sent["access_departments"] == ["dept_new"]


def test_sync_now_shows_progress_on_the_directory_page(synced_demo, page, live_server):
    sign_in(page, live_server, "admin", "pw-admin-123456")
    page.goto(f"{live_server.url}/directory/")
    row = page.locator("tr", has_text="Sandbox (Aitronos)")
    row.get_by_role("button", name="Sync now").click()
    row.get_by_text("Waiting to start").or_(row.get_by_text("Syncing")).first.wait_for()
    wait_until(lambda: SyncRun.objects.filter(status="done").count() == 2, 60, "the second sync")
    row.get_by_text("People: 320 read").wait_for(timeout=10_000)  # htmx polled it to the end
    assert row.locator(".badge-done").inner_text() == "Done"
    page.screenshot(path=str(SHOTS / "directory.png"))
