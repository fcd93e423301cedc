"""Reading an upstream's list of assistants, page by page, in each shape's own terms.

References (never our own invention):
- Aitronos: the official SDK (`aitronos-sdk` 5.0.0, `assistants.list_assistants`): `GET
  /v1/assistants?organization_id=&limit=&offset=&search=&fields=` answering
  `AssistantListResponse` = `{assistants, total, organization_id, pagination: {total, limit,
  offset, has_more}, filters_applied, user_context}`. `fields=full` asks for whole objects
  (with `metadata`); a summary item has no `metadata` and is fetched on its own.
- OpenAI shapes: the `openai` SDK's `CursorPage`: `GET /v1/assistants?limit=&order=&after=`
  answering `{object: "list", data, first_id, last_id, has_more}`.

The reader is tolerant of both shapes whatever the dialect (a gateway or an older server may
answer in the other one): items come from `assistants` or `data`, "more" from
`pagination.has_more` or `has_more`, and the next page is asked for by offset or cursor
according to the shape of the answer, not the dialect.
"""

import math
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

PAGE_SIZE = 100
# Above this a `created_at` is taken to be in milliseconds: 10^11 seconds is the year 5138.
MILLISECONDS_ABOVE = 1e11


@dataclass
class ListPage:
    items: list[dict[str, Any]] = field(default_factory=list)
    has_more: bool = False
    next_params: dict[str, Any] | None = None  # the query for the next page; None: last
    newest_first: bool = False  # the order is known to be newest first (time may narrow)


def first_params(dialect: str, *, organization_id: str, name: str) -> dict[str, Any]:
    """The query of the first page. Aitronos narrows by `search` (the name) and asks for
    whole objects; OpenAI shapes have no name filter, so the newest come first."""
    if dialect == "aitronos":
        params: dict[str, Any] = {
            "organization_id": organization_id,
            "limit": PAGE_SIZE,
            "offset": 0,
            "fields": "full",
        }
        if name:
            params["search"] = name
        return params
    return {"limit": PAGE_SIZE, "order": "desc"}


def without_filters(params: dict[str, Any]) -> dict[str, Any]:
    """The same query without the optional narrowing an upstream may refuse (400/422)."""
    return {key: value for key, value in params.items() if key not in ("search", "fields")}


def read_page(body: Any, params: dict[str, Any]) -> ListPage:
    """One answer of the list endpoint, in either shape, and how to ask for the next page."""
    if not isinstance(body, dict):
        return ListPage()
    raw = body.get("assistants")
    if not isinstance(raw, list):
        raw = body.get("data")
    items = [item for item in raw if isinstance(item, dict)] if isinstance(raw, list) else []
    pagination = body.get("pagination")
    newest_first = params.get("order") == "desc"
    if isinstance(pagination, dict):
        has_more = bool(pagination.get("has_more"))
        offset = pagination.get("offset")
        offset = offset if isinstance(offset, int) and offset >= 0 else params.get("offset", 0)
        following = {**params, "offset": int(offset or 0) + len(items)}
        return ListPage(items, has_more, following if has_more and items else None, newest_first)
    has_more = bool(body.get("has_more"))
    last_id = body.get("last_id") or (items[-1].get("id") if items else None)
    if has_more and items and isinstance(last_id, str) and last_id:
        following = {**params, "after": last_id}
        following.pop("offset", None)
        return ListPage(items, True, following, newest_first)
    return ListPage(items, has_more, None, newest_first)


def created_at_seconds(value: Any) -> float | None:
    """A `created_at` as unix seconds: seconds or milliseconds (some compatible servers), or
    an ISO 8601 text. None for anything else or out of range, never an exception."""
    if isinstance(value, bool):
        return None
    if isinstance(value, str):
        try:
            return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
        except ValueError:
            return None
    if not isinstance(value, int | float) or not math.isfinite(value) or value < 0:
        return None
    seconds = value / 1000 if value > MILLISECONDS_ABOVE else float(value)
    return seconds if seconds < MILLISECONDS_ABOVE else None
