"""What the upstream reports, as the standing faults bend it.

Assistants are stored with true unix-second timestamps and every field the server kept;
these functions turn a stored object into what this request is shown: timestamps moved by
the upstream's clock offset and/or given in milliseconds, dropped fields left out. The
offset also moves the timestamps of error bodies (`reported_now`), through a context
variable the view sets for the request's thread.
"""

import time
from contextvars import ContextVar
from typing import Any

from sandbox.faults import NO_QUIRKS, Quirks

TIMESTAMP_KEYS = ("created_at", "updated_at", "deleted_at")

CURRENT = ContextVar("sandbox_quirks", default=NO_QUIRKS)


def reported_now() -> float:
    """The upstream's idea of now, in unix seconds."""
    return time.time() + CURRENT.get().clock_offset


def present(stored: dict[str, Any], quirks: Quirks) -> dict[str, Any]:
    """The stored object as this request sees it."""
    if quirks is NO_QUIRKS:
        return stored
    shown = {key: value for key, value in stored.items() if key not in quirks.dropped}
    for key in TIMESTAMP_KEYS:
        value = shown.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            moved = value + quirks.clock_offset
            shown[key] = int(moved * 1000) if quirks.milliseconds else int(moved)
    return shown


def without_dropped(body: dict[str, Any], quirks: Quirks) -> dict[str, Any]:
    """The body as a server that silently ignores some fields reads it."""
    if not quirks.dropped:
        return body
    return {key: value for key, value in body.items() if key not in quirks.dropped}
