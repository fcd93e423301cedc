"""Every page, in real Chromium: no Content-Security-Policy violation in the console, no
serious or critical axe-core finding, and no sideways scrolling on a 390 px phone.

The pages come from the URL configuration, like tests/foundation's route walker: a new page
fails `test_the_walk_covers_every_page` until it is added here (or skipped, saying why).
"""

import pytest
from axe_playwright_python.sync_playwright import Axe

from assistants.contract import example_document
from assistants.models import Submission
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from directory.services import template_from_draft
from tests.conftest import sign_in
from tests.foundation.test_sign_in_and_scoping import dashboard_routes

pytestmark = pytest.mark.browser

# Routes that are not pages a person opens: form targets, htmx partials, JSON.
NOT_PAGES = {
    "logout": "a POST that signs out",
    "organization_switch": "a POST from the organisation menu",
    "draft_name_check": "JSON for the name check while typing",
    "draft_section": "an htmx partial (its page is the editor, walked with every section)",
    "draft_preview": "an htmx partial of the editor",
    "draft_clone": "a POST",
    "draft_restore": "a POST",
    "draft_submit": "a POST",
    "draft_copy_created": "a POST",
    "member_role": "a POST",
    "member_remove": "a POST",
    "submission_timeline": "an htmx partial of the submission page",
    "system_ping": "a POST",
    "system_ping_detail": "an htmx partial of the status page",
    "token_revoke": "a POST",
    "template_rename": "a POST",
    "template_delete": "a POST",
    "directory_upload": "a POST",
    "directory_delete": "a POST",
    "password_reset_confirm": "needs an emailed token; tests/ux/test_passwords.py opens it",
    "invitation_page": "needs an invitation token; tests/security covers it",
    "directory_import": "the progress of one CSV import job (tests/directory)",
    "directory_suggest": "an htmx partial of a picker",
    "directory_check": "JSON for a picker",
    "directory_gallery": "an htmx partial of the icon and avatar galleries (walked in the editor)",
    "directory_picture": "a picture, not a page (tests/directory/test_pictures.py)",
    "directory_sync_now": "a POST",
    "directory_sync_run": "an htmx partial of a sync's progress",
    "member_link": "a POST",
    "draft_check_live": "a POST",
    "draft_take_live": "a POST",
    "draft_delete_upstream": "asks only for a live assistant (tests/editor/test_live_page.py)",
    "draft_restore_revision": "a POST",
    "mcp_discover": "a POST",
}
SIGNED_OUT = {
    "login": "/accounts/login/",
    "password_reset": "/accounts/password/reset/",
    "password_reset_done": "/accounts/password/reset/sent/",
    "password_reset_complete": "/accounts/password/reset/complete/",
}


@pytest.fixture
def world(transactional_db, organization, admin_user):
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Advanced Research Assistant",
        config=example_document("aitronos_all_parameters"),
    )
    connection = connection_create(
        organization=organization,
        name="Sandbox",
        dialect="aitronos",
        base_url="http://127.0.0.1:9",
        api_key="sk-walk-1234",
        is_default=True,
    )
    submission = Submission.objects.create(
        organization=organization,
        draft=draft,
        connection=connection,
        dialect="aitronos",
        status="failed",
        error_message="The upstream refused 1 setting (HTTP 422).",
        field_errors=[
            {
                "path": "temperature",
                "message": "Too high.",
                "code": "x",
                "section": "generation",
                "field": "temperature",
            }
        ],
        submitted_by=admin_user,
    )
    template_from_draft(draft=draft, user=admin_user, name="Research", description="Reads a lot")
    d, c = draft.pk, connection.pk
    pages = {
        "draft_list": "/",
        "draft_new": "/assistants/new/",
        "draft_import": "/assistants/import/",
        "upstream_import": "/assistants/import-upstream/",
        "draft_edit": f"/assistants/{d}/",
        "draft_export": f"/assistants/{d}/export/",
        "draft_compare": f"/assistants/{d}/compare/",
        "template_save": f"/assistants/{d}/save-template/",
        "draft_delete": f"/assistants/{d}/delete/",
        "draft_submissions": f"/assistants/{d}/submissions/",
        "member_list": "/organization/members/",
        "audit_list": "/organization/audit/",
        "template_list": "/organization/templates/",
        "system_status": "/system/",
        "submission_list": "/submissions/",
        "submission_detail": f"/submissions/{submission.pk}/",
        "connection_list": "/connections/",
        "connection_new": "/connections/new/",
        "connection_edit": f"/connections/{c}/",
        "connection_delete": f"/connections/{c}/delete/",
        "directory_list": "/directory/",
        "token_list": "/account/tokens/",
        "password_change": "/accounts/password/",
        "password_change_done": "/accounts/password/done/",
    }
    return pages


