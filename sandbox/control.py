"""Control endpoints for tests and local use: faults, stats, the request journal, reset.

No authentication: the sandbox is a local tool and binds to 127.0.0.1 unless told otherwise.
"""

import json
from datetime import UTC, datetime
from typing import Any, Literal

from django.http import HttpRequest, HttpResponse, JsonResponse
from pydantic import BaseModel, ConfigDict, Field, TypeAdapter, ValidationError

from assistants.dialects import validate_openai_body
from sandbox import services, writes
from sandbox.faults import FAULTS, Fault
from sandbox.journal import JOURNAL
from sandbox.models import Dialect
from sandbox.objects import in_documented_order

_FAULT_LIST = TypeAdapter(list[Fault])


def _problem(status: int, message: str, **extra: object) -> JsonResponse:
    return JsonResponse({"error": {"message": message, **extra}}, status=status)


def _not_allowed(allowed: list[str]) -> JsonResponse:
    response = _problem(405, f"Use {', '.join(allowed)}.")
    response["Allow"] = ", ".join(allowed)
    return response


def faults(request: HttpRequest) -> HttpResponse:
    """GET shows the queue; POST adds one fault (an object) or several (a list); DELETE clears."""
    if request.method == "POST":
        try:
            data = json.loads(request.body)
            added = _FAULT_LIST.validate_python(data if isinstance(data, list) else [data])
        except ValueError as exc:  # also pydantic's ValidationError
            details = exc.errors(include_url=False) if isinstance(exc, ValidationError) else []
            details = json.loads(json.dumps(details, default=str))  # ctx may hold the error
            return _problem(400, f"Not a fault: {exc}", details=details)
        FAULTS.add(added)
        return JsonResponse({"faults": FAULTS.snapshot()}, status=201)
    if request.method == "DELETE":
        FAULTS.clear()
        return JsonResponse({"faults": []})
    if request.method == "GET":
        return JsonResponse({"faults": FAULTS.snapshot()})
    return _not_allowed(["GET", "POST", "DELETE"])


def stats(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return _not_allowed(["GET"])
    return JsonResponse(services.creation_stats())


def requests(request: HttpRequest) -> HttpResponse:
    if request.method != "GET":
        return _not_allowed(["GET"])
    return JsonResponse({"requests": JOURNAL.entries()})


def reset(request: HttpRequest) -> HttpResponse:
    """Forget everything: assistants, faults and the journal."""
    if request.method != "POST":
        return _not_allowed(["POST"])
    deleted = services.sandbox_reset()
    FAULTS.clear()
    JOURNAL.clear()
    return JsonResponse({"deleted": deleted})


class Made(BaseModel):
    """`POST /_assistants`: an assistant made by another client of the upstream."""

    model_config = ConfigDict(extra="forbid")

    dialect: Literal["aitronos", "openai", "openai_v1"]
    organization_id: str = Field(min_length=1)
    name: str = Field(min_length=1)
    body: dict[str, Any] = Field(
        default_factory=dict, description="More of the create body (model, metadata, ...)."
    )
    created_at: int | None = Field(
        None, description="Unix seconds; default now. An older namesake, for example."
    )


def assistants(request: HttpRequest) -> HttpResponse:
    """POST makes an assistant "by another client": no key, no faults, as if made elsewhere.

    For namesakes before or during a submission, and for assistants to adopt. 201 with the
    stored object; 409 when Aitronos's unique name rule forbids it; 400 when the body would
    not pass the shape's own validation.
    """
    if request.method != "POST":
        return _not_allowed(["POST"])
    try:
        made = Made.model_validate_json(request.body)
    except ValidationError as exc:
        details = json.loads(json.dumps(exc.errors(include_url=False), default=str))
        return _problem(400, f"Not an assistant to make: {exc}", details=details)
    body = {"name": made.name, **made.body}
    problems = (
        writes.validate_aitronos({**body, "organization_id": made.organization_id})
        if made.dialect == Dialect.AITRONOS
        else validate_openai_body(
            {"model": writes.NAMESAKE_MODEL, **body},
            "v1" if made.dialect == Dialect.OPENAI_V1 else "v2",
        )
    )
    if problems:
        details = [{"field": problem.path, "message": problem.message} for problem in problems]
        return _problem(400, "The body would be refused by the API.", details=details)
    created_at = (
        datetime.fromtimestamp(made.created_at, UTC) if made.created_at is not None else None
    )
    assistant = writes.make_namesake(
        dialect=Dialect(made.dialect),
        organization_id=made.organization_id,
        name=made.name,
        model=made.body.get("model"),
        body=made.body,
        created_at=created_at,
    )
    if assistant is None:
        return _problem(409, f"A live assistant of {made.organization_id} is named {made.name!r}.")
    return JsonResponse(in_documented_order(assistant.dialect, assistant.object), status=201)


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return _problem(
        404,
        f"No sandbox endpoint at {request.path}. The APIs live under /aitronos/v1/, "
        "/openai/v1/ and /openai_v1/v1/; see docs/sandbox.md.",
    )
