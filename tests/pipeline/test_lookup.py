"""Looking for a submission's assistant by its marker, in each upstream's real list shape.

The list answers are built with the official SDKs' own models (aitronos-sdk's
`AssistantListResponse`, the openai SDK's `SyncCursorPage[Assistant]`) and dumped, so the
shapes come from the references, not from this file. httpx.MockTransport, no network.
"""

from typing import Any

import httpx
import pytest
from aitronos.types.assistant_list_response import AssistantListResponse
from aitronos.types.assistant_response import AssistantResponse
from aitronos.types.assistant_summary_response import AssistantSummaryResponse
from aitronos.types.filters_applied_schema import FiltersAppliedSchema
from aitronos.types.pagination_schema import PaginationSchema
from aitronos.types.user_context_schema import UserContextSchema
from openai.pagination import SyncCursorPage
from openai.types.beta.assistant import Assistant

from assistants import upstream
from assistants.dialects.listing import created_at_seconds, read_page
from assistants.dialects.marker import MARKER_KEY
from assistants.upstream import Outcome

URL = "https://upstream.test/v1/assistants"
MINE = "3f0c6a9e-0000-4000-8000-000000000001"
THEIRS = "3f0c6a9e-0000-4000-8000-000000000002"


def aitronos_item(ident: str, name: str, marker: str | None, created_at: int = 1_700_000_000):
    metadata = {MARKER_KEY: marker} if marker else {"team": "sales"}
    return AssistantResponse(
        id=ident,
        name=name,
        organization_id="org_demo",
        created_by="usr_1",
        created_at=created_at,
        updated_at=created_at,
        metadata=metadata,
    )


def aitronos_summary(ident: str, name: str) -> AssistantSummaryResponse:
    return AssistantSummaryResponse(
        id=ident,
        name=name,
        is_default=False,
        created_at=1_700_000_000,
        updated_at=1_700_000_000,
        access_mode="private",
        api_enabled=True,
        is_active=True,
        temperature=0.7,
    )


def aitronos_page(items: list[Any], *, offset: int, total: int, limit: int = 100) -> dict:
    return AssistantListResponse(
        assistants=items,
        total=total,
        organization_id="org_demo",
        pagination=PaginationSchema(
            total=total, limit=limit, offset=offset, has_more=offset + len(items) < total
        ),
        filters_applied=FiltersAppliedSchema(search="Tutor"),
        user_context=UserContextSchema(user_id="usr_1", organization_count=1),
    ).model_dump(mode="json")


def openai_item(ident: str, name: str, marker: str | None, created_at: int = 1_700_000_000):
    return Assistant(
        id=ident,
        object="assistant",
        created_at=created_at,
        model="gpt-4o",
        name=name,
        tools=[],
        metadata={MARKER_KEY: marker} if marker else {},
    )


def openai_page(items: list[Assistant], has_more: bool) -> dict:
    return SyncCursorPage[Assistant](data=items, has_more=has_more).model_dump(mode="json")


def find(handler, *, dialect: str = "aitronos", marker: str | None = MINE, since: float = 0):
    return upstream.find_assistant(
        dialect=dialect,
        url=URL,
        headers={"X-API-Key": "k", "Content-Type": "application/json"},
        organization_id="org_demo",
        name="Tutor",
        marker=marker,
        created_since=since,
        idempotency_key="idem-1",
        transport=httpx.MockTransport(handler),
    )


def test_aitronos_pages_by_offset_with_search_and_finds_the_assistant_carrying_the_marker():
    pages = {
        0: aitronos_page(
            [aitronos_item("a_1", "Tutor", THEIRS), aitronos_item("a_2", "Tutor", None)],
            offset=0,
            total=3,
            limit=2,
        ),
        2: aitronos_page([aitronos_item("a_3", "Tutor", MINE)], offset=2, total=3, limit=2),
    }
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(dict(request.url.params))
        assert request.method == "GET" and "content-type" not in request.headers
        return httpx.Response(200, json=pages[int(request.url.params["offset"])])

    lookup = find(handler)
    assert lookup.found["id"] == "a_3", "the namesakes on page one carry no or another marker"
    assert calls[0] == {
        "organization_id": "org_demo",
        "limit": "100",
        "offset": "0",
        "fields": "full",
        "search": "Tutor",
    }
    assert calls[1]["offset"] == "2", "the next offset is the previous one plus the items read"
    assert [n["id"] for n in lookup.namesakes] == ["a_1", "a_2"]


def test_aitronos_summary_items_are_fetched_one_by_one_to_read_their_marker():
    fetched = []

    def handler(request: httpx.Request) -> httpx.Response:
        if request.url.path.endswith("/assistants"):
            items = [aitronos_summary("a_1", "Tutor"), aitronos_summary("a_2", "Tutor")]
            return httpx.Response(200, json=aitronos_page(items, offset=0, total=2))
        ident = request.url.path.rsplit("/", 1)[1]
        fetched.append(ident)
        marker = MINE if ident == "a_2" else THEIRS
        item = aitronos_item(ident, "Tutor", marker).model_dump(mode="json")
        return httpx.Response(200, json=item)

    lookup = find(handler)
    assert lookup.found["id"] == "a_2"
    assert fetched == ["a_1", "a_2"]


