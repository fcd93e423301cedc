"""Issue 18's closing scenario: a first-time HR person builds "HR Helper" on a fresh `make run`
in the browser only, and it goes live.

`manage.py devserver` (what `make run` starts) runs as a child process on free ports, as in
tests/foundation/test_make_run.py: it migrates, creates the demo organisation, starts the
worker, the sandbox upstream and the demo MCP server, and fills the directory from the
sandbox. Nobody types anything into the Directory. The HR person is an editor an admin added
on the Members page; the test adds them through the same service that page calls
(`membership_add`), which hands back their first password as the page shows it.

Every click and every typed field goes through `Person`, which counts them and refuses to
type JSON or an identifier: names are picked, tools ticked, the answer format built in rows.
The console is listened to all along: no Content-Security-Policy violation, no script error.
Screenshots at 1280 and 390 px go to SCREENSHOTS_DIR (or a temporary folder).
"""

import os
import re
import signal
from pathlib import Path

import httpx
import pytest
from django.conf import global_settings, settings
from django.test.utils import override_settings

from assistants.models import Organization, Role
from assistants.services.organizations import membership_add
from directory.models import DirectoryEntry, SyncRun
from tests import processes
from tests.browser.console import console_problems
from tests.browser.sections import editor_section

pytestmark = [pytest.mark.browser, pytest.mark.worker]

MAX_CLICKS, MAX_TYPED = 30, 15
SANDBOX_KEY = "sk-sandbox-demo"
# What an identifier looks like on the platforms: a prefix and an underscore (asst_…, vs_…,
# dept_…, usr_…), a UUID, or a long run of hex digits or digits.
ID_LIKE = (
    re.compile(r"^[A-Za-z]{2,8}_[A-Za-z0-9_-]*\d[A-Za-z0-9_-]*$"),
    re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$", re.I),
    re.compile(r"^[0-9a-f]{16,}$", re.I),
    re.compile(r"^\d{4,}$"),
)
JSON_MARKS = ("{", "}", "[", "]", '":')


class Person:
    """All of the HR person's actions: counted, and what they type is checked."""

    def __init__(self, page, known_ids: set[str]):
        self.page, self.known_ids = page, known_ids
        self.clicks = 0
        self.typed: list[str] = []

    def click(self, locator) -> None:
        locator.click()
        self.clicks += 1

    def choose(self, locator, **option) -> None:
        """Pick from a drop-down: one click, as the count of the issue has it."""
        locator.select_option(**option)
        self.clicks += 1

    def tick(self, locator) -> None:
        locator.check()
        self.clicks += 1

    def type(self, locator, text: str) -> None:
        assert not any(mark in text for mark in JSON_MARKS), f"typed JSON: {text!r}"
        assert text.strip() not in self.known_ids, f"typed an id from the directory: {text!r}"
        # An address is typed as given (the MCP server's URL, from the make run banner).
        if not text.startswith(("http://", "https://")):
            for pattern in ID_LIKE:
                assert not pattern.match(text.strip()), f"typed something id-like: {text!r}"
        locator.fill(text)
        self.typed.append(text)

    def pick(self, area, label: str, typed: str, option: str) -> None:
        """Type part of a name into the picker of field `label` and click the suggestion."""
        field = area.locator(".field", has=self.page.get_by_text(label, exact=True)).first
        self.type(field.locator("[data-picker-search]"), typed)
        self.click(field.locator("[role=option]", has_text=option).first)
        field.locator(".chip", has_text=option).first.wait_for()

    def save(self, area, slug: str) -> None:
        self.click(area.get_by_role("button", name="Save").first)
        self.page.locator(f"#section-{slug} .saved").wait_for()


def shoot(page, slug: str, path: Path, at=None) -> None:
    """The screen as a person sees it with `at` (or the section's top) at the top."""
    (at or page.locator(f"#section-{slug}")).evaluate("e => e.scrollIntoView()")
    page.screenshot(path=str(path))


def sticking_out(page) -> list[str]:
    """What makes the page scroll sideways (tables scroll in their own box), named."""
    if page.evaluate("document.documentElement.scrollWidth <= window.innerWidth"):
        return []
    return page.evaluate(
        """() => [...document.querySelectorAll("body *")]
          .filter((e) => e.getBoundingClientRect().right > window.innerWidth + 1)
          .filter((e) => !e.closest(".table-wrap, .mainnav, .section-nav"))
          .slice(0, 6).map((e) => `${e.tagName}#${e.id}.${e.className}`)"""
    ) or ["text wider than its box (a long word or URL that does not wrap)"]


