"""Dotted paths into a configuration document: `tool_configurations.system_tools.web_search`.

The editor's fields, the draft services and the revision comparison all address values
this way; lists are addressed whole (their rows are edited as rows, not by index).
"""

from typing import Any


def read_path(document: Any, path: str) -> Any:
    """The value at `path`, or None when any step of it is missing."""
    for key in path.split("."):
        if not isinstance(document, dict):
            return None
        document = document.get(key)
    return document


def set_path(document: dict, path: str, value: Any) -> None:
    """Set `path` in a nested dict, creating the parents."""
    *parents, leaf = path.split(".")
    for key in parents:
        document = document.setdefault(key, {})
    document[leaf] = value


def remove_path(document: dict, path: str) -> None:
    """Remove `path`, and parents left empty by it (an empty object means nothing set)."""
    *parents, leaf = path.split(".")
    chain = [document]
    for key in parents:
        if not isinstance(chain[-1].get(key), dict):
            return
        chain.append(chain[-1][key])
    chain[-1].pop(leaf, None)
    for key, parent in zip(reversed(parents), reversed(chain[:-1]), strict=True):
        if parent[key] == {}:
            del parent[key]


def assemble(values: dict[str, Any], root: str) -> Any:
    """The nested value of `root` from leaf values keyed by full path; None if all are None."""
    result: dict[str, Any] = {}
    for path, value in values.items():
        if value is not None:
            set_path(result, path[len(root) + 1 :], value)
    return result or None