def test_openai_pages_newest_first_with_the_after_cursor_and_skips_a_newer_namesake():
    pages = {
        None: openai_page(
            [openai_item("asst_9", "Tutor", THEIRS), openai_item("asst_8", "Other", None)], True
        ),
        "asst_8": openai_page([openai_item("asst_7", "Tutor", MINE)], False),
    }
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(dict(request.url.params))
        return httpx.Response(200, json=pages[request.url.params.get("after")])

    lookup = find(handler, dialect="openai")
    assert lookup.found["id"] == "asst_7"
    assert calls[0] == {"limit": "100", "order": "desc"}
    assert calls[1]["after"] == "asst_8", "the openai SDK's cursor: the last item's id"


def test_without_a_marker_nothing_is_adopted_even_a_lone_namesake():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=openai_page([openai_item("asst_1", "Tutor", None)], False))

    lookup = find(handler, dialect="openai", marker=None)
    assert lookup.found is None and lookup.reply.outcome is Outcome.SUCCESS
    assert [n["id"] for n in lookup.namesakes] == ["asst_1"]


def test_milliseconds_do_not_end_the_search_early_nor_crash_and_odd_values_are_ignored():
    since = 1_700_000_000.0
    newer_in_ms = 1_700_000_100_000  # 100 s after `since`, in milliseconds

    pages = {
        None: openai_page([openai_item("asst_2", "Tutor", THEIRS, newer_in_ms)], True),
        "asst_2": openai_page([openai_item("asst_1", "Tutor", MINE, newer_in_ms)], False),
    }

    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(200, json=pages[request.url.params.get("after")])

    assert find(handler, dialect="openai", since=since).found["id"] == "asst_1"
    assert created_at_seconds(newer_in_ms) == since + 100
    assert created_at_seconds(1_700_000_000) == since
    assert created_at_seconds("2023-11-14T22:13:20Z") == since
    for odd in (10**30, -5, float("nan"), float("inf"), True, "soon", None):
        assert created_at_seconds(odd) is None


def test_an_older_page_ends_a_newest_first_search():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request.url.params.get("after"))
        return httpx.Response(200, json=openai_page([openai_item("asst_1", "X", None, 100)], True))

    lookup = find(handler, dialect="openai", since=1_700_000_000)
    assert lookup.found is None and calls == [None]


@pytest.mark.parametrize(
    ("dialect", "answers"),
    [
        # An Aitronos connection answered in the OpenAI shape (a gateway, an older server).
        (
            "aitronos",
            {
                None: openai_page([openai_item("x_1", "Tutor", THEIRS)], True),
                "x_1": openai_page([openai_item("x_2", "Tutor", MINE)], False),
            },
        ),
        # An OpenAI-shaped connection answered in the Aitronos SDK's shape.
        (
            "openai",
            {
                None: aitronos_page([aitronos_item("x_1", "Tutor", THEIRS)], offset=0, total=2),
                "1": aitronos_page([aitronos_item("x_2", "Tutor", MINE)], offset=1, total=2),
            },
        ),
    ],
)
def test_either_shape_is_read_and_paged_whatever_the_dialect(dialect, answers):
    def handler(request: httpx.Request) -> httpx.Response:
        params = request.url.params
        key = params.get("after") or (params.get("offset") if params.get("offset") != "0" else None)
        return httpx.Response(200, json=answers[key])

    assert find(handler, dialect=dialect).found["id"] == "x_2"


def test_an_upstream_that_refuses_the_optional_filters_is_asked_again_without_them():
    seen = []

    def handler(request: httpx.Request) -> httpx.Response:
        seen.append(dict(request.url.params))
        if "search" in request.url.params:
            return httpx.Response(422, json={"detail": [{"loc": ["query", "search"], "msg": "x"}]})
        page = aitronos_page([aitronos_item("a_1", "Tutor", MINE)], offset=0, total=1)
        return httpx.Response(200, json=page)

    assert find(handler).found["id"] == "a_1"
    assert ["search" in p for p in seen] == [True, False]
    assert "fields" not in seen[1] and seen[1]["organization_id"] == "org_demo"


def test_the_pages_read_are_bounded_and_a_cut_short_search_says_so(settings):
    settings.SUBMISSION_LOOKUP_MAX_PAGES = 3
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        offset = int(request.url.params["offset"])
        calls.append(offset)
        item = aitronos_item(f"a_{offset}", "Other", None)
        return httpx.Response(200, json=aitronos_page([item], offset=offset, total=10**6))

    lookup = find(handler)
    assert calls == [0, 1, 2]
    assert lookup.found is None and lookup.complete is False


def test_a_page_repeating_itself_ends_the_search():
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:  # ignores offset and cursor
        calls.append(1)
        page = aitronos_page([aitronos_item("a_1", "Tutor", THEIRS)], offset=0, total=5)
        return httpx.Response(200, json=page)

    assert find(handler).found is None
    assert len(calls) == 2


def test_a_lookup_that_cannot_reach_the_upstream_is_retried_not_ambiguous():
    def handler(request: httpx.Request) -> httpx.Response:
        raise httpx.ReadTimeout("slow")

    lookup = find(handler, dialect="openai")
    assert lookup.found is None
    assert lookup.reply.outcome is Outcome.RETRY_BACKOFF


def test_read_page_of_something_else_is_an_empty_last_page():
    for body in (None, "text", [], {"unexpected": 1}, {"data": "x"}):
        page = read_page(body, {"limit": 100})
        assert (page.items, page.next_params) == ([], None)