@pytest.fixture
def make_run(transactional_db, tmp_path):
    """A fresh `make run` on free ports: the dashboard URL and the sandbox URL."""
    stack, ports = processes.devserver(tmp_path)
    web_port, sandbox_port, mcp_port = ports.web, ports.sandbox, ports.mcp
    try:
        stack.wait_ready(lambda: processes.port_open(web_port), 90)
        stack.wait_ready(lambda: "Sign in as:" in stack.log(), 30)
        stack.wait_ready(lambda: processes.port_open(mcp_port), 30)
        # The directory sync make run queued: the pickers offer its names once it is done.
        stack.wait_ready(
            lambda: (
                SyncRun.objects.filter(status="done").exists()
                or SyncRun.objects.filter(status="failed").exists()
            ),
            90,
        )
        assert SyncRun.objects.filter(status="done").exists(), stack.log()
        yield {
            "web": f"http://127.0.0.1:{web_port}",
            "sandbox": f"http://127.0.0.1:{sandbox_port}",
            "mcp": f"http://127.0.0.1:{mcp_port}/mcp",
            "log": stack.log,
        }
    finally:
        stack.kill(signal.SIGINT)
        try:
            stack.process.wait(timeout=30)
        finally:
            stack.stop()


@pytest.fixture
def shots(tmp_path) -> Path:
    folder = Path(os.environ.get("SCREENSHOTS_DIR") or tmp_path) / "first-time-hr"
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def test_a_first_time_hr_editor_builds_hr_helper_by_name_and_it_goes_live(make_run, browser, shots):
    organization = Organization.objects.get(upstream_id=settings.DEMO_ORGANIZATION_UPSTREAM_ID)
    admin = organization.memberships.get(role=Role.ADMIN).user
    # Hashed as the dashboard hashes it: she signs in at `make run`'s server, a process of
    # its own that knows nothing of the tests' fast MD5 hashing (tests/conftest.py).
    with override_settings(PASSWORD_HASHERS=global_settings.PASSWORD_HASHERS):
        _membership, password = membership_add(
            organization=organization, actor=admin, username="hanna", role=Role.EDITOR
        )
    known_ids = set(
        DirectoryEntry.objects.filter(organization=organization).values_list("ident", flat=True)
    )
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.set_default_timeout(15_000)
    problems = console_problems(page)
    hanna = Person(page, known_ids)

    # Sign in, from the address make run printed.
    page.goto(make_run["web"])
    hanna.type(page.get_by_label("Username"), "hanna")
    hanna.type(page.get_by_label("Password"), password)
    hanna.click(page.get_by_role("button", name="Sign in"))

    # "HR Helper" from nothing.
    hanna.click(page.get_by_role("link", name="New assistant").first)
    hanna.type(page.get_by_label("Name"), "HR Helper")
    hanna.click(page.get_by_role("button", name="Create draft"))
    page.get_by_role("heading", name="HR Helper").wait_for()
    editor_url = page.url

    model = editor_section(page, "model")
    hanna.choose(model.get_by_label("Model", exact=True), value="gpt-5")
    hanna.save(model, "model")

    instructions = editor_section(page, "instructions")
    hanna.type(
        instructions.get_by_label("Instructions", exact=True),
        "You answer employees' questions about leave, benefits and policies. Be brief and "
        "kind, and say where in the handbook the answer is.",
    )
    hanna.save(instructions, "instructions")

    access = editor_section(page, "access")
    jane = (
        DirectoryEntry.objects.filter(
            organization=organization, kind="users", name__startswith="Jane"
        )
        .order_by("name")
        .first()
    )
    hanna.pick(access, "People who can see it", "Jane", jane.name)
    hanna.save(access, "access")

    tools = editor_section(page, "tools")
    web_search = tools.locator("[name$='web_search__mode']")
    file_search = tools.locator("[name$='file_search__mode']")
    hanna.choose(web_search, value="auto")
    hanna.choose(file_search, value="auto")
    hanna.pick(tools, "Knowledge stores", "HR", "HR Policies")
    hanna.save(tools, "tools")

    mcp = editor_section(page, "mcp")
    hanna.click(mcp.get_by_role("button", name="Add a row to MCP servers"))
    row = mcp.locator("[data-row]").last
    hanna.type(row.get_by_label("Server URL"), make_run["mcp"])
    hanna.click(row.get_by_role("button", name="Connect and list tools"))
    table = row.locator("[data-mcp-tools]")
    table.locator("tr[data-tool]").first.wait_for()
    # The server named itself: the Server name box took that name.
    assert row.get_by_label("Server name").input_value() == "demo-helpdesk"
    wanted = ["search_policies", "get_employee_handbook_section"]
    for tool in table.locator("tr[data-tool]").all():
        allow = tool.locator("[data-mcp-allow]")
        if (tool.get_attribute("data-tool") in wanted) != allow.is_checked():
            hanna.click(allow)
    hanna.click(row.get_by_role("button", name="Use these choices"))
    row.locator("[data-mcp-applied]").get_by_text("2 tools allowed").wait_for()
    shoot(page, "mcp", shots / "mcp-tools-1280.png", at=table)
    hanna.save(mcp, "mcp")

    generation = editor_section(page, "generation")
    hanna.choose(generation.get_by_label("Thinking effort"), value="high")
    hanna.save(generation, "generation")

    output = editor_section(page, "output")
    hanna.choose(output.get_by_label("Answer format", exact=True), label="JSON following a schema")
    builder = output.locator("[data-schema-builder]")
    rows = builder.locator(".sb-rows").first.locator(":scope > .sb-row")
    for index, (name, kind) in enumerate(
        [("answer", "Text"), ("policy", "Text"), ("needs_hr_contact", "Yes / no")]
    ):
        hanna.click(builder.get_by_role("button", name="Add a field to Fields"))
        hanna.type(rows.nth(index).get_by_label("Name"), name)
        if kind != "Text":
            hanna.choose(rows.nth(index).get_by_label("Type"), label=kind)
    shoot(page, "output", shots / "answer-fields-1280.png")
    hanna.save(output, "output")

    # The finished editor, then submit and wait until it is live.
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "editor-1280.png"))
    page.screenshot(path=str(shots / "editor-1280-full.png"), full_page=True)
    hanna.click(page.locator("#submit").get_by_role("button", name="Submit", exact=True))
    page.locator("#draft-status", has_text="Live").wait_for(timeout=60_000)
    upstream_id = page.locator("#upstream-id").inner_text().strip()
    page.screenshot(path=str(shots / "live-1280.png"))
    build = {"clicks": hanna.clicks, "typed": len(hanna.typed)}

    # The same editor on a phone (390 px), without a second make run. Looking is not part
    # of building it: the sections she opens to look are counted apart.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(editor_url)
    page.get_by_text("Changes not yet live").or_(
        page.get_by_text("everything saved")
    ).first.wait_for()
    page.screenshot(path=str(shots / "live-390.png"))
    looking = Person(page, known_ids)
    for slug in ("mcp", "output"):
        area = editor_section(page, slug)
        looking.click(area.locator(".section-toggle"))
        shoot(page, slug, shots / f"{slug}-390.png")
    page.evaluate("window.scrollTo(0, 0)")
    page.screenshot(path=str(shots / "live-390-full.png"), full_page=True)
    assert sticking_out(page) == []
    context.close()

    print(f"\nclicks: {build['clicks']}, typed fields: {build['typed']}")
    assert build["clicks"] < MAX_CLICKS
    assert build["typed"] < MAX_TYPED
    assert problems == []

    # What the upstream holds: ids of what was picked by name, tools, MCP, schema, effort.
    body = httpx.get(
        f"{make_run['sandbox']}/aitronos/v1/assistants/{upstream_id}",
        headers={"X-API-Key": SANDBOX_KEY},
        timeout=10,
    ).json()
    store = DirectoryEntry.objects.get(
        organization=organization, kind="vector_stores", name="HR Policies"
    )
    assert body["name"] == "HR Helper"
    assert body["default_model_key"] == "gpt-5"
    assert body["instructions"].startswith("You answer employees' questions")
    assert body["access_users"] == [jane.ident]
    assert body["vector_store_ids"] == [store.ident]
    system_tools = body["tool_configurations"]["system_tools"]
    assert system_tools["web_search"]["mode"] == "auto"
    assert system_tools["file_search"]["mode"] == "auto"
    [server] = body["tool_configurations"]["mcp_tools"]
    assert server["server_label"] == "demo-helpdesk"
    assert server["server_url"] == make_run["mcp"]
    assert server["allowed_tools"] == wanted
    assert body["reasoning"]["effort"] == "high"
    schema = body["text_config"]["json_schema"]["schema"]
    assert body["text_config"]["output_mode"] == "json_schema"
    assert schema["properties"] == {
        "answer": {"type": "string"},
        "policy": {"type": "string"},
        "needs_hr_contact": {"type": "boolean"},
    }
    assert sorted(schema["required"]) == ["answer", "needs_hr_contact", "policy"]
