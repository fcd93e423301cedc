"""Scrubbing secrets that an upstream repeats back (a 400 or 422 body echoing the request).

Masking by key name (upstream.redact_response) misses a secret quoted inside an error
message ("header 'X-Team-Key: s3cr3t' is not allowed"). So every value that was SENT as a
secret is searched for, verbatim and in the obvious encodings a server may use when it
quotes a request (JSON-escaped, URL-encoded, base64), in everything that came back, and
replaced with the mask. Pure functions: no settings, no database.
"""

import base64
import contextlib
import json
from collections.abc import Iterable
from typing import Any
from urllib.parse import quote, quote_plus

from assistants.contract.secrets import MASK, map_secrets

# Shorter values would be found by chance in ordinary words; nobody's real key is this short.
MIN_SCRUBBED_LENGTH = 4
# Header names whose values are secrets in the requests we send (the dialects' own headers).
SECRET_HEADERS = frozenset({"authorization", "x-api-key", "api-key", "proxy-authorization"})
# Keys whose values are secrets wherever they appear in a body we send.
SECRET_KEYS = frozenset(
    {"authorization", "api_key", "apikey", "x-api-key", "access_token", "secret", "password"}
)


def encodings(secret: str) -> set[str]:
    """The secret and the forms it takes when a server quotes it back (none for a secret
    too short to search for)."""
    if len(secret) < MIN_SCRUBBED_LENGTH:
        return set()
    raw = secret.encode()
    forms = {
        secret,
        json.dumps(secret)[1:-1],  # JSON-escaped, without the quotes
        json.dumps(secret, ensure_ascii=False)[1:-1],
        quote(secret, safe=""),
        quote(secret),  # "/" left as is, urllib's default
        quote_plus(secret, safe=""),
        quote_plus(secret),
        base64.b64encode(raw).decode(),
        base64.urlsafe_b64encode(raw).decode(),
    }
    forms |= {form.rstrip("=") for form in forms}
    return {form for form in forms if len(form) >= MIN_SCRUBBED_LENGTH}


def _needles(secrets: Iterable[str]) -> list[str]:
    found = set()
    for secret in secrets:
        if isinstance(secret, str) and len(secret) >= MIN_SCRUBBED_LENGTH:
            found |= encodings(secret)
    # Longest first, so a secret is replaced whole before any encoding it contains.
    return sorted(found, key=len, reverse=True)


def scrub_text(text: str, secrets: Iterable[str]) -> str:
    for needle in _needles(secrets):
        if needle in text:
            text = text.replace(needle, MASK)
    return text


def _scrub(value: Any, needles: list[str]) -> Any:
    if isinstance(value, str):
        for needle in needles:
            if needle in value:
                value = value.replace(needle, MASK)
        return value
    if isinstance(value, dict):
        return {_scrub(key, needles): _scrub(item, needles) for key, item in value.items()}
    if isinstance(value, list | tuple):
        return [_scrub(item, needles) for item in value]
    return value


def scrub(value: Any, secrets: Iterable[str]) -> Any:
    """A copy of `value` (JSON-like: str, dict, list, numbers) with every secret in `secrets`,
    in any of its `encodings`, replaced by the mask, in values and keys alike."""
    needles = _needles(secrets)
    return _scrub(value, needles) if needles else value


def _secret_key_values(value: Any) -> list[str]:
    if isinstance(value, dict):
        found = []
        for key, item in value.items():
            if str(key).lower() in SECRET_KEYS and isinstance(item, str):
                found.append(item)
            elif str(key).lower() == "headers" and isinstance(item, dict):
                found += [v for v in item.values() if isinstance(v, str)]
            else:
                found += _secret_key_values(item)
        return found
    if isinstance(value, list):
        return [found for item in value for found in _secret_key_values(item)]
    return []


def sent_secrets(body: Any, headers: dict[str, str] | None = None) -> set[str]:
    """Every secret value a request carries: the catalogue's secret fields in the body, any
    value under a secret-named key or inside an MCP server's headers, and the values of the
    authentication headers (with and without their `Bearer` scheme)."""
    found: set[str] = set()
    if isinstance(body, dict):
        # Not shaped like an assistant: the key names below still apply.
        with contextlib.suppress(Exception):
            map_secrets(body, lambda text: found.add(text) or text)
        found |= set(_secret_key_values(body))
    for name, value in (headers or {}).items():
        if name.lower() in SECRET_HEADERS and isinstance(value, str):
            found.add(value)
            scheme, _, credential = value.partition(" ")
            if credential and scheme.lower() in ("bearer", "basic", "token"):
                found.add(credential.strip())
    return {secret for secret in found if len(secret) >= MIN_SCRUBBED_LENGTH}
