"""What the upstream kept: the fields of a sent body that the returned assistant lacks.

Real servers accept fields they then ignore (an OpenAI-compatible server without
`reasoning_effort`, one that drops `response_format`). After "created" the returned object is
compared with what was sent, and every top-level field it did not keep is listed, with the
catalogue's label, on the submission (`Submission.not_kept`), its timeline and the API.

Kept means: present in the answer and containing what was sent. Objects may come back with
more keys (defaults filled in), numbers compare as numbers; lists must match item by item.
"""

import json
import math
from functools import cache
from typing import Any

from assistants.contract.catalogue import field_specs
from assistants.services.submissions.field_errors import OPENAI_KEYS, RESPONSE_FORMAT_SOURCES

# Sent but never part of the assistant an upstream returns.
NOT_ECHOED = frozenset({"organization_id"})


@cache
def _labels() -> dict[str, str]:
    return {spec.name: spec.label for spec in field_specs()}


def _config_path(dialect: str, key: str, config: dict[str, Any]) -> str:
    if dialect == "aitronos":
        return key
    if key == "response_format":
        return next((k for k in RESPONSE_FORMAT_SOURCES if k in config), key)
    return OPENAI_KEYS.get(key, key)


def contains(returned: Any, sent: Any) -> bool:
    """`returned` holds everything `sent` does. An object or list may come back as its JSON
    text (the Aitronos SDK types `response_format` as a string)."""
    if isinstance(sent, dict | list) and isinstance(returned, str):
        try:
            returned = json.loads(returned)
        except ValueError:
            return False
    if isinstance(sent, dict):
        return isinstance(returned, dict) and all(
            key in returned and contains(returned[key], value) for key, value in sent.items()
        )
    if isinstance(sent, list):
        return (
            isinstance(returned, list)
            and len(returned) == len(sent)
            and all(contains(r, s) for r, s in zip(returned, sent, strict=True))
        )
    if isinstance(sent, bool) or isinstance(returned, bool):
        return sent == returned
    if isinstance(sent, int | float) and isinstance(returned, int | float):
        return math.isclose(sent, returned, rel_tol=1e-9, abs_tol=1e-9)
    return sent == returned


def fields_not_kept(
    *, dialect: str, sent: dict[str, Any], returned: Any, config: dict[str, Any] | None = None
) -> list[dict[str, str]]:
    """Each top-level field of `sent` that `returned` did not keep: body key, the draft's
    field it came from, and that field's label."""
    if not isinstance(returned, dict):
        return []
    lost = []
    for key, value in sent.items():
        if key in NOT_ECHOED or value is None or contains(returned.get(key), value):
            continue
        path = _config_path(dialect, key, config or {})
        lost.append({"key": key, "path": path, "label": _labels().get(path, key)})
    return lost
