"""Error responses in each upstream's own format.

Aitronos wraps every error in `{"success": false, "error": {...}}` with a fresh trace id;
OpenAI uses `{"error": {message, type, param, code}}`; OpenAI-compatible v1 servers are
FastAPI apps, so their validation errors are FastAPI's 422 `{"detail": [...]}` while their
other errors follow OpenAI's envelope.
"""

import re
import secrets
from datetime import UTC, datetime, timedelta
from typing import Any, Literal

from django.http import JsonResponse

from assistants.contract import FieldError
from sandbox.models import Dialect
from sandbox.reporting import CURRENT, reported_now

RATE_LIMIT = 100  # what the Aitronos 429 body reports as the window's limit


def trace_id() -> str:
    return "req_" + secrets.token_hex(8)


def iso_timestamp(moment: datetime | None = None) -> str:
    """A moment (default: now, on the upstream's possibly offset clock) in ISO 8601 UTC."""
    moment = moment or datetime.fromtimestamp(reported_now(), UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%SZ")


def _with_headers(response: JsonResponse, headers: dict[str, str] | None) -> JsonResponse:
    for name, value in (headers or {}).items():
        response[name] = value
    return response


# --- Aitronos ------------------------------------------------------------------------------

ISSUES = {"missing": "required", "extra_forbidden": "unknown_field"}


def aitronos_error(
    status: int,
    code: str,
    message: str,
    *,
    system_message: str,
    error_type: str,
    details: dict[str, Any] | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    error = {
        "code": code,
        "message": message,
        "system_message": system_message,
        "type": error_type,
        "status": status,
        "details": details or {},
        "trace_id": trace_id(),
        "timestamp": iso_timestamp(),
    }
    return _with_headers(JsonResponse({"success": False, "error": error}, status=status), headers)


def _issue(error: FieldError) -> dict[str, str]:
    return {
        "field": error.path or "body",
        "issue": ISSUES.get(error.code, error.code),
        "message": error.message,
    }


def _system_message(error: FieldError) -> str:
    if error.code == "missing":
        return f"Missing required field: {error.path}"
    return f"Invalid value for field {error.path or 'body'}: {error.message}"


class AitronosErrors:
    dialect = Dialect.AITRONOS

    def unauthorized(self, *, key_given: bool) -> JsonResponse:
        reason = "Invalid API key" if key_given else "Missing or invalid authorization header"
        return aitronos_error(
            401,
            "AUTHENTICATION_REQUIRED",
            "Authentication required. Please provide a valid API key.",
            system_message=reason,
            error_type="authentication_error",
        )

    def forbidden(self, organization_id: str, permission: str) -> JsonResponse:
        verb = permission.split(":")[1]
        return aitronos_error(
            403,
            "INSUFFICIENT_PERMISSIONS",
            f"You do not have permission to {verb} assistants in this organization.",
            system_message="Insufficient permissions",
            error_type="authorization_error",
            details={"required_permission": permission, "organization_id": organization_id},
        )

    def invalid(
        self, errors: list[FieldError], body: Any = None, where: str = "body"
    ) -> JsonResponse:
        """400 naming the first field in `details.field`, and every error in `details.errors`.

        Under the `validation_422` fault: FastAPI's 422 instead, echoing each input.
        """
        if CURRENT.get().fastapi_errors:
            return fastapi_validation_error(errors, body, where)
        return self._envelope(errors)

    def _envelope(self, errors: list[FieldError]) -> JsonResponse:
        first = errors[0]
        issues = [_issue(error) for error in errors]
        return aitronos_error(
            400,
            "VALIDATION_ERROR",
            "Invalid request parameters",
            system_message=_system_message(first),
            error_type="validation_error",
            details={**issues[0], "errors": issues},
        )

    def bad_json(self, problem: str) -> JsonResponse:
        error = FieldError("body", problem, "json_invalid", None, "body")
        return self.invalid([error])

    def duplicate_name(self, name: str) -> JsonResponse:
        message = f"An assistant named “{name}” already exists in this organization."
        error = FieldError("name", message, "duplicate", None, "name")
        # A business rule, not request validation: the envelope even under validation_422.
        return self._envelope([error])

    def bad_query(self, parameter: str, message: str, code: str = "invalid") -> JsonResponse:
        return self.invalid([FieldError(parameter, message, code, None, parameter)], where="query")

    def not_found(self, assistant_id: str) -> JsonResponse:
        return aitronos_error(
            404,
            "ASSISTANT_NOT_FOUND",
            "Assistant not found.",
            system_message=f"No assistant with id {assistant_id}",
            error_type="not_found_error",
            details={"assistant_id": assistant_id},
        )

    def route_not_found(self, path: str) -> JsonResponse:
        return aitronos_error(
            404,
            "NOT_FOUND",
            "The requested resource was not found.",
            system_message=f"No route for {path}",
            error_type="not_found_error",
        )

    def method_not_allowed(self, method: str, allowed: list[str]) -> JsonResponse:
        return aitronos_error(
            405,
            "METHOD_NOT_ALLOWED",
            f"Method {method} is not allowed here.",
            system_message=f"Allowed: {', '.join(allowed)}",
            error_type="invalid_request_error",
            headers={"Allow": ", ".join(allowed)},
        )

    def rate_limited(self, retry_after: int) -> JsonResponse:
        reset_at = datetime.fromtimestamp(reported_now(), UTC) + timedelta(seconds=retry_after)
        return aitronos_error(
            429,
            "RATE_LIMIT_EXCEEDED",
            "Too many requests. Please try again later.",
            system_message="Rate limit exceeded for endpoint",
            error_type="rate_limit_error",
            details={
                "retry_after": retry_after,
                "limit": RATE_LIMIT,
                "remaining": 0,
                "reset_at": iso_timestamp(reset_at),
            },
            headers={"Retry-After": str(retry_after)},
        )

    def server_error(self, reason: str) -> JsonResponse:
        return aitronos_error(
            500,
            "INTERNAL_ERROR",
            "An unexpected error occurred. Please try again later.",
            system_message=reason,
            error_type="server_error",
        )


# --- OpenAI and OpenAI-compatible v1 ---------------------------------------------------------

OPENAI_CODES = {
    "missing": "missing_required_parameter",
    "extra_forbidden": "unknown_parameter",
    "string_too_long": "string_above_max_length",
    "string_too_short": "string_below_min_length",
    "too_long": "array_above_max_length",
}


def openai_error(
    status: int,
    message: str,
    *,
    error_type: str = "invalid_request_error",
    param: str | None = None,
    code: str | None = None,
    headers: dict[str, str] | None = None,
) -> JsonResponse:
    error = {"message": message, "type": error_type, "param": param, "code": code}
    return _with_headers(JsonResponse({"error": error}, status=status), headers)


def _openai_message(error: FieldError) -> str:
    if error.code == "missing":
        return f"Missing required parameter: '{error.path}'."
    if error.code == "extra_forbidden":
        return f"Unrecognized request argument supplied: {error.path}"
    return f"Invalid '{error.path}': {error.message}"


_PATH_PART = re.compile(r"([^.\[\]]+)|\[(\d+)\]")


def fastapi_loc(path: str) -> list[str | int]:
    """`tools[0].function.name` → `["body", "tools", 0, "function", "name"]`."""
    parts: list[str | int] = ["body"]
    for key, index in _PATH_PART.findall(path):
        parts.append(int(index) if index else key)
    return parts


def _echo(body: Any, loc: list[str | int]) -> Any:
    """The value at a FastAPI `loc` (after its first element) in the body, if any."""
    value = body
    for part in loc[1:]:
        keyed = isinstance(value, dict) and isinstance(part, str) and part in value
        indexed = isinstance(value, list) and isinstance(part, int) and 0 <= part < len(value)
        if not (keyed or indexed):
            return None
        value = value[part]
    return value


def fastapi_validation_error(errors: list[FieldError], body: Any, where: str) -> JsonResponse:
    """FastAPI's 422: `{"detail": [{type, loc, msg, input}]}`, every problem, inputs echoed."""
    detail = []
    for error in errors:
        loc = fastapi_loc(error.path)
        loc[0] = where
        detail.append(
            {"type": error.code, "loc": loc, "msg": error.message, "input": _echo(body, loc)}
        )
    return JsonResponse({"detail": detail}, status=422)


class OpenAIErrors:
    """OpenAI's error envelope; `version` "v1" switches validation to FastAPI's 422."""

    def __init__(self, dialect: Dialect, version: Literal["v2", "v1"]):
        self.dialect = dialect
        self.version = version

    def unauthorized(self, *, key_given: bool) -> JsonResponse:
        message = (
            "Incorrect API key provided. You can find your API key in your account settings."
            if key_given
            else "You didn't provide an API key. You need to provide your API key in an "
            "Authorization header using Bearer auth (i.e. Authorization: Bearer YOUR_KEY)."
        )
        return openai_error(401, message, code="invalid_api_key")

    def beta_header_missing(self, given: str | None) -> JsonResponse:
        if given and given.startswith("assistants="):
            message = (
                f"Invalid 'OpenAI-Beta' header value '{given}'. "
                "Set the header 'OpenAI-Beta: assistants=v2'."
            )
        else:
            message = (
                "You must provide the 'OpenAI-Beta' header to access the Assistants API. "
                "Please try again by setting the header 'OpenAI-Beta: assistants=v2'."
            )
        return openai_error(400, message, code="invalid_beta")

    def invalid(self, errors: list[FieldError]) -> JsonResponse:
        if self.version == "v1":
            detail = [
                {"loc": fastapi_loc(error.path), "msg": error.message, "type": error.code}
                for error in errors
            ]
            return JsonResponse({"detail": detail}, status=422)
        # OpenAI reports one problem at a time.
        first = errors[0]
        code = OPENAI_CODES.get(first.code, "invalid_value")
        return openai_error(400, _openai_message(first), param=first.path or None, code=code)

    def bad_json(self, problem: str) -> JsonResponse:
        if self.version == "v1":
            detail = [{"loc": ["body"], "msg": "JSON decode error", "type": "json_invalid"}]
            return JsonResponse({"detail": detail}, status=422)
        return openai_error(
            400,
            "We could not parse the JSON body of your request. (HINT: This likely means you "
            "aren't using your HTTP library correctly. The OpenAI API expects a JSON payload, "
            f"but what was sent was not valid JSON: {problem})",
        )

    def bad_query(self, parameter: str, message: str, code: str = "invalid") -> JsonResponse:
        return self.invalid([FieldError(parameter, message, code, None, parameter)])

    def not_found(self, assistant_id: str) -> JsonResponse:
        return openai_error(404, f"No assistant found with id '{assistant_id}'.")

    def route_not_found(self, path: str) -> JsonResponse:
        return openai_error(404, f"Invalid URL ({path})")

    def method_not_allowed(self, method: str, allowed: list[str]) -> JsonResponse:
        return openai_error(
            405,
            f"Method {method} is not allowed here; use {', '.join(allowed)}.",
            headers={"Allow": ", ".join(allowed)},
        )

    def rate_limited(self, retry_after: int) -> JsonResponse:
        return openai_error(
            429,
            f"Rate limit reached for requests. Please try again in {retry_after}s.",
            error_type="requests",
            code="rate_limit_exceeded",
            headers={"Retry-After": str(retry_after)},
        )

    def server_error(self, reason: str) -> JsonResponse:
        return openai_error(
            500,
            "The server had an error while processing your request. Sorry about that!",
            error_type="server_error",
        )


ErrorFormat = AitronosErrors | OpenAIErrors

FORMATS: dict[str, ErrorFormat] = {
    Dialect.AITRONOS: AitronosErrors(),
    Dialect.OPENAI: OpenAIErrors(Dialect.OPENAI, "v2"),
    Dialect.OPENAI_V1: OpenAIErrors(Dialect.OPENAI_V1, "v1"),
}
