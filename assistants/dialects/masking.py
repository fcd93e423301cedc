"""A request as it may be shown or logged: API key and catalogue secrets masked."""

from dataclasses import replace

from assistants.contract.secrets import mask_secret, redact_secrets
from assistants.dialects.base import UpstreamRequest

SECRET_HEADERS = {"x-api-key", "authorization"}


def _mask_header(name: str, value: str) -> str:
    if name.lower() not in SECRET_HEADERS:
        return value
    scheme, _, token = value.partition(" ")
    if token and scheme.lower() == "bearer":
        return f"{scheme} {mask_secret(token)}"
    return mask_secret(value)


def mask_request(request: UpstreamRequest) -> UpstreamRequest:
    """The same request with the API key and every `secret` field of the catalogue masked."""
    headers = {name: _mask_header(name, value) for name, value in request.headers.items()}
    return replace(request, headers=headers, body=redact_secrets(request.body))
