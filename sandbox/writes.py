"""Create and update, in each upstream's shape, after the fault gateway let them through.

An update is a partial change, as the SDKs send it (they leave out what was not given): each
field given replaces the stored one, `null` clears it (back to the default), and the result
is validated exactly like a create body. Aitronos answers the full assistant; OpenAI shapes
the assistant object.
"""

import json
from typing import Any

from django.http import HttpRequest, HttpResponse, JsonResponse

from assistants.contract import FieldError
from assistants.dialects import validate_aitronos_body, validate_openai_body
from sandbox import services
from sandbox.errors import AitronosErrors, ErrorFormat, OpenAIErrors
from sandbox.keys import Caller, visible_organizations
from sandbox.models import Dialect, SandboxAssistant
from sandbox.objects import aitronos_object, openai_object
from sandbox.reporting import CURRENT, present, without_dropped

NOT_AN_OBJECT = FieldError("", "The request body must be a JSON object.", "dict_type", None, "")
LABELS_ON_UPDATE = "assistant_metadata"  # what the SDK's update_assistant calls metadata
NAMESAKE_MODEL = "gpt-4o"


class BadJson(Exception):
    pass


def json_body(request: HttpRequest) -> Any:
    try:
        return json.loads(request.body)
    except (ValueError, UnicodeDecodeError) as exc:
        raise BadJson(str(exc)) from exc


def lenient_body(request: HttpRequest) -> dict[str, Any]:
    """The body when it is a JSON object, else {} (for choosing faults, never for answering)."""
    try:
        body = json.loads(request.body or b"{}")
    except (ValueError, UnicodeDecodeError):
        return {}
    return body if isinstance(body, dict) else {}


def create(
    request: HttpRequest, errors: ErrorFormat, caller: Caller, *, pause: float
) -> HttpResponse:
    body = json_body(request)
    if not isinstance(body, dict):
        return errors.invalid([NOT_AN_OBJECT])
    body = without_dropped(body, CURRENT.get())
    idempotency_key = request.headers.get("Idempotency-Key", "")
    if isinstance(errors, AitronosErrors):
        return _create_aitronos(errors, caller, body, idempotency_key, pause)
    return _create_openai(errors, caller, body, idempotency_key, pause)


def update(
    request: HttpRequest, errors: ErrorFormat, caller: Caller, assistant_id: str, *, pause: float
) -> HttpResponse:
    changes = json_body(request)
    if not isinstance(changes, dict):
        return errors.invalid([NOT_AN_OBJECT])
    changes = without_dropped(changes, CURRENT.get())
    if isinstance(errors, AitronosErrors):
        changes, problems = _labels(changes)
        if problems:
            return errors.invalid(problems, changes)
        revise = _aitronos_revision(errors, changes)
    else:
        revise = _openai_revision(errors, changes)
    try:
        outcome = services.assistant_update(
            dialect=errors.dialect,
            organization_ids=visible_organizations(errors.dialect, caller),
            assistant_id=assistant_id,
            revise=revise,
            pause=pause,
        )
    except services.NameTaken:
        assert isinstance(errors, AitronosErrors)  # only Aitronos names are unique
        return errors.duplicate_name(changes.get("name", ""))
    if outcome is None:
        return errors.not_found(assistant_id)
    if isinstance(outcome, HttpResponse):
        return outcome
    return JsonResponse(present(outcome.object, CURRENT.get()))


# --- Aitronos --------------------------------------------------------------------------------


def validate_aitronos(body: dict[str, Any]) -> list[FieldError]:
    """The contract's check of a full body, with `response_format` as a string also allowed.

    The documentation types response_format as an object (the contract checks that); the
    official SDK sends a string. The sandbox accepts both (docs/contract.md).
    """
    if isinstance(body.get("response_format"), str):
        body = {key: value for key, value in body.items() if key != "response_format"}
    return validate_aitronos_body(body)


def _labels(body: dict[str, Any]) -> tuple[dict[str, Any], list[FieldError]]:
    """`assistant_metadata` (the SDK's update) read as `metadata` (the create body's name)."""
    if LABELS_ON_UPDATE not in body:
        return body, []
    labels = body[LABELS_ON_UPDATE]
    rest = {key: value for key, value in body.items() if key != LABELS_ON_UPDATE}
    if "metadata" in body and body["metadata"] != labels:
        message = "Send the labels once, as metadata or as assistant_metadata."
        return rest, [FieldError(LABELS_ON_UPDATE, message, "conflict", None, LABELS_ON_UPDATE)]
    return {**rest, "metadata": labels}, []


