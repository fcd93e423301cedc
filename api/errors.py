"""One error format across the API:

{"error": {"code": "...", "message": "...", "fields": [{"path", "message", "code", "section"}]}}
"""

from dataclasses import asdict

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions, status
from rest_framework.response import Response
from rest_framework.views import exception_handler

from assistants.contract import FieldError
from assistants.services.drafts import DraftInvalid, StaleEdit


def field_error_json(error: FieldError) -> dict:
    """As the API shows a field error (the top-level `field` is implied by the path)."""
    return {key: value for key, value in asdict(error).items() if key != "field"}


def error_response(
    code: str,
    message: str,
    http_status: int,
    fields: list | None = None,
    headers: dict | None = None,
) -> Response:
    body = {"error": {"code": code, "message": message, "fields": fields or []}}
    return Response(body, status=http_status, headers=headers)


def _flatten(detail, path: str = "") -> list[dict]:
    """DRF's nested error dicts → [{"path", "message", "code"}]."""
    if isinstance(detail, dict):
        return [
            e
            for key, value in detail.items()
            for e in _flatten(value, f"{path}.{key}" if path else str(key))
        ]
    if isinstance(detail, list):
        if all(isinstance(item, exceptions.ErrorDetail | str) for item in detail):
            return [
                {
                    "path": path or "non_field_errors",
                    "message": str(item),
                    "code": getattr(item, "code", "invalid"),
                    "section": None,
                }
                for item in detail
            ]
        return [e for i, item in enumerate(detail) for e in _flatten(item, f"{path}[{i}]")]
    return [
        {
            "path": path or "non_field_errors",
            "message": str(detail),
            "code": getattr(detail, "code", "invalid"),
            "section": None,
        }
    ]


class OnePass(Exception):
    """A request's own problems and the contract's, answered together (one round of fixes)."""

    def __init__(self, fields: list[dict]) -> None:
        super().__init__("invalid")
        self.fields = fields


def flatten_errors(detail) -> list[dict]:
    """A serializer's errors in the API's field format."""
    return _flatten(detail)


def api_exception_handler(exc, context) -> Response | None:
    if isinstance(exc, OnePass):
        return error_response(
            "invalid",
            "Some fields are not valid; see fields.",
            status.HTTP_400_BAD_REQUEST,
            exc.fields,
        )
    if isinstance(exc, DraftInvalid):
        return error_response(
            "invalid_configuration",
            "The configuration breaks the contract; see fields.",
            status.HTTP_400_BAD_REQUEST,
            [field_error_json(e) for e in exc.errors],
        )
    if isinstance(exc, StaleEdit):
        return error_response("stale_version", str(exc), status.HTTP_409_CONFLICT)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    if isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = exception_handler(exc, context)
    if response is None:
        return None
    if isinstance(exc, exceptions.ValidationError):
        return error_response(
            "invalid",
            "Some fields are not valid; see fields.",
            response.status_code,
            _flatten(exc.detail),
            headers=dict(response.headers),
        )
    detail = exc.detail if isinstance(exc, exceptions.APIException) else str(exc)
    code = getattr(detail, "code", None) or getattr(exc, "default_code", "error")
    return error_response(
        str(code), str(detail), response.status_code, headers=dict(response.headers)
    )
