"""Secrets typed into a form that then failed validation, kept for that form's next try.

A password box cannot be filled back in (that would put the secret into the page), so a
person who typed a token and made a mistake elsewhere would lose the token. Instead the
typed value is kept here: encrypted (assistants.crypto) in the person's session, for one
form (a draft section or a connection), for a short while. When the form is posted again
with that box left empty, the kept value fills it, exactly as if typed again. A successful
save forgets it. Nothing kept here is ever rendered.
"""

import time
from collections.abc import Callable, Iterable

from django.http import HttpRequest, QueryDict

from assistants import crypto
from assistants.contract.secrets import MASK

SESSION_KEY = "pending_secrets"
KEEP_SECONDS = 30 * 60
HEADER_KEY, HEADER_VALUE = "__key", "__value"

# Where a kept secret belongs, read from the same post: an MCP row's URL and connector, a
# connection's base URL. A kept secret only fills a box whose destination is unchanged, so
# a token typed for one server never goes to another (rows can move, URLs can change).
Binding = Callable[[QueryDict, str], str]


def _unbound(data: QueryDict, name: str) -> str:
    return ""


def _typed(data: QueryDict, names: Iterable[str]) -> dict[str, str]:
    """Secret values in `data`: single boxes by name, key/value rows as `name[key]`."""
    typed: dict[str, str] = {}
    for name in names:
        if name.endswith(HEADER_VALUE):
            base = name[: -len(HEADER_VALUE)]
            keys, values = data.getlist(base + HEADER_KEY), data.getlist(name)
            for key, value in zip(keys, values, strict=False):
                if key.strip() and value and not value.startswith(MASK):
                    typed[f"{base}[{key.strip()}]"] = value
        elif data.get(name):
            typed[name] = data[name]
    return typed


def secret_names(data: QueryDict, suffixes: tuple[str, ...]) -> list[str]:
    """The posted names that hold secrets: those ending in one of `suffixes`."""
    return [name for name in data if name.endswith(suffixes)]


def remember(
    request: HttpRequest,
    scope: str,
    data: QueryDict,
    names: Iterable[str],
    *,
    bind: Binding = _unbound,
) -> bool:
    """Keep the secrets typed in `data` (from the boxes `names`) for `scope`; True if any."""
    typed = _typed(data, names)
    kept = _all(request)
    if typed:
        entry = kept.get(scope, {}).get("values", {})
        entry.update(
            {
                name: {"secret": crypto.encrypt(value), "for": bind(data, name)}
                for name, value in typed.items()
            }
        )
        kept[scope] = {"at": time.time(), "values": entry}
        request.session[SESSION_KEY] = kept
    return bool(typed) or scope in kept


def restore(
    request: HttpRequest,
    scope: str,
    data: QueryDict,
    *,
    unless: dict[str, str] | None = None,
    bind: Binding = _unbound,
) -> tuple[QueryDict, list[str]]:
    """`data` with every empty secret box that has a kept value filled in, and the names
    filled. `unless` maps a box to a checkbox that, ticked, means "remove it" instead."""
    values = _all(request).get(scope, {}).get("values", {})
    if not values:
        return data, []
    filled: list[str] = []
    data = data.copy()
    for name, kept in values.items():
        if bind(data, name) != kept.get("for"):
            continue  # the destination changed: the secret was for somewhere else
        token = kept.get("secret", "")
        if name.endswith("]"):  # a key/value row: name[key]
            base, key = name[:-1].split("[", 1)
            keys = data.getlist(base + HEADER_KEY)
            rows = data.getlist(base + HEADER_VALUE)
            for index, posted_key in enumerate(keys):
                if posted_key.strip() == key and index < len(rows) and not rows[index]:
                    rows[index] = _plain(token)
                    filled.append(name)
            data.setlist(base + HEADER_VALUE, rows)
        elif name in data and not data.get(name) and not data.get((unless or {}).get(name, "")):
            data[name] = _plain(token)
            filled.append(name)
    return data, filled


def forget(request: HttpRequest, scope: str) -> None:
    kept = _all(request)
    if kept.pop(scope, None) is not None:
        request.session[SESSION_KEY] = kept


def kept_names(request: HttpRequest, scope: str) -> set[str]:
    return set(_all(request).get(scope, {}).get("values", {}))


def _plain(token: str) -> str:
    try:
        return crypto.decrypt(token)
    except crypto.DecryptionFailed:
        return ""  # the key was rotated meanwhile: as if never kept


def _all(request: HttpRequest) -> dict:
    """What this session keeps, without entries older than KEEP_SECONDS."""
    kept = request.session.get(SESSION_KEY) or {}
    fresh = {k: v for k, v in kept.items() if time.time() - v.get("at", 0) < KEEP_SECONDS}
    if fresh != kept:
        request.session[SESSION_KEY] = fresh
    return fresh
