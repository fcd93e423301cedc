"""Control endpoints for tests and local use: faults, stats, the request journal, reset.

No authentication: the sandbox is a local tool and binds to 127.0.0.1 unless told otherwise.
"""

import json

from django.http import HttpRequest, HttpResponse, JsonResponse
from pydantic import TypeAdapter, ValidationError

from sandbox import services
from sandbox.faults import FAULTS, Fault
from sandbox.journal import JOURNAL

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
            return _problem(400, f"Not a fault: {exc}", details=json.loads(json.dumps(details)))
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


def not_found(request: HttpRequest, rest: str = "") -> HttpResponse:
    return _problem(
        404,
        f"No sandbox endpoint at {request.path}. The APIs live under /aitronos/v1/, "
        "/openai/v1/ and /openai_v1/v1/; see docs/sandbox.md.",
    )
