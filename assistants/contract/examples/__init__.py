"""Request bodies copied from the API documentation, as JSON files beside this module.

aitronos_* come from aitronos-create-assistant.md (the cURL variant is canonical; the
_python / _javascript / _sdk files are the other language tabs, kept to test import
normalisation); openai_* are the OpenAI Python SDK examples.
"""

import json
from functools import cache
from importlib import resources
from typing import Any

EXAMPLES = (
    "aitronos_minimal",
    "aitronos_with_tools",
    "aitronos_with_tools_javascript",
    "aitronos_with_tools_sdk",
    "aitronos_all_parameters",
    "aitronos_all_parameters_python",
    "aitronos_all_parameters_javascript",
    "aitronos_all_parameters_sdk",
    "openai_math_tutor",
    "openai_hr_helper",
)


@cache
def _text(name: str) -> str:
    if name not in EXAMPLES:
        raise KeyError(f"No example called {name!r}; choose one of {', '.join(EXAMPLES)}.")
    return resources.files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8")


def load_example(name: str) -> dict[str, Any]:
    """A fresh copy of the example body, safe to modify."""
    return json.loads(_text(name))
