"""Strict parsing of integer and choice parameters from query strings and forms.

`str.isdigit()` says yes to "²" and "٣", which `int()` then refuses or reads as another
number; and twenty digits overflow PostgreSQL's bigint. An id is ASCII digits, at most 18 of
them, or it is not an id.
"""

import re

_ID = re.compile(r"[0-9]{1,18}")


class BadParameter(ValueError):
    """A parameter that is not what it must be; the message names it and says what to give."""

    def __init__(self, name: str, message: str) -> None:
        super().__init__(f"{name}: {message}")
        self.name, self.message = name, message


def strict_int(value: object) -> int | None:
    """The integer `value` spells in ASCII digits, or None for anything else."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value if 0 <= value < 10**18 else None
    if isinstance(value, str) and _ID.fullmatch(value):
        return int(value)
    return None


def id_param(params, name: str) -> int | None:
    """The id in `params[name]` (a QueryDict or dict); None when absent or blank. Raises
    BadParameter when it is there but not an id."""
    raw = params.get(name, "")
    if raw in ("", None):
        return None
    number = strict_int(raw)
    if number is None:
        raise BadParameter(name, "Give a number written with the digits 0-9.")
    return number


def choice_param(params, name: str, choices: list[str], noun: str) -> str | None:
    """`params[name]` when it is one of `choices`; None when absent or blank. Raises
    BadParameter otherwise (text that is no choice, NUL included, never reaches a query)."""
    raw = params.get(name, "")
    if raw in ("", None):
        return None
    if raw not in choices:
        raise BadParameter(name, f"Not a {noun}. Use one of: {', '.join(choices)}.")
    return raw
