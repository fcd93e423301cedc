"""The platform's list endpoints, as the official SDKs call them and parse their answers.

Aitronos (`/aitronos/v1/…`, shapes from `aitronos-sdk` 5.0.0): members (a POST with skip/take
in the body), roles, models, vector stores (skip/take), rules (skip/limit), icons
(limit/offset), avatars, Streamline automations, connectors and their tools. OpenAI shapes
(`/openai/v1/…`, `/openai_v1/v1/…`): `GET /v1/models`, and `GET /v1/vector_stores` on the
Assistants v2 shape only (v1-compatible servers do not serve it). Departments are listed by
no SDK and so by no endpoint here.

Control: `POST /_directory` sets how many people an organisation has and who left;
`POST /_directory/faults` queues list faults (see `sandbox.directory_faults`).
"""

import json
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.urls import path
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from sandbox import directory_data as data
from sandbox import pictures
from sandbox.directory_faults import LIST_FAULTS, ListFault
from sandbox.errors import FORMATS, AitronosErrors, ErrorFormat
from sandbox.keys import Caller, caller_for
from sandbox.models import Dialect
from sandbox.server import note_fault, request_drop

MAX_TAKE = 100  # the SDK documents "max 100" for members; the same bound serves every list


def _key(request: HttpRequest, dialect: str) -> str | None:
    if dialect == Dialect.AITRONOS:
        return request.headers.get("X-API-Key") or None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    return token.strip() or None if scheme.lower() == "bearer" else None


View = Callable[..., HttpResponse]


def listing(*, dialects: tuple[str, ...], methods: tuple[str, ...] = ("GET",)) -> Callable:
    """Route guard for a list endpoint: dialect, method, faults, then the caller's key."""

    def decorate(view: View) -> View:
        @wraps(view)
        def wrapper(request: HttpRequest, dialect: str, **kwargs: Any) -> HttpResponse:
            errors = FORMATS[dialect]
            if dialect not in dialects:
                return errors.route_not_found(request.path)
            if request.method not in methods:
                return errors.method_not_allowed(request.method or "", list(methods))
            fault = LIST_FAULTS.take(request.path)
            if fault is not None:
                note_fault(request, fault.mode)
                if fault.mode == "rate_limit":
                    return errors.rate_limited(fault.retry_after)
                if fault.mode == "error":
                    return errors.server_error("Sandbox fault: error")
                request_drop(request)  # "drop": the client hears nothing
                return JsonResponse({})
            caller = caller_for(_key(request, dialect))
            if caller is None:
                return errors.unauthorized(key_given=_key(request, dialect) is not None)
            return view(request, errors, caller, **kwargs)

        return wrapper

    return decorate


def _forbidden(errors: ErrorFormat, caller: Caller, organization_id: str) -> HttpResponse | None:
    if organization_id in caller.organizations:
        return None
    assert isinstance(errors, AitronosErrors)
    return errors.forbidden(organization_id, "organization:read")


def _int(params: Any, name: str, default: int, *, upper: int | None = None) -> int | str:
    """The whole-number query parameter, or an error message."""
    raw = params.get(name)
    if raw in (None, ""):
        return default
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return f"{name} must be a whole number."
    if value < 0 or (upper is not None and value > upper):
        return f"{name} must be from 0 to {upper}." if upper else f"{name} must not be negative."
    return value


def _paging(
    errors: ErrorFormat, params: Any, start: str, size: str, default: int
) -> tuple[int, int] | HttpResponse:
    first = _int(params, start, 0)
    if isinstance(first, str):
        return errors.bad_query(start, first)
    count = _int(params, size, default, upper=MAX_TAKE)
    if isinstance(count, str):
        return errors.bad_query(size, count)
    return first, count


# --- Aitronos --------------------------------------------------------------------------------

AITRONOS = (Dialect.AITRONOS,)


@listing(dialects=AITRONOS, methods=("POST",))
def members(request: HttpRequest, errors: ErrorFormat, caller: Caller, org: str) -> HttpResponse:
    """`POST /v1/organizations/{org}/users` → MemberListResponse; skip/take in the JSON body."""
    if refused := _forbidden(errors, caller, org):
        return refused
    try:
        body = json.loads(request.body or b"{}")
    except ValueError as exc:
        return errors.bad_json(str(exc))
    body = {k: v for k, v in (body if isinstance(body, dict) else {}).items() if v is not None}
    paging = _paging(errors, body, "skip", "take", 20)
    if isinstance(paging, HttpResponse):
        return paging
    skip, take = paging
    users, total = data.members_page(
        org, skip=skip, take=take, search=str(body.get("search_term") or "")
    )
    return JsonResponse({"users": users, "total_users_count": total, "skip": skip, "take": take})


