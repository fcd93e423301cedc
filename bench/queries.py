"""SQL queries per request, counted in-process with Django's test client.

Counted apart from the timing runs (counting needs a debug cursor, which costs time). Each
page is requested once to warm per-process caches, then counted on the second request, as a
server that has been up a while would answer it.
"""

from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext

from bench.pages import READS, SAVED_SECTION, Read, SavedForm, editor_at
from bench.seed import Seed

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
        self.form = SavedForm(browser.get(editor).content.decode())

    def __call__(self):
        data = self.form.next_data()
        response = self.browser.post(self.form.action, data, HTTP_HX_REQUEST="true")
        self.form.read(response.content.decode())
        return response


def count_queries(seed: Seed, api_token: str) -> dict[str, int]:
    browser = Client(HTTP_HOST=HOST)
    browser.force_login(seed.user)
    api = Client(HTTP_HOST=HOST, HTTP_AUTHORIZATION=f"Bearer {api_token}")
    draft = seed.targets[0]

    def asked(read: Read):
        headers = {"HTTP_HX_REQUEST": "true"} if read.htmx else {}
        return lambda: (api if read.api else browser).get(read.path(draft), **headers)

    requests = {read.key: asked(read) for read in READS}
    requests["save"] = _SectionSave(browser, editor_at(draft, SAVED_SECTION))
    counts = {}
    for key, request in requests.items():
        queries, status = _count(request)
        if status != 200:
            raise RuntimeError(f"Counting queries: {key} answered {status}.")
        counts[key] = queries
    return counts
