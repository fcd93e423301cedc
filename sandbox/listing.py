"""`GET .../v1/assistants` in each upstream's own list shape.

- Aitronos: `AssistantListResponse` as the official SDK (aitronos-sdk 5.0.0) parses it:
  `{assistants, total, organization_id, pagination: {total, limit, offset, has_more},
  filters_applied, user_context}`, paged with `limit`/`offset`, filtered with `search`.
  Query parameters the API does not define are ignored, as a FastAPI app ignores them.
- OpenAI v2 and v1: `{object: "list", data, first_id, last_id, has_more}` with `limit`,
  `order`, `after`, `before` (plus the sandbox's own `name` / `name_contains` filters).
"""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.http.request import QueryDict

from sandbox import services
from sandbox.errors import AitronosErrors, ErrorFormat
from sandbox.keys import Caller
from sandbox.objects import ListDetail, aitronos_list_item, in_documented_order
from sandbox.reporting import CURRENT, present

MAX_PAGE = 100
DEFAULT_PAGE = 20
TRUE = {"true", "1", "yes", "on"}  # what FastAPI reads as a boolean query parameter
FALSE = {"false", "0", "no", "off"}
DETAILS: tuple[ListDetail, ...] = ("summary", "standard", "full")


class BadQuery(Exception):
    def __init__(self, parameter: str, message: str, code: str = "invalid"):
        super().__init__(message)
        self.parameter = parameter
        self.message = message
        self.code = code


def answer_list(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    try:
        if isinstance(errors, AitronosErrors):
            return _aitronos(request.GET, errors, caller)
        return _openai(request.GET, errors, caller)
    except BadQuery as exc:
        return errors.bad_query(exc.parameter, exc.message, exc.code)


def _number(params: QueryDict, name: str, default: int, low: int, high: int | None) -> int:
    text = params.get(name, "").strip()
    if not text:
        return default
    if not text.isdigit() or int(text) < low or (high is not None and int(text) > high):
        upper = f" to {high}" if high is not None else " or more"
        raise BadQuery(name, f"{name} must be a whole number from {low}{upper}.")
    return int(text)


def _choice(params: QueryDict, name: str, default: str, allowed: tuple[str, ...]) -> str:
    value = params.get(name, "").strip() or default
    if value not in allowed:
        raise BadQuery(name, f"{name} must be one of: {', '.join(allowed)}.")
    return value


def _flag(params: QueryDict, name: str) -> bool | None:
    text = params.get(name, "").strip().lower()
    if not text:
        return None
    if text not in TRUE | FALSE:
        raise BadQuery(name, f"{name} must be true or false.")
    return text in TRUE


# --- Aitronos --------------------------------------------------------------------------------


def _aitronos(params: QueryDict, errors: AitronosErrors, caller: Caller) -> HttpResponse:
    organization_id = params.get("organization_id", "").strip()
    if not organization_id:
        raise BadQuery("organization_id", "organization_id is required.", "missing")
    # The query is validated before the handler runs (FastAPI), so before permissions.
    limit = _number(params, "limit", DEFAULT_PAGE, 1, MAX_PAGE)
    offset = _number(params, "offset", 0, 0, None)
    sort_by = _choice(params, "sort_by", "created_at", tuple(services.SORTS))
    sort_order = _choice(params, "sort_order", "desc", ("asc", "desc"))
    detail = _choice(params, "fields", "summary", DETAILS)
    include_inactive = bool(_flag(params, "include_inactive"))
    # Accepted for the SDK's sake; the sandbox has no chat interface to filter for.
    _flag(params, "visible_in_chat")
    _flag(params, "for_chat")
    search = params.get("search", "").strip() or None
    access_mode = params.get("access_mode", "").strip() or None
    if organization_id not in caller.organizations:
        return errors.forbidden(organization_id, "assistants:read")
    page = services.aitronos_list(
        organization_id=organization_id,
        search=search,
        access_mode=access_mode,
        vector_store_id=params.get("vector_store_id", "").strip() or None,
        include_inactive=include_inactive,
        sort_by=sort_by,
        sort_order=sort_order,
        limit=limit,
        offset=offset,
    )
    quirks = CURRENT.get()
    items = [
        aitronos_list_item(present(in_documented_order(row.dialect, row.object), quirks), detail)
        for row in page.assistants
    ]
    return JsonResponse(
        {
            "assistants": items,
            "total": page.total,
            "organization_id": organization_id,
            "pagination": {
                "total": page.total,
                "limit": limit,
                "offset": offset,
                "has_more": offset + len(items) < page.total,
            },
            "filters_applied": {
                "search": search,
                "access_mode": access_mode,
                "include_inactive": include_inactive,
                "sort_by": sort_by,
                "sort_order": sort_order,
            },
            "user_context": {
                "user_id": caller.user_id,
                "organization_count": len(caller.organizations),
            },
        }
    )


# --- OpenAI v2 and OpenAI-compatible v1 ------------------------------------------------------


def _openai(params: QueryDict, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    limit = _number(params, "limit", DEFAULT_PAGE, 1, MAX_PAGE)
    order = _choice(params, "order", "desc", ("asc", "desc"))
    try:
        page = services.assistant_list(
            dialect=errors.dialect,
            organization_id=caller.home_organization,
            name=params.get("name"),
            name_contains=params.get("name_contains"),
            limit=limit,
            order=order,
            after=params.get("after") or None,
            before=params.get("before") or None,
        )
    except services.UnknownCursor as exc:
        raise BadQuery(exc.parameter, f"No assistant {exc.assistant_id} to page from.") from exc
    quirks = CURRENT.get()
    data = [
        present(in_documented_order(row.dialect, row.object), quirks) for row in page.assistants
    ]
    return JsonResponse(
        {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
            "has_more": page.has_more,
        }
    )
