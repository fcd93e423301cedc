"""JSON from outside, parsed within limits checked BEFORE parsing.

Python's json module recurses once per level: a body nested a thousand levels deep raises
RecursionError (a 500), and one nested 100,000 deep costs memory and time before failing.
So the text is measured first (size, then nesting depth, skipping strings) and refused with a
message that says which limit it broke.
"""

import json
import re
from typing import Any

from django.conf import settings

# Strings (with their escapes) are skipped when counting brackets: "[[[" inside a string is text.
_STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"', re.DOTALL)
_BRACKETS = re.compile(rb"[\[\]{}]")


class JsonRefused(ValueError):
    """The JSON broke a limit or is not JSON; the message says which, for the person."""


def max_bytes() -> int:
    return settings.JSON_MAX_BYTES


def max_depth() -> int:
    return settings.JSON_MAX_DEPTH


def nesting_depth(raw: bytes) -> int:
    """How deep objects and arrays nest in `raw` (0 for a scalar), strings skipped."""
    depth = deepest = 0
    for match in _BRACKETS.finditer(_STRINGS.sub(b'""', raw)):
        if match.group() in (b"[", b"{"):
            depth += 1
            deepest = max(deepest, depth)
        else:
            depth -= 1
    return deepest


def check_limits(raw: bytes | str) -> bytes:
    data = raw.encode("utf-8", errors="surrogatepass") if isinstance(raw, str) else raw
    if len(data) > max_bytes():
        raise JsonRefused(
            f"The JSON is too large ({len(data):,} bytes; at most {max_bytes():,} are accepted)."
        )
    depth = nesting_depth(data)
    if depth > max_depth():
        raise JsonRefused(
            f"The JSON is nested too deeply ({depth:,} levels; at most {max_depth()} are accepted)."
        )
    return data


def loads(raw: bytes | str) -> Any:
    """Parse JSON text after checking its size and depth; JsonRefused says what is wrong."""
    data = check_limits(raw)
    try:
        return json.loads(data)
    except json.JSONDecodeError as error:
        raise JsonRefused(
            f"This isn't valid JSON (line {error.lineno}, column {error.colno}: {error.msg})."
        ) from error
    except (UnicodeDecodeError, RecursionError) as error:
        raise JsonRefused("This isn't valid JSON text.") from error
