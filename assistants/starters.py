"""The built-in gallery: assistants to start from, made of the API documentation's examples."""

import copy
from dataclasses import dataclass
from functools import cache

from assistants.contract import field_specs, load_example
from assistants.contract.paths import read_path, remove_path
from assistants.importing import import_body

# Pickers whose values name things of one organisation (knowledge stores, people, flows…):
# an example's `vs_123` would be sent as is, so starters leave them for people to pick.
# Models and providers are public names, valid anywhere.
_SHARED_PICKERS = {"models", "providers"}


@dataclass(frozen=True)
class Starter:
    key: str
    title: str
    summary: str
    config: dict


SUPPORT_WITH_MCP = {
    "name": "Customer Support",
    "description": "Answers customer questions from your help centre and shared drive.",
    "instructions": "You are a friendly support agent. Answer from the documents you can "
    "reach; when you are not sure, say so and offer to pass the question to a person.",
    "tool_configurations": {
        "system_tools": {"file_search": {"mode": "auto", "results": True}},
        # The MCP server of the documentation's "All Parameters" example.
        "mcp_tools": [
            load_example("aitronos_all_parameters")["tool_configurations"]["mcp_tools"][0]
        ],
    },
}

_SOURCES = [
    (
        "research",
        "Research assistant",
        "Searches the web and runs code to analyse what it finds.",
        "aitronos_with_tools",
    ),
    (
        "hr-helper",
        "HR helper",
        "Answers employee questions from your policy documents.",
        "openai_hr_helper",
    ),
    (
        "math-tutor",
        "Math tutor",
        "Explains maths step by step and checks answers with code.",
        "openai_math_tutor",
    ),
]


def without_placeholder_ids(config: dict) -> dict:
    """The configuration without identifiers that only mean something in one organisation."""
    cleaned = copy.deepcopy(config)
    for spec in field_specs():
        shared = not spec.picker or spec.picker in _SHARED_PICKERS
        if not shared and read_path(cleaned, spec.name) is not None:
            remove_path(cleaned, spec.name)
    return cleaned


def _starter_config(body: dict) -> dict:
    return without_placeholder_ids(import_body(body).config)


@cache
def starters() -> dict[str, Starter]:
    """Each starter goes through the same import as a pasted body, so it is valid by
    construction (a test checks every one)."""
    gallery = {}
    for key, title, summary, example in _SOURCES:
        gallery[key] = Starter(key, title, summary, _starter_config(load_example(example)))
    support = _starter_config(SUPPORT_WITH_MCP)
    gallery["support-mcp"] = Starter(
        "support-mcp",
        "Customer support with tools",
        "Answers from your help centre, with tools on a connected drive (MCP).",
        support,
    )
    return gallery