def test_the_walk_covers_every_page(world):
    names = {name for name, _ in dashboard_routes()} | set(SIGNED_OUT)
    walked = set(world) | set(SIGNED_OUT) | set(NOT_PAGES)
    assert names - walked == set(), "add these pages to the walk"


def csp_messages(page) -> list[str]:
    found: list[str] = []
    page.on(
        "console",
        lambda message: (
            found.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return found


def load_every_section(page) -> None:
    """The editor loads sections as they scroll into view: reach each one."""
    for slug in page.eval_on_selector_all(".editor-section", "els => els.map(e => e.id)"):
        page.evaluate("(id) => document.getElementById(id).scrollIntoView()", slug)
        page.locator(f"#{slug} form[data-section-form]").wait_for()
    page.evaluate("window.scrollTo(0, 0)")


def serious(results) -> list[str]:
    return [
        f"{v['id']} ({v['impact']}): {v['help']} — "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if v["impact"] in ("serious", "critical")
    ]


def check(page, url: str, width: int, problems: list[str], shots=None) -> None:
    page.set_viewport_size({"width": width, "height": 844})
    response = page.goto(url)
    assert response.status == 200, f"{url}: HTTP {response.status}"
    if "/assistants/" in url and url.rstrip("/").split("/")[-1].isdigit():
        load_every_section(page)
    page.wait_for_load_state("networkidle")
    if width <= 390:
        wide = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        if wide > 0:
            problems.append(f"{url} at {width} px: {wide} px of sideways scrolling")
    else:
        problems += [f"{url}: {line}" for line in serious(Axe().run(page))]
    if shots is not None:
        page.screenshot(
            path=str(shots / f"{url.strip('/').replace('/', '_') or 'home'}-{width}.png"),
            full_page=True,
        )


@pytest.mark.parametrize("width", [1280, 390])
def test_every_page_is_free_of_csp_errors_axe_findings_and_overflow(
    browser, live_server, world, width, tmp_path
):
    context = browser.new_context()
    page = context.new_page()
    page.set_default_timeout(15_000)
    csp = csp_messages(page)
    problems: list[str] = []
    for url in SIGNED_OUT.values():
        check(page, live_server.url + url, width, problems)
    sign_in(page, live_server, "alice", "pw-alice")
    for url in world.values():
        check(page, live_server.url + url, width, problems)
    context.close()
    assert csp == []
    assert problems == []


@pytest.mark.parametrize("width", [1280, 390])
def test_the_full_editor_on_a_phone_folds_to_a_list_of_sections(
    page, live_server, world, width, tmp_path
):
    page.set_viewport_size({"width": width, "height": 844})
    sign_in(page, live_server, "alice", "pw-alice")
    page.goto(live_server.url + world["draft_edit"])
    load_every_section(page)
    screens = page.evaluate("document.documentElement.scrollHeight / window.innerHeight")
    page.screenshot(path=str(tmp_path / f"editor-{width}.png"))
    page.screenshot(path=str(tmp_path / f"editor-{width}-full.png"), full_page=True)
    folded = page.locator(".editor-section.collapsed").count()
    if width == 390:
        assert folded >= 7, "all but the opened section fold on a phone"
        assert screens < 12, f"{screens:.1f} screens tall"
        page.locator("#section-output .section-toggle").click()
        assert page.locator("#section-output").evaluate("s => !s.classList.contains('collapsed')")
    else:
        assert folded == 0
