"""OpenAPI: the draft configuration is the contract's JSON Schema, not a free-form object."""

import json

from assistants.contract import config_json_schema


def add_contract_schema(result: dict, generator, request, public) -> dict:
    """drf-spectacular postprocessing hook: AssistantConfig and its parts as components."""
    schema = config_json_schema()
    definitions = schema.pop("$defs", {})
    schema.pop("$schema", None)
    # JSON Schema's local refs become OpenAPI component refs.
    text = json.dumps({"AssistantConfig": schema, **definitions})
    text = text.replace('"#/$defs/', '"#/components/schemas/')
    components = result.setdefault("components", {}).setdefault("schemas", {})
    components.update(json.loads(text))
    return result
