"""The upstream APIs: /{aitronos,openai,openai_v1}/v1/assistants[/{id}].

Each view authenticates, parses, calls a service and answers in the dialect's own format;
`errors.FORMATS[dialect]` knows how each upstream words its errors. Writes (create, update)
pass through the fault gateway first; every request is shown through the standing faults
that apply to it (`reporting.present`).
"""

import logging
import time
from collections.abc import Callable
from functools import wraps
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from sandbox import services, writes
from sandbox.errors import FORMATS, ErrorFormat, OpenAIErrors
from sandbox.faults import FAULTS, Scope
from sandbox.keys import Caller, caller_for, visible_organizations
from sandbox.listing import answer_list
from sandbox.models import Dialect, SandboxAssistant
from sandbox.objects import in_documented_order
from sandbox.reporting import CURRENT, present
from sandbox.server import note_fault, request_drop

logger = logging.getLogger(__name__)

SCOPE_KEY = "sandbox.scope"
# The verb of a request on one assistant; Aitronos updates with PUT, OpenAI with POST.
UPDATE_METHOD = {Dialect.AITRONOS: "PUT", Dialect.OPENAI: "POST", Dialect.OPENAI_V1: "POST"}


def _in_dialect(operation: Callable[[HttpRequest, str], str]) -> Callable[..., Any]:
    """Hand the view its dialect's error format and scope; a crash becomes that dialect's 500.

    The standing faults that apply to the request are set for its thread (`CURRENT`) so
    every timestamp and object it answers is bent the same way.
    """

    def decorate(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
        @wraps(view)
        def wrapper(request: HttpRequest, dialect: str, **kwargs: Any) -> HttpResponse:
            errors = FORMATS[dialect]
            scope = _scope(request, dialect, operation(request, dialect), **kwargs)
            request.META[SCOPE_KEY] = scope
            token = CURRENT.set(FAULTS.quirks(scope))
            try:
                return view(request, errors, **kwargs)
            except writes.BadJson as exc:
                return errors.bad_json(str(exc))
            except Exception:
                logger.exception("Sandbox view crashed on %s %s", request.method, request.path)
                return errors.server_error("Unexpected error in the sandbox")
            finally:
                CURRENT.reset(token)

        return wrapper

    return decorate


def _collection_operation(request: HttpRequest, dialect: str) -> str:
    return "create" if request.method == "POST" else "list"


def _item_operation(request: HttpRequest, dialect: str) -> str:
    if request.method == UPDATE_METHOD[dialect]:
        return "update"
    return "delete" if request.method == "DELETE" else "retrieve"


@_in_dialect(_collection_operation)
def assistants(request: HttpRequest, errors: ErrorFormat) -> HttpResponse:
    if request.method == "POST":
        return _write(request, errors)
    if request.method == "GET":
        caller = _authenticate(request, errors)
        return caller if isinstance(caller, HttpResponse) else answer_list(request, errors, caller)
    return errors.method_not_allowed(request.method or "", ["GET", "POST"])


@_in_dialect(_item_operation)
def assistant(request: HttpRequest, errors: ErrorFormat, assistant_id: str) -> HttpResponse:
    update = UPDATE_METHOD[errors.dialect]
    if request.method not in ("GET", update, "DELETE"):
        return errors.method_not_allowed(request.method or "", ["GET", update, "DELETE"])
    if request.method == update:
        return _write(request, errors, assistant_id)
    caller = _authenticate(request, errors)
    if isinstance(caller, HttpResponse):
        return caller
    found = services.assistant_get(
        dialect=errors.dialect,
        organization_ids=visible_organizations(errors.dialect, caller),
        assistant_id=assistant_id,
    )
    if found is None:
        return errors.not_found(assistant_id)
    if request.method == "DELETE":
        services.assistant_delete(assistant=found)
        if errors.dialect == Dialect.AITRONOS:
            # The SDK's delete_assistant reads no body (HttpResponse[None]); see docs.
            return HttpResponse(status=204)
        return JsonResponse({"id": found.id, "object": "assistant.deleted", "deleted": True})
    stored = in_documented_order(found.dialect, found.object)
    return JsonResponse(present(stored, CURRENT.get()))


@_in_dialect(_collection_operation)
def unknown_route(request: HttpRequest, errors: ErrorFormat, rest: str = "") -> HttpResponse:
    return errors.route_not_found(request.path)


# --- The fault gateway -----------------------------------------------------------------------


def _write(
    request: HttpRequest, errors: ErrorFormat, assistant_id: str | None = None
) -> HttpResponse:
    """Faults act like a gateway in front of the API: before authentication, per request."""
    scope: Scope = request.META[SCOPE_KEY]
    taken = FAULTS.take(scope)
    if taken:
        note_fault(request, "+".join(fault.mode for fault in taken))
    answer = next((fault for fault in taken if fault.kind == "answer"), None)
    namesake = next((fault for fault in taken if fault.mode == "namesake"), None)
    if namesake is not None and namesake.when == "before":
        _make_namesake(request, errors.dialect, scope)
    if answer is not None:
        if answer.mode == "rate_limit":
            return errors.rate_limited(answer.retry_after)
        if answer.mode == "error":
            return errors.server_error("Sandbox fault: error")
        if answer.mode == "delay":
            time.sleep(answer.seconds)
    pause = answer.seconds if answer is not None and answer.mode == "slow_create" else 0
    caller = _authenticate(request, errors)
    if isinstance(caller, HttpResponse):
        response = caller
    elif assistant_id is None:
        response = writes.create(request, errors, caller, pause=pause)
    else:
        response = writes.update(request, errors, caller, assistant_id, pause=pause)
    if namesake is not None and namesake.when == "after":
        _make_namesake(request, errors.dialect, scope)
    if answer is not None and answer.mode == "drop_after_create":
        # Whatever the outcome, the client never hears it: the server hangs up instead.
        request_drop(request)
    return response


def _make_namesake(request: HttpRequest, dialect: str, scope: Scope) -> None:
    """Another client creates an assistant with the name this request asks for."""
    if not scope.name or not scope.organization_ids:
        return
    body = writes.lenient_body(request)
    made = writes.make_namesake(
        dialect=Dialect(dialect),
        organization_id=scope.organization_ids[0],
        name=scope.name,
        model=body.get("model") if isinstance(body.get("model"), str) else None,
    )
    logger.info("Namesake %s of %r: %s", scope.operation, scope.name, made or "name taken")


# --- Helpers ---------------------------------------------------------------------------------


def _scope(
    request: HttpRequest, dialect: str, operation: str, assistant_id: str | None = None, **_: Any
) -> Scope:
    """Which key, organisation and name a request is about, before anything is checked."""
    key = _api_key(request, dialect)
    body = writes.lenient_body(request) if request.method in ("POST", "PUT") else {}
    name = body.get("name") if isinstance(body.get("name"), str) else None
    caller = caller_for(key)
    organizations: tuple[str, ...] = ()
    if dialect == Dialect.AITRONOS:
        given = body.get("organization_id") or request.GET.get("organization_id")
        if isinstance(given, str) and given:
            organizations = (given,)
    if not organizations and assistant_id is not None:
        owner = (
            SandboxAssistant.objects.filter(dialect=dialect, id=assistant_id)
            .values_list("organization_id", flat=True)
            .first()
        )
        organizations = (owner,) if owner else ()
    if not organizations and caller is not None:
        organizations = visible_organizations(dialect, caller)
    return Scope(dialect, operation, key, organizations, name)


def _api_key(request: HttpRequest, dialect: str) -> str | None:
    bearer = None
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    if scheme.lower() == "bearer":
        bearer = token.strip() or None
    if dialect == Dialect.AITRONOS:
        # The SDK always sends x-api-key, and a bearer token too when given one.
        return request.headers.get("X-API-Key") or bearer
    return bearer


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