def _create_aitronos(
    errors: AitronosErrors,
    caller: Caller,
    body: dict[str, Any],
    idempotency_key: str,
    pause: float,
) -> HttpResponse:
    organization_id = body.get("organization_id")
    # A well-formed organisation the key may not act for is a permission problem; a missing
    # or malformed one is reported with the other validation errors.
    well_formed = isinstance(organization_id, str) and organization_id.strip()
    if well_formed and organization_id not in caller.organizations:
        return errors.forbidden(organization_id, "assistants:create")
    body, problems = _labels(body)
    problems = problems or validate_aitronos(body)
    if problems:
        return errors.invalid(problems, body)
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
            pause=pause,
        )
    except services.NameTaken:
        return errors.duplicate_name(body["name"])
    return JsonResponse(present(created.object, CURRENT.get()), status=201)


def _merged(stored: dict[str, Any], changes: dict[str, Any]) -> dict[str, Any]:
    merged = dict(stored)
    for key, value in changes.items():
        if value is None:
            merged.pop(key, None)  # cleared: back to the default
        else:
            merged[key] = value
    return merged


def _aitronos_revision(errors: AitronosErrors, changes: dict[str, Any]):
    def revise(assistant: SandboxAssistant, now: int) -> services.Revision | HttpResponse:
        moved = changes.get("organization_id")
        if moved is not None and moved != assistant.organization_id:
            message = "An assistant cannot move to another organization."
            return errors.invalid(
                [FieldError("organization_id", message, "immutable", None, "organization_id")],
                changes,
            )
        merged = _merged(assistant.body, changes) | {"organization_id": assistant.organization_id}
        problems = validate_aitronos(merged)
        if problems:
            return errors.invalid(problems, merged)
        built = aitronos_object(
            assistant_id=assistant.id,
            body=merged,
            created_by=assistant.created_by,
            created_at=int(assistant.created_at.timestamp()),
            updated_at=now,
        )
        return services.Revision(merged, merged["name"], built)

    return revise


# --- OpenAI v2 and OpenAI-compatible v1 ------------------------------------------------------


def _create_openai(
    errors: OpenAIErrors,
    caller: Caller,
    body: dict[str, Any],
    idempotency_key: str,
    pause: float,
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
        pause=pause,
    )
    # OpenAI answers a create with 200.
    return JsonResponse(present(created.object, CURRENT.get()), status=200)


def _openai_revision(errors: OpenAIErrors, changes: dict[str, Any]):
    def revise(assistant: SandboxAssistant, now: int) -> services.Revision | HttpResponse:
        merged = _merged(assistant.body, changes)
        problems = validate_openai_body(merged, errors.version)
        if problems:
            return errors.invalid(problems)
        built = openai_object(
            assistant_id=assistant.id,
            body=merged,
            created_at=int(assistant.created_at.timestamp()),
            version=errors.version,
        )
        return services.Revision(merged, merged.get("name") or "", built)

    return revise


# --- Namesakes -------------------------------------------------------------------------------


def make_namesake(
    *,
    dialect: Dialect,
    organization_id: str,
    name: str,
    model: str | None = None,
    body: dict[str, Any] | None = None,
    created_at: Any = None,
) -> SandboxAssistant | None:
    """An assistant of that name made by another client; None when Aitronos's rule forbids it."""
    if dialect == Dialect.AITRONOS:
        full = {"name": name, **(body or {}), "organization_id": organization_id}

        def build(assistant_id: str, created: int) -> dict[str, Any]:
            return aitronos_object(
                assistant_id=assistant_id,
                body=full,
                created_by=services.OTHER_CLIENT,
                created_at=created,
            )
    else:
        full = {"model": model or NAMESAKE_MODEL, "name": name, **(body or {})}
        version = "v1" if dialect == Dialect.OPENAI_V1 else "v2"

        def build(assistant_id: str, created: int) -> dict[str, Any]:
            return openai_object(
                assistant_id=assistant_id, body=full, created_at=created, version=version
            )

    return services.namesake_create(
        dialect=dialect,
        organization_id=organization_id,
        body=full,
        build_object=build,
        created_at=created_at,
    )
