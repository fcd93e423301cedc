"""SQL queries per request, counted in-process with Django's test client.

Counted apart from the timing runs (counting needs a debug cursor, which costs time). Each
page is requested once to warm per-process caches, then counted on the second request, as a
server that has been up a while would answer it.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import LOADED_SECTION, SAVED_FIELD, SAVED_SECTION, SAVED_VALUES, editor_at
from bench.seed import Seed
from tests.html_forms import as_post_data, section_form

HOST = "127.0.0.1"  # DEBUG is off: the host must be one ALLOWED_HOSTS lists


def _count(request) -> tuple[int, int]:
    """(queries, status) of the second of two identical requests."""
    request()
    with CaptureQueriesContext(connection) as captured:
        response = request()
    return len(captured.captured_queries), response.status_code


class _SectionSave:
    """The benchmark's section save, through the test client: the form as the page renders it."""

    def __init__(self, browser: Client, editor: str) -> None:
        self.browser = browser
        self.action, self.fields = section_form(browser.get(editor).content.decode(), SAVED_SECTION)
        self.saves = 0

    def __call__(self):
        self.saves += 1
        data = as_post_data(self.fields, **{SAVED_FIELD: SAVED_VALUES[self.saves % 2]})
        response = self.browser.post(self.action, data, HTTP_HX_REQUEST="true")
        self.action, self.fields = section_form(response.content.decode(), SAVED_SECTION)
        return response


def count_queries(seed: Seed, api_token: str) -> dict[str, int]:
    browser = Client(HTTP_HOST=HOST)
    browser.force_login(seed.user)
    api = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Bearer {api_token}")
    draft = seed.targets[0]
    requests = {
        "list": lambda: browser.get("/"),
        "edit": lambda: browser.get(editor_at(draft)),
        "section": lambda: browser.get(
            f"/assistants/{draft}/sections/{LOADED_SECTION}/", HTTP_HX_REQUEST="true"
        ),
        "save": _SectionSave(browser, editor_at(draft, SAVED_SECTION)),
        "preview": lambda: browser.get(f"/assistants/{draft}/preview/"),
        "api": lambda: api.get(f"/api/v1/drafts/{draft}/"),
        "admin_list": lambda: browser.get("/admin/assistants/draft/"),
        "admin_edit": lambda: browser.get(f"/admin/assistants/draft/{draft}/change/"),
    }
    counts = {}
    for key, request in requests.items():
        queries, status = _count(request)
        if status != 200:
            raise RuntimeError(f"Counting queries: {key} answered {status}.")
        counts[key] = queries
    return counts
