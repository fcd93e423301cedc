"""The pages measured, as a browser (or an API client) would ask for them.

Each page is measured with one client and with several, each client on its own draft (a
save bumps the draft's version, so clients sharing one would refuse each other's saves as
stale). Ours and Django admin's pages are measured the same way, signed in as the same user.
"""

from collections.abc import Callable
from dataclasses import dataclass

import httpx

from bench.load import Get, Step, Timings, run
from bench.seed import PASSWORD, USERNAME, Seed
from tests.html_forms import as_post_data, section_form

SAVED_SECTION = "generation"
# The field a save changes, back and forth, so every save stores a real change.
SAVED_FIELD = f"{SAVED_SECTION}-temperature"
SAVED_VALUES = ("0.6", "0.7")
# The section a shell loads in the "section" row: the largest (most widgets) of the nine.
LOADED_SECTION = "tools"


def editor_at(draft: int, section: str = "") -> str:
    """The editor page of `draft`, opened at `section` (it renders that one in full)."""
    return f"/assistants/{draft}/" + (f"?section={section}" if section else "")


@dataclass(frozen=True)
class Read:
    """A GET the benchmark measures: its path for a draft, and how it is asked for."""

    key: str  # as in bench.report.LABELS
    path: Callable[[int], str]
    htmx: bool = False  # sent as htmx sends it
    api: bool = False  # with the API's Bearer token instead of the session


READS = [
    Read("list", lambda draft: "/"),
    Read("edit", lambda draft: editor_at(draft)),
    Read("section", lambda draft: f"/assistants/{draft}/sections/{LOADED_SECTION}/", htmx=True),
    Read("preview", lambda draft: f"/assistants/{draft}/preview/"),
    Read("api", lambda draft: f"/api/v1/drafts/{draft}/", api=True),
    Read("admin_list", lambda draft: "/admin/assistants/draft/"),
    Read("admin_edit", lambda draft: f"/admin/assistants/draft/{draft}/change/"),
]


@dataclass(frozen=True)
class Page:
    key: str  # as in bench.report.LABELS
    make_step: Callable[[int, httpx.Client], Step]
    signed_in: bool = True  # False: the API, which authenticates with its Bearer token


class SavedForm:
    """The saved section's form as last rendered, and the data of the next save: the saved
    field flips between two values, so every save stores a real change."""

    def __init__(self, html: str) -> None:
        self.read(html)
        if not any(name == SAVED_FIELD for name, _ in self.fields):
            raise RuntimeError(f"The {SAVED_SECTION} section has no {SAVED_FIELD} field.")
        self.saves = 0

    def read(self, html: str) -> None:
        # A save's answer carries the section again, with the version the next must name.
        self.action, self.fields = section_form(html, SAVED_SECTION)

    def next_data(self) -> dict:
        self.saves += 1
        return as_post_data(self.fields, **{SAVED_FIELD: SAVED_VALUES[self.saves % 2]})


class SectionSave:
    """POST one section with htmx, with the form data the page rendered, as a browser does."""

    def __init__(self, http: httpx.Client, editor: str) -> None:
        page = http.get(editor)
        page.raise_for_status()
        self.form = SavedForm(page.text)

    def request(self) -> tuple[str, str, dict]:
        data = self.form.next_data()
        return "POST", self.form.action, {"data": data, "headers": {"HX-Request": "true"}}

    def check(self, response: httpx.Response) -> bool:
        if response.status_code != 200 or 'class="saved"' not in response.text:
            return False
        self.form.read(response.text)
        return True


def pages(seed: Seed) -> list[Page]:
    def target(client: int) -> int:
        return seed.targets[client % len(seed.targets)]

    def measured(read: Read) -> Page:
        def step(client: int, http: httpx.Client) -> Get:
            return Get(read.path(target(client)), htmx=read.htmx)

        return Page(read.key, step, signed_in=not read.api)

    save = Page("save", lambda i, http: SectionSave(http, editor_at(target(i), SAVED_SECTION)))
    reads = {read.key: measured(read) for read in READS}
    order = ["list", "edit", "section", "save", "preview", "api", "admin_list", "admin_edit"]
    return [save if key == "save" else reads[key] for key in order]


def sign_in(base_url: str) -> httpx.Cookies:
    """Sign in through the login form (with its CSRF token); return the session's cookies."""
    with httpx.Client(base_url=base_url, timeout=30) as http:
        form = http.get("/accounts/login/")
        form.raise_for_status()
        token = http.cookies["csrftoken"]
        answer = http.post(
            "/accounts/login/",
            data={"username": USERNAME, "password": PASSWORD, "csrfmiddlewaretoken": token},
        )
        if answer.status_code != 302 or "sessionid" not in http.cookies:
            raise RuntimeError(f"Signing in failed ({answer.status_code}).")
        return http.cookies


@dataclass(frozen=True)
class Plan:
    requests: int  # timed requests per run, shared by the clients
    warmup: int  # untimed requests per client first
    time_limit: float  # seconds per run at most
    concurrency: tuple[int, ...]


def time_pages(
    base_url: str, cookies: httpx.Cookies, seed: Seed, api_token: str, plan: Plan
) -> dict[tuple[str, int], Timings]:
    """Each page with each number of clients; signed in with `cookies` (API: the token)."""
    results: dict[tuple[str, int], Timings] = {}
    for page in pages(seed):
        for clients in plan.concurrency:
            results[page.key, clients] = run(
                page.make_step,
                base_url=base_url,
                clients=clients,
                requests=plan.requests,
                warmup=plan.warmup,
                time_limit=plan.time_limit,
                cookies=cookies if page.signed_in else None,
                headers={} if page.signed_in else {"Authorization": f"Bearer {api_token}"},
            )
    return results
