"""The built-in gallery: assistants to start from, made of the API documentation's examples."""

from dataclasses import dataclass
from functools import cache

from assistants.contract import load_example
from assistants.importing import import_body


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


@cache
def starters() -> dict[str, Starter]:
    """Each starter goes through the same import as a pasted body, so it is valid by
    construction (a test checks every one)."""
    gallery = {}
    for key, title, summary, example in _SOURCES:
        gallery[key] = Starter(key, title, summary, import_body(load_example(example)).config)
    support = import_body(SUPPORT_WITH_MCP).config
    gallery["support-mcp"] = Starter(
        "support-mcp",
        "Customer support with tools",
        "Answers from your help centre, with tools on a connected drive (MCP).",
        support,
    )
    return gallery
