"""Configuration paths in the catalogue's words: `text_config.json_schema.name` becomes
"Answer format → Schema name", so no message, history line or audit entry shows people a raw
API path."""

from functools import lru_cache

from assistants.contract import introspect
from assistants.contract.models import AssistantConfig
from assistants.contract.spec import X_FLATTEN, extra_of

SEPARATOR = " → "


@lru_cache(maxsize=1024)
def path_label(path: str) -> str:
    """The labels along `path`; list positions count from 1, map keys are quoted.

    Parts the catalogue does not know (a key only an upstream names) are kept as they are.
    """
    loc = introspect.parse_path(path)
    parts: list[str] = []
    known = 0
    for end in range(1, len(loc) + 1):
        elem = loc[end - 1]
        where = introspect.locate(AssistantConfig, loc[:end])
        if len(where.fields) > known:
            known = len(where.fields)
            info = where.fields[-1][1]
            if extra_of(info).get(X_FLATTEN):
                continue  # the editor shows its fields on their own (tool_configurations)
            parts.append(info.title or str(elem).replace("_", " ").capitalize())
        elif isinstance(elem, int) and parts:
            parts[-1] = f"{parts[-1]} {elem + 1}"
        else:
            parts.append(f"“{elem}”" if parts else str(elem))
    return SEPARATOR.join(parts) or path


def key_labels(keys: list[str]) -> list[str]:
    """Top-level configuration keys as labels, e.g. for a revision's changed fields."""
    return [path_label(key) for key in keys]
