"""The upstream APIs: /{aitronos,openai,openai_v1}/v1/assistants[/{id}].

Each view authenticates, parses, calls a service and answers in the dialect's own format;
`errors.FORMATS[dialect]` knows how each upstream words its errors.
"""

import json
import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from assistants.contract import FieldError
from assistants.dialects import validate_aitronos_body, validate_openai_body
from sandbox import services
from sandbox.errors import FORMATS, AitronosErrors, ErrorFormat, OpenAIErrors
from sandbox.faults import FAULTS
from sandbox.keys import Caller, caller_for
from sandbox.models import Dialect
from sandbox.objects import aitronos_object, in_documented_order, openai_object
from sandbox.server import note_fault, request_drop

logger = logging.getLogger(__name__)

MAX_PAGE = 100
NOT_AN_OBJECT = FieldError("", "The request body must be a JSON object.", "dict_type", None, "")


class BadJson(Exception):
    pass


def _in_dialect(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Hand the view its dialect's error format, and turn a crash into that dialect's 500."""

    @wraps(view)
    def wrapper(request: HttpRequest, dialect: str, **kwargs: Any) -> HttpResponse:
        errors = FORMATS[dialect]
        try:
            return view(request, errors, **kwargs)
        except BadJson as exc:
            return errors.bad_json(str(exc))
        except Exception:
            logger.exception("Sandbox view crashed on %s %s", request.method, request.path)
            return errors.server_error("Unexpected error in the sandbox")

    return wrapper


@_in_dialect
def assistants(request: HttpRequest, errors: ErrorFormat) -> HttpResponse:
    if request.method == "POST":
        return _create_with_faults(request, errors)
    if request.method == "GET":
        caller = _authenticate(request, errors)
        return caller if isinstance(caller, HttpResponse) else _list(request, errors, caller)
    return errors.method_not_allowed(request.method or "", ["GET", "POST"])


@_in_dialect
def assistant(request: HttpRequest, errors: ErrorFormat, assistant_id: str) -> HttpResponse:
    if request.method not in ("GET", "DELETE"):
        return errors.method_not_allowed(request.method or "", ["GET", "DELETE"])
    caller = _authenticate(request, errors)
    if isinstance(caller, HttpResponse):
        return caller
    organizations = (
        caller.organizations if errors.dialect == Dialect.AITRONOS else (caller.home_organization,)
    )
    found = services.assistant_get(
        dialect=errors.dialect, organization_ids=organizations, assistant_id=assistant_id
    )
    if found is None:
        return errors.not_found(assistant_id)
    if request.method == "DELETE":
        services.assistant_delete(assistant=found)
        return JsonResponse({"id": found.id, "object": "assistant.deleted", "deleted": True})
    return JsonResponse(in_documented_order(found.dialect, found.object))


@_in_dialect
def unknown_route(request: HttpRequest, errors: ErrorFormat, rest: str = "") -> HttpResponse:
    return errors.route_not_found(request.path)


# --- Create ----------------------------------------------------------------------------------


def _create_with_faults(request: HttpRequest, errors: ErrorFormat) -> HttpResponse:
    """Faults act like a gateway in front of the API: before authentication, per request."""
    fault = FAULTS.take(errors.dialect)
    if fault is not None:
        note_fault(request, fault.mode)
        if fault.mode == "rate_limit":
            return errors.rate_limited(fault.retry_after)
        if fault.mode == "error":
            return errors.server_error("Sandbox fault: error")
        if fault.mode == "delay":
            time.sleep(fault.seconds)
    caller = _authenticate(request, errors)
    response = caller if isinstance(caller, HttpResponse) else _create(request, errors, caller)
    if fault is not None and fault.mode == "drop_after_create":
        # Whatever the outcome, the client never hears it: the server hangs up instead.
        request_drop(request)
    return response


def _create(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    body = _json_body(request)
    if not isinstance(body, dict):
        return errors.invalid([NOT_AN_OBJECT])
    idempotency_key = request.headers.get("Idempotency-Key", "")
    if isinstance(errors, AitronosErrors):
        return _create_aitronos(errors, caller, body, idempotency_key)
    return _create_openai(errors, caller, body, idempotency_key)


def _create_aitronos(
    errors: AitronosErrors, caller: Caller, body: dict[str, Any], idempotency_key: str
) -> HttpResponse:
    organization_id = body.get("organization_id")
    # A well-formed organisation the key may not act for is a permission problem; a missing
    # or malformed one is reported with the other validation errors.
    well_formed = isinstance(organization_id, str) and organization_id.strip()
    if well_formed and organization_id not in caller.organizations:
        return errors.forbidden(organization_id, "assistants:create")
    problems = validate_aitronos_body(body)
    if problems:
        return errors.invalid(problems)
    try:
        created = services.assistant_create(
            dialect=Dialect.AITRONOS,
            organization_id=body["organization_id"],
            name=body["name"],
            body=body,
            build_object=lambda assistant_id, created_at: aitronos_object(
                assistant_id=assistant_id,
                body=body,
                created_by=caller.user_id,
                created_at=created_at,
            ),
            created_by=caller.user_id,
            idempotency_key=idempotency_key,
        )
    except services.NameTaken:
        return errors.duplicate_name(body["name"])
    return JsonResponse(created.object, status=201)


def _create_openai(
    errors: OpenAIErrors, caller: Caller, body: dict[str, Any], idempotency_key: str
) -> HttpResponse:
    problems = validate_openai_body(body, errors.version)
    if problems:
        return errors.invalid(problems)
    created = services.assistant_create(
        dialect=errors.dialect,
        organization_id=caller.home_organization,
        name=body.get("name") or "",
        body=body,
        build_object=lambda assistant_id, created_at: openai_object(
            assistant_id=assistant_id, body=body, created_at=created_at, version=errors.version
        ),
        created_by=caller.user_id,
        idempotency_key=idempotency_key,
    )
    return JsonResponse(created.object, status=200)  # OpenAI answers a create with 200


# --- List ------------------------------------------------------------------------------------


def _list(request: HttpRequest, errors: ErrorFormat, caller: Caller) -> HttpResponse:
    params = request.GET
    if isinstance(errors, AitronosErrors):
        organization_id = params.get("organization_id", "").strip()
        if not organization_id:
            message = "organization_id is required."
            return errors.bad_query("organization_id", message, "missing")
        if organization_id not in caller.organizations:
            return errors.forbidden(organization_id, "assistants:read")
    else:
        organization_id = caller.home_organization
    limit = params.get("limit", "20")
    if not limit.isdigit() or not 1 <= int(limit) <= MAX_PAGE:
        return errors.bad_query("limit", f"limit must be a whole number from 1 to {MAX_PAGE}.")
    order = params.get("order", "desc")
    if order not in ("asc", "desc"):
        return errors.bad_query("order", "order must be “asc” or “desc”.")
    try:
        page = services.assistant_list(
            dialect=errors.dialect,
            organization_id=organization_id,
            name=params.get("name"),
            name_contains=params.get("name_contains"),
            limit=int(limit),
            order=order,
            after=params.get("after") or None,
            before=params.get("before") or None,
        )
    except services.UnknownCursor as exc:
        message = f"No assistant {exc.assistant_id} to page from."
        return errors.bad_query(exc.parameter, message)
    data = [in_documented_order(found.dialect, found.object) for found in page.assistants]
    return JsonResponse(
        {
            "object": "list",
            "data": data,
            "first_id": data[0]["id"] if data else None,
            "last_id": data[-1]["id"] if data else None,
            "has_more": page.has_more,
        }
    )


# --- Helpers ---------------------------------------------------------------------------------


def _api_key(request: HttpRequest, dialect: str) -> str | None:
    if dialect == Dialect.AITRONOS:
        return request.headers.get("X-API-Key") or None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() != "bearer":
        return None
    return token.strip() or None


def _authenticate(request: HttpRequest, errors: ErrorFormat) -> Caller | HttpResponse:
    key = _api_key(request, errors.dialect)
    caller = caller_for(key)
    if caller is None:
        return errors.unauthorized(key_given=key is not None)
    if isinstance(errors, OpenAIErrors) and errors.version == "v2":
        beta = request.headers.get("OpenAI-Beta")
        if beta != "assistants=v2":
            return errors.beta_header_missing(beta)
    return caller


def _json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadJson(str(exc)) from exc
