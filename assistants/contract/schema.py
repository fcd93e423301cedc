"""The JSON Schema of a stored draft, for API docs and client-side checks."""

from typing import Any

from assistants.contract.models import AssistantConfig

DIALECT = "https://json-schema.org/draft/2020-12/schema"


def config_json_schema() -> dict[str, Any]:
    """JSON Schema (draft 2020-12) with the catalogue's labels as titles and help as
    descriptions; editor hints appear as `x-` keywords, which validators ignore."""
    schema = AssistantConfig.model_json_schema(mode="validation")
    return {"$schema": DIALECT, **schema}
