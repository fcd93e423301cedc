"""The `tools` array the request examples send (absent from the reference table).

It follows the OpenAI tool shape, discriminated by `type`.
"""

import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, Field

from assistants.contract.json_schemas import checked_schema
from assistants.contract.spec import ContractModel, contract_error, spec

# "large" is what the Aitronos examples send; low/medium/high is OpenAI's vocabulary, which
# the same API family accepts. We take both rather than reject either set of examples.
SEARCH_CONTEXT_SIZES = ("low", "medium", "high", "large")

_FUNCTION_NAME = re.compile(r"^[A-Za-z0-9_-]{1,64}$")


def _check_function_name(name: str) -> str:
    if not _FUNCTION_NAME.match(name):
        raise contract_error(
            "function_name",
            "Function name may use only letters, digits, _ and -, up to 64 characters.",
        )
    return name


def _check_parameters(schema: dict[str, Any]) -> dict[str, Any]:
    # Function parameters are always an object of named arguments.
    if schema.get("type", "object") != "object":
        raise contract_error(
            "function_parameters",
            'Function parameters must be a JSON Schema with "type": "object".',
        )
    return checked_schema(schema)


class FunctionDefinition(ContractModel):
    name: Annotated[str, AfterValidator(_check_function_name)] = spec(
        label="Function name",
        help="The name the assistant uses to call your function, e.g. get_weather.",
    )
    description: str | None = spec(
        None,
        label="What it does",
        help="Explain when the assistant should call this function.",
        widget="textarea",
    )
    parameters: Annotated[dict[str, Any], AfterValidator(_check_parameters)] | None = spec(
        None,
        label="Parameters",
        help="The arguments the function takes: add a row per argument. Developers can edit "
        "the JSON Schema directly.",
        widget="json_schema",
    )
    strict: bool | None = spec(
        None,
        label="Strict arguments",
        help="Make the assistant follow the parameter schema exactly.",
    )


class WebSearchTool(ContractModel):
    type: Literal["web_search"] = spec(label="Type", help="Web search.")
    search_context_size: Literal["low", "medium", "high", "large"] | None = spec(
        None,
        label="How much to read",
        help="How much of the found pages the assistant reads: more gives better answers "
        "but is slower.",
        choice_labels={"low": "Low", "medium": "Medium", "high": "High", "large": "Large"},
    )


class CodeInterpreterTool(ContractModel):
    type: Literal["code_interpreter"] = spec(label="Type", help="Code interpreter.")


class FileSearchTool(ContractModel):
    type: Literal["file_search"] = spec(label="Type", help="File search.")


class FunctionTool(ContractModel):
    type: Literal["function"] = spec(label="Type", help="A function your systems provide.")
    function: FunctionDefinition = spec(
        label="Function",
        help="The function's name, description and parameters.",
    )


Tool = Annotated[
    WebSearchTool | CodeInterpreterTool | FileSearchTool | FunctionTool,
    Field(discriminator="type"),
]
TOOL_TYPES = ("web_search", "code_interpreter", "file_search", "function")
