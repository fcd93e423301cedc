"""Request bodies of OpenAI Assistants v2 and of OpenAI-compatible v1 servers.

Used to check what the openai dialects produce, and by the sandbox server to check what it
receives. Every limit the two documents state is declared here, once.
"""

from typing import Annotated, Any, Literal

from annotated_types import MaxLen
from pydantic import Field, ValidationError

from assistants.contract.errors import FieldError, errors_from_validation
from assistants.contract.models.tool_entries import FunctionDefinition
from assistants.contract.spec import ContractModel, schema_field_allowed, spec

MAX_TOOLS = 128
MAX_FILE_IDS = 20
MAX_METADATA_PAIRS = 16
ReasoningEffort = Literal["none", "minimal", "low", "medium", "high", "xhigh"]

Metadata = dict[Annotated[str, MaxLen(64)], Annotated[str, MaxLen(512)]]


def _metadata() -> Any:
    return spec(
        None,
        label="Metadata",
        help="Up to 16 pairs; keys up to 64 characters, values up to 512.",
        max_length=MAX_METADATA_PAIRS,
    )


def _name() -> Any:
    return spec(None, label="Name", help="Up to 256 characters.", max_length=256)


def _description() -> Any:
    return spec(None, label="Description", help="Up to 512 characters.", max_length=512)


def _model() -> Any:
    return spec(label="Model", help="The model the assistant uses.", min_length=1)


class CodeInterpreter(ContractModel):
    type: Literal["code_interpreter"]


class FileSearch(ContractModel):
    type: Literal["file_search"]


class Retrieval(ContractModel):
    type: Literal["retrieval"]


class Function(ContractModel):
    type: Literal["function"]
    function: FunctionDefinition  # same rules as the Aitronos tools array (name ≤ 64, …)


class FunctionDefinitionV1(ContractModel):
    # v1 predates strict structured outputs.
    name: str = spec(label="Function name", help="The function's name.", min_length=1)
    description: str | None = None
    parameters: dict[str, Any] | None = None


class FunctionV1(ContractModel):
    type: Literal["function"]
    function: FunctionDefinitionV1


class CodeInterpreterResources(ContractModel):
    file_ids: list[str] | None = spec(
        None,
        label="Code interpreter files",
        help="Up to 20 file ids.",
        max_length=MAX_FILE_IDS,
    )


class FileSearchResources(ContractModel):
    vector_store_ids: list[str] | None = spec(
        None, label="Vector stores", help="The vector stores file search looks in."
    )


class ToolResources(ContractModel):
    code_interpreter: CodeInterpreterResources | None = None
    file_search: FileSearchResources | None = None


class TextFormat(ContractModel):
    type: Literal["text"]


class JsonObjectFormat(ContractModel):
    type: Literal["json_object"]


with schema_field_allowed():

    class JsonSchemaSpec(ContractModel):
        name: str = spec(
            label="Schema name",
            help="Letters, digits, _ and -, up to 64 characters.",
            pattern=r"^[A-Za-z0-9_-]{1,64}$",
        )
        description: str | None = None
        schema: dict[str, Any] | None = None
        strict: bool | None = None


class JsonSchemaResponseFormat(ContractModel):
    type: Literal["json_schema"]
    json_schema: JsonSchemaSpec


ResponseFormat = (
    Literal["auto"]
    | Annotated[
        TextFormat | JsonObjectFormat | JsonSchemaResponseFormat,
        Field(discriminator="type"),
    ]
)


class OpenAICreateAssistant(ContractModel):
    """POST /v1/assistants body of OpenAI Assistants v2."""

    model: str = _model()
    name: str | None = _name()
    description: str | None = _description()
    instructions: str | None = spec(
        None, label="Instructions", help="Up to 256,000 characters.", max_length=256_000
    )
    tools: (
        list[Annotated[CodeInterpreter | FileSearch | Function, Field(discriminator="type")]] | None
    ) = spec(None, label="Tools", help="Up to 128 tools.", max_length=MAX_TOOLS)
    tool_resources: ToolResources | None = None
    metadata: Metadata | None = _metadata()
    temperature: float | None = spec(None, label="Temperature", help="0 to 2.", ge=0, le=2)
    top_p: float | None = spec(None, label="Top P", help="0 to 1.", ge=0, le=1)
    response_format: ResponseFormat | None = spec(
        None, label="Response format", help="auto, text, json_object or json_schema."
    )
    reasoning_effort: ReasoningEffort | None = spec(
        None, label="Reasoning effort", help="none, minimal, low, medium, high or xhigh."
    )


class OpenAIV1CreateAssistant(ContractModel):
    """POST /v1/assistants body of an OpenAI-compatible v1 server."""

    model: str = _model()
    name: str | None = _name()
    description: str | None = _description()
    instructions: str | None = spec(
        None, label="Instructions", help="Up to 32,768 characters.", max_length=32_768
    )
    tools: (
        list[Annotated[CodeInterpreter | Retrieval | FunctionV1, Field(discriminator="type")]]
        | None
    ) = spec(None, label="Tools", help="Up to 128 tools.", max_length=MAX_TOOLS)
    file_ids: list[str] | None = spec(
        None, label="Files", help="Up to 20 file ids.", max_length=MAX_FILE_IDS
    )
    metadata: Metadata | None = _metadata()


BODY_MODELS = {"v2": OpenAICreateAssistant, "v1": OpenAIV1CreateAssistant}


def validate_openai_body(body: dict[str, Any], version: Literal["v2", "v1"]) -> list[FieldError]:
    """Errors in an OpenAI request body, with paths in the body's own terms."""
    model = BODY_MODELS[version]
    try:
        model.model_validate(body)
    except ValidationError as exc:
        return errors_from_validation(model, exc)
    return []
