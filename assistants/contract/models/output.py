"""Section "Output format": plain text, JSON, or JSON that follows a schema."""

from typing import Annotated, Any, Literal

from pydantic import AfterValidator, ValidationInfo, field_validator

from assistants.contract.json_schemas import checked_schema
from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, contract_error, schema_field_allowed, spec

with schema_field_allowed():

    class JsonSchemaFormat(ContractModel):
        # Shape invented from the "All Parameters" example (id, strict, schema) plus the
        # OpenAI fields (name, description) so either style of body can be stored.
        id: str | None = spec(
            None,
            label="Schema ID",
            help="An identifier for the schema, e.g. research_response_v1. Aitronos reads it; "
            "OpenAI uses the name instead.",
            level="advanced",
        )
        name: str | None = spec(
            None,
            label="Schema name",
            help="A short name for the schema (letters, digits, _ and -).",
        )
        description: str | None = spec(
            None,
            label="What the format is for",
            help="Helps the assistant understand when and how to use the format.",
            widget="textarea",
            level="advanced",
        )
        strict: bool | None = spec(
            None,
            label="Follow exactly",
            help="Make the assistant follow the schema exactly.",
        )
        schema: Annotated[dict[str, Any], AfterValidator(checked_schema)] = spec(
            label="Answer fields",
            help="The fields every answer has: add a row per field. Developers can edit the "
            "JSON Schema directly.",
            widget="json_schema",
        )


class TextConfig(ContractModel):
    output_mode: Literal["text", "json_object", "json_schema"] = spec(
        label="Answer format",
        help="Plain text, any JSON, or JSON that follows your schema.",
        choice_labels={
            "text": "Plain text",
            "json_object": "JSON",
            "json_schema": "JSON following a schema",
        },
    )
    # Declared after output_mode on purpose: its check reads the validated output_mode.
    json_schema: JsonSchemaFormat | None = spec(
        None,
        label="Schema",
        help="Required when the answer format is JSON following a schema.",
        validate_default=True,
    )

    @field_validator("json_schema")
    @classmethod
    def _schema_when_needed(
        cls, value: JsonSchemaFormat | None, info: ValidationInfo
    ) -> JsonSchemaFormat | None:
        if info.data.get("output_mode") == "json_schema" and value is None:
            raise contract_error(
                "json_schema_missing",
                "Add the JSON schema the answers must follow.",
            )
        return value


class OutputFields(ContractModel):
    text_config: TextConfig | None = spec(
        None,
        section=Section.OUTPUT,
        label="Answer format",
        help="How answers are shaped: text for people to read, or JSON for a program that "
        "reads them.",
        kind="text_config",
    )
    output_mode: Literal["text", "json"] | None = spec(
        None,
        section=Section.OUTPUT,
        level="advanced",
        label="Output mode (simple)",
        help="Text or JSON. The answer format above offers more control.",
        choice_labels={"text": "Text", "json": "JSON"},
    )
    response_format: dict[str, Any] | None = spec(
        None,
        section=Section.OUTPUT,
        level="advanced",
        label="Response format (JSON)",
        help="A structured response format, written as JSON. For developers.",
        widget="json",
    )
    json_schemas: list[Annotated[dict[str, Any], AfterValidator(checked_schema)]] | None = spec(
        None,
        section=Section.OUTPUT,
        level="advanced",
        label="Extra JSON schemas",
        help="JSON schemas used to check structured answers. For developers.",
        widget="json",
    )
    streaming: bool = spec(
        True,
        section=Section.OUTPUT,
        level="advanced",
        label="Stream answers",
        help="Show answers word by word as they are written. On if you leave it empty.",
    )
    store_responses: bool = spec(
        True,
        section=Section.OUTPUT,
        level="advanced",
        label="Keep answers",
        help="Store answers so they can be fetched again later through the API. On if you "
        "leave it empty.",
    )