@listing(dialects=AITRONOS)
def roles(request: HttpRequest, errors: ErrorFormat, caller: Caller, org: str) -> HttpResponse:
    """`GET /v1/organizations/{org}/roles` → List[RoleResponse] (not paged)."""
    if refused := _forbidden(errors, caller, org):
        return refused
    return JsonResponse(data.roles(org), safe=False)


@listing(dialects=(Dialect.AITRONOS, Dialect.OPENAI, Dialect.OPENAI_V1))
def models(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    """Aitronos: ModelsListResponse; OpenAI shapes: the `models.list()` page."""
    if errors.dialect == Dialect.AITRONOS:
        listed = data.models()
        return JsonResponse({"models": listed, "total_count": len(listed)})
    owned = {"openai": "openai", "aitronos": "aitronos"}
    return JsonResponse(
        {
            "object": "list",
            "data": [
                {
                    "id": model["key"],
                    "object": "model",
                    "created": 1_735_000_000 + index * 86_400,
                    "owned_by": owned.get(model["provider"], model["provider"]),
                }
                for index, model in enumerate(data.models())
            ],
        }
    )


@listing(dialects=AITRONOS)
def vector_stores(
    request: HttpRequest, errors: ErrorFormat, caller: Caller, org: str
) -> HttpResponse:
    """`GET /v1/organizations/{org}/vector-stores` → SuccessResponseListVectorStoreResponse.

    The answer carries no total: a client pages until a page comes back short.
    """
    if refused := _forbidden(errors, caller, org):
        return refused
    paging = _paging(errors, request.GET, "skip", "take", 20)
    if isinstance(paging, HttpResponse):
        return paging
    skip, take = paging
    search = request.GET.get("search", "").lower()
    listed = [s for s in data.vector_stores(org) if search in s["name"].lower()]
    return JsonResponse(
        {"success": True, "message": "Vector stores listed", "data": listed[skip : skip + take]}
    )


@listing(dialects=AITRONOS)
def rules(request: HttpRequest, errors: ErrorFormat, caller: Caller, org: str) -> HttpResponse:
    """`GET /v1/organizations/{org}/rules` → RuleListPaginatedResponse (skip/limit)."""
    if refused := _forbidden(errors, caller, org):
        return refused
    paging = _paging(errors, request.GET, "skip", "limit", 20)
    if isinstance(paging, HttpResponse):
        return paging
    skip, limit = paging
    listed = data.rules(org)
    return JsonResponse(
        {"rules": listed[skip : skip + limit], "total": len(listed), "skip": skip, "limit": limit}
    )


def _media_url(request: HttpRequest) -> str:
    return request.build_absolute_uri("/_media").rstrip("/")


def media(request: HttpRequest, kind: str, ident: str, ext: str) -> HttpResponse:
    """`GET /_media/icons/<id>.svg`, `/_media/avatars/<id>.png`: the demo pictures, without a
    key (as a CDN serves them). Unknown names are a 404."""
    if kind == "icons" and ext == "svg":
        for name, category in data.ICONS:
            if data.stable_id("icon", name, length=16) == ident:
                return HttpResponse(pictures.icon_svg(name, category), content_type="image/svg+xml")
    if kind == "avatars" and ext == "png":
        for name, _ in data.AVATARS:
            if data.stable_id("avatar", name, length=16) == ident:
                return HttpResponse(pictures.avatar_png(name), content_type="image/png")
    return _problem(404, "No such picture.")


@listing(dialects=AITRONOS)
def icons(request: HttpRequest, errors: ErrorFormat, caller: Caller, org: str) -> HttpResponse:
    """`GET /v1/icons/organizations/{org}` → IconListResponse (limit/offset)."""
    if refused := _forbidden(errors, caller, org):
        return refused
    paging = _paging(errors, request.GET, "offset", "limit", 50)
    if isinstance(paging, HttpResponse):
        return paging
    offset, limit = paging
    listed = data.icons(org, _media_url(request))
    return JsonResponse(
        {
            "icons": listed[offset : offset + limit],
            "total": len(listed),
            "limit": limit,
            "offset": offset,
        }
    )


@listing(dialects=AITRONOS)
def avatars(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    """`GET /v1/avatars` → AvatarListResponse (not paged)."""
    return JsonResponse({"avatars": data.avatars(_media_url(request))})


@listing(dialects=AITRONOS)
def automations(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    """`GET /v1/streamline/automations?organization_id=` → StreamlineAutomationListResponse."""
    org = request.GET.get("organization_id", "").strip()
    if not org:
        return errors.bad_query("organization_id", "organization_id is required.", "missing")
    if refused := _forbidden(errors, caller, org):
        return refused
    return JsonResponse({"automations": data.automations(org)})


@listing(dialects=AITRONOS)
def connectors(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    """`GET /v1/personal-connectors/available` → AvailableConnectorsResponse."""
    paging = _paging(errors, request.GET, "offset", "limit", 50)
    if isinstance(paging, HttpResponse):
        return paging
    offset, limit = paging
    listed = data.connectors()
    page = listed[offset : offset + limit]
    return JsonResponse(
        {
            "connectors": page,
            "categories": sorted({c["category"] for c in listed}),
            "total": len(listed),
            "total_connected": 0,
            "returned": len(page),
        }
    )


@listing(dialects=AITRONOS)
def connector_tools(
    request: HttpRequest, errors: ErrorFormat, caller: Caller, connector_id: str
) -> HttpResponse:
    """`GET /v1/personal-connectors/{connector_id}/tools` → ConnectorToolsResponse."""
    tools = data.connector_tools(connector_id)
    if tools is None:
        return errors.route_not_found(request.path)
    return JsonResponse({"tools": tools, "are_tools_enabled": True})


# --- OpenAI Assistants v2: vector stores -----------------------------------------------------


@listing(dialects=(Dialect.OPENAI,))
def openai_vector_stores(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    """`GET /v1/vector_stores` as `client.vector_stores.list()` pages it (limit/after)."""
    limit = _int(request.GET, "limit", 20, upper=MAX_TAKE)
    if isinstance(limit, str) or limit == 0:
        return errors.bad_query("limit", "limit must be a whole number from 1 to 100.")
    stores = [
        {
            "id": store["id"],
            "object": "vector_store",
            "created_at": 1_735_000_000 + index * 3600,
            "name": store["name"],
            "usage_bytes": store["data_size"],
            "file_counts": {
                "in_progress": 0,
                "completed": store["file_count"],
                "failed": 0,
                "cancelled": 0,
                "total": store["file_count"],
            },
            "status": "completed",
            "last_active_at": None,
            "metadata": {},
        }
        for index, store in enumerate(data.vector_stores(caller.home_organization))
    ]
    after = request.GET.get("after")
    if after:
        ids = [s["id"] for s in stores]
        stores = stores[ids.index(after) + 1 :] if after in ids else []
    page = stores[:limit]
    return JsonResponse(
        {
            "object": "list",
            "data": page,
            "first_id": page[0]["id"] if page else None,
            "last_id": page[-1]["id"] if page else None,
            "has_more": len(stores) > limit,
        }
    )


# --- Control ---------------------------------------------------------------------------------


class DirectorySettings(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organization_id: str
    people: int | None = Field(None, ge=0, le=1_000_000)
    left: list[int] | None = Field(None, description="Indexes of people no longer listed.")
    vector_stores_left: list[int] | None = None


_FAULT_LIST = TypeAdapter(list[ListFault])


def _problem(status: int, message: str) -> JsonResponse:
    return JsonResponse({"error": {"message": message}}, status=status)


def control(request: HttpRequest) -> HttpResponse:
    """POST sets an organisation's people and leavers; DELETE forgets every change."""
    if request.method == "DELETE":
        data.STATE.clear()
        LIST_FAULTS.clear()
        return JsonResponse({"reset": True})
    if request.method != "POST":
        return _problem(405, "Use POST or DELETE.")
    try:
        wanted = DirectorySettings.model_validate_json(request.body)
    except ValidationError as exc:
        return _problem(400, f"Not directory settings: {exc}")
    state = data.STATE.update(
        wanted.organization_id,
        people=wanted.people,
        left=wanted.left,
        vector_stores_left=wanted.vector_stores_left,
    )
    return JsonResponse({"people": state.people, "left": sorted(state.left)})


def control_faults(request: HttpRequest) -> HttpResponse:
    if request.method == "POST":
        try:
            body = json.loads(request.body)
            added = _FAULT_LIST.validate_python(body if isinstance(body, list) else [body])
        except ValueError as exc:
            return _problem(400, f"Not a list fault: {exc}")
        LIST_FAULTS.add(added)
        return JsonResponse({"faults": LIST_FAULTS.snapshot()}, status=201)
    if request.method == "DELETE":
        LIST_FAULTS.clear()
    return JsonResponse({"faults": LIST_FAULTS.snapshot()})


# Inserted in sandbox.urls before the catch-all; each receives `dialect` from the prefix.
api_patterns = [
    path("v1/organizations/<str:org>/users", members),
    path("v1/organizations/<str:org>/roles", roles),
    path("v1/organizations/<str:org>/vector-stores", vector_stores),
    path("v1/organizations/<str:org>/rules", rules),
    path("v1/models", models),
    path("v1/icons/organizations/<str:org>", icons),
    path("v1/avatars", avatars),
    path("v1/streamline/automations", automations),
    path("v1/personal-connectors/available", connectors),
    path("v1/personal-connectors/<str:connector_id>/tools", connector_tools),
    path("v1/vector_stores", openai_vector_stores),
]
control_patterns = [
    path("_media/<str:kind>/<str:ident>.<str:ext>", media),
    path("_directory", control),
    path("_directory/faults", control_faults),
]
