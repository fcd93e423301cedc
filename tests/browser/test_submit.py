"""An editor submits a draft to the sandbox through the real page and watches it get created."""

import re

import httpx
import pytest
from playwright.sync_api import expect

from assistants.dialects.marker import MARKER_KEY
from assistants.models import Draft, Organization, Submission
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from tests.conftest import sign_in
from tests.sandbox.support import DEMO_KEY

pytestmark = [pytest.mark.browser, pytest.mark.worker]


@pytest.fixture
def organization(db) -> Organization:
    # The organisation the sandbox's demo key may act for.
    return Organization.objects.create(name="Demo", slug="demo", upstream_id="org_demo")


def test_an_editor_submits_a_draft_and_sees_the_timeline_reach_created_with_the_upstream_id(
    transactional_db, page, live_server, sandbox, worker, organization, admin_user, editor_user
):
    httpx.post(f"{sandbox}/_reset").raise_for_status()
    connection_create(
        organization=organization,
        name="Sandbox",
        dialect="aitronos",
        base_url=f"{sandbox}/aitronos",
        api_key=DEMO_KEY,
        is_default=True,
    )
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Maths Tutor",
        config={"name": "Maths Tutor", "instructions": "You help with maths."},
    )
    sign_in(page, live_server, "eddie", "pw-eddie")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")

    panel = page.locator("#submit")
    expect(panel.get_by_label("Send to")).to_have_value(
        str(draft.organization.connections.get().pk)
    )
    panel.get_by_role("button", name="Submit", exact=True).click()

    timeline = page.locator("#submission-timeline")
    expect(timeline).to_contain_text("Queued by eddie for Sandbox")
    expect(timeline).to_contain_text(re.compile(r"Created as asst_\w{24}"), timeout=30_000)
    upstream_id = Draft.objects.get(pk=draft.pk).upstream_assistant_id
    expect(timeline).to_contain_text(upstream_id)
    # The panel around it turns into the created state, with the id ready to copy.
    expect(panel.locator("#upstream-id")).to_have_text(upstream_id)
    expect(panel.get_by_role("button", name="Copy the upstream assistant ID")).to_be_visible()
    expect(panel.get_by_role("button", name="Submit", exact=True)).to_have_count(0)
    # The header badge follows too.
    expect(page.locator("#draft-status")).to_have_text("Live")


def test_the_documented_all_parameters_example_imported_in_the_browser_is_submitted_unchanged(
    transactional_db, page, live_server, sandbox, worker, organization, admin_user
):
    import json

    from assistants.contract import load_example, normalize_import
    from sandbox.models import SandboxAssistant

    httpx.post(f"{sandbox}/_reset").raise_for_status()
    connection_create(
        organization=organization,
        name="Sandbox",
        dialect="aitronos",
        base_url=f"{sandbox}/aitronos",
        api_key=DEMO_KEY,
        is_default=True,
    )
    example = load_example("aitronos_all_parameters")
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(f"{live_server.url}/assistants/import/")
    page.get_by_label("Request body (JSON)").fill(json.dumps(example, indent=2))
    page.get_by_role("button", name="Import as a new draft").click()
    page.get_by_role("heading", name="Advanced Research Assistant").wait_for()

    panel = page.locator("#submit")
    panel.get_by_role("button", name="Submit", exact=True).click()
    expect(page.locator("#submission-timeline")).to_contain_text(
        re.compile(r"Created as asst_\w{24}"), timeout=30_000
    )

    received = SandboxAssistant.objects.get().body
    # The documented body, after the documented normalisations (docs/contract.md), with the
    # organisation's own upstream id, and the submission's marker among its labels (the
    # exactly-once look-up finds the assistant by it).
    submission = Submission.objects.get()
    expected = {**normalize_import(example).data, "organization_id": "org_demo"}
    expected["metadata"] = {
        **expected.get("metadata", {}),
        MARKER_KEY: str(submission.idempotency_key),
    }
    assert received == expected
