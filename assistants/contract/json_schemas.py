"""JSON Schemas people give (answer formats, function parameters), checked as schemas.

Two checks, both worded for people and pointing inside the schema ("at properties →
answer → type"):

- `schema_problems`: the schema against its meta-schema (draft 2020-12 unless the schema
  names another with `$schema`), with the `jsonschema` library. A contract rule: a schema
  that is not a schema is never stored.
- `strict_problems`: OpenAI's Structured Outputs subset, which only applies when the target
  is an OpenAI-shaped API and `strict` is on (the Aitronos documentation's own strict example
  leaves optional properties out of `required`, so Aitronos evidently accepts more). The rules
  come from OpenAI's Structured Outputs guide ("Supported schemas"), which is not among the
  API references in this repository; the openai SDK's `to_strict_json_schema` applies the
  same two object rules (additionalProperties false, every property required).
"""

from collections.abc import Iterator
from typing import Any

from jsonschema import Draft202012Validator
from jsonschema.exceptions import ValidationError
from jsonschema.validators import validator_for

TYPES = ("string", "number", "integer", "boolean", "object", "array", "null")

# Keywords OpenAI's strict mode refuses (its guide lists them as not supported).
STRICT_UNSUPPORTED = {
    "allOf": "combining schemas with allOf",
    "not": "“not”",
    "if": "if/then/else",
    "then": "if/then/else",
    "else": "if/then/else",
    "dependentRequired": "dependentRequired",
    "dependentSchemas": "dependentSchemas",
    "patternProperties": "patternProperties",
    "unevaluatedProperties": "unevaluatedProperties",
    "unevaluatedItems": "unevaluatedItems",
    "propertyNames": "propertyNames",
    "minProperties": "a minimum number of properties",
    "maxProperties": "a maximum number of properties",
    "contains": "contains",
    "minContains": "minContains",
    "maxContains": "maxContains",
    "uniqueItems": "unique items",
    "minLength": "a minimum text length",
    "maxLength": "a maximum text length",
}
STRICT_MAX_DEPTH = 10  # levels of nested objects OpenAI accepts in strict mode


def where(path: list[Any] | tuple[Any, ...]) -> str:
    """A path inside a schema, for people: "properties → answer → type"."""
    return " → ".join(str(part) for part in path) or "the top"


def _worded(error: ValidationError) -> str:
    path = list(error.absolute_path)
    keyword = str(path[-1]) if path else ""
    value = error.instance
    if keyword == "type" and isinstance(value, str | list):
        shown = value if isinstance(value, str) else ", ".join(map(str, value))
        return (
            f"“{shown}” is not a type JSON Schema knows (at {where(path)}). "
            f"Use one of: {', '.join(TYPES)}."
        )
    if keyword == "properties" or (len(path) >= 2 and path[-2] == "properties"):
        if keyword == "properties":
            return (
                f"“properties” must name each property with its own schema, e.g. "
                f'{{"answer": {{"type": "string"}}}} (at {where(path)}).'
            )
        return (
            f"The property “{keyword}” must be described by a schema, e.g. "
            f'{{"type": "string"}} (at {where(path)}).'
        )
    if keyword == "required":
        return f'“required” must be a list of property names, e.g. ["answer"] (at {where(path)}).'
    if keyword == "enum":
        return f"Allowed values (“enum”) must be a list (at {where(path)})."
    if keyword in ("items", "additionalProperties"):
        return f"“{keyword}” must be a schema or true/false (at {where(path)})."
    return f"This is not a valid JSON Schema at {where(path)}: {error.message}."


def _deepest(errors: Iterator[ValidationError]) -> list[ValidationError]:
    """One error per place, the most telling: anyOf/oneOf failures are explained by their
    branches, whose own paths are deeper or the same."""
    found: dict[tuple, ValidationError] = {}
    for error in errors:
        key = tuple(error.absolute_path)
        if key not in found or len(error.schema_path) > len(found[key].schema_path):
            found[key] = error
    return [found[key] for key in sorted(found, key=lambda k: [str(p) for p in k])]


def schema_problems(schema: Any) -> list[str]:
    """What makes `schema` not a JSON Schema, one message per place (empty: it is one)."""
    if not isinstance(schema, dict):
        return ["A JSON Schema must be a set of named values, in { }."]
    cls = validator_for(schema, default=Draft202012Validator)
    meta = cls(cls.META_SCHEMA)
    return [_worded(error) for error in _deepest(meta.iter_errors(schema))]


def checked_schema(schema: dict[str, Any]) -> dict[str, Any]:
    """A pydantic after-validator: the schema, or a contract error listing every problem."""
    # Imported here: spec imports pydantic only, and this module stays usable without it.
    from assistants.contract.spec import contract_error

    problems = schema_problems(schema)
    if problems:
        raise contract_error("json_schema_invalid", " ".join(problems))
    return schema


def _subschemas(node: dict[str, Any], path: list[Any]) -> Iterator[tuple[dict, list[Any]]]:
    for key in ("properties", "$defs", "definitions"):
        for name, child in (node.get(key) or {}).items():
            if isinstance(child, dict):
                yield child, [*path, key, name]
    for key in ("items", "additionalProperties"):
        if isinstance(node.get(key), dict):
            yield node[key], [*path, key]
    for key in ("anyOf", "prefixItems"):
        for index, child in enumerate(node.get(key) or []):
            if isinstance(child, dict):
                yield child, [*path, key, index]


def _is_object(node: dict[str, Any]) -> bool:
    kind = node.get("type")
    return kind == "object" or (isinstance(kind, list) and "object" in kind) or "properties" in node


def strict_problems(schema: Any, *, what: str = "The schema") -> list[str]:
    """Where `schema` leaves OpenAI's strict-mode subset (call it on a valid schema)."""
    if not isinstance(schema, dict):
        return []
    problems: list[str] = []
    if schema.get("type") != "object" or "anyOf" in schema:
        problems.append(f"{what} must describe an object at the top (“type”: “object”).")

    def visit(node: dict[str, Any], path: list[Any], depth: int) -> None:
        for keyword in sorted(set(node) & set(STRICT_UNSUPPORTED)):
            problems.append(
                f"Strict mode does not support {STRICT_UNSUPPORTED[keyword]} "
                f"(“{keyword}” at {where(path)}): remove it or turn strict mode off."
            )
        if _is_object(node):
            depth += 1
            if depth > STRICT_MAX_DEPTH:
                problems.append(
                    f"Strict mode allows at most {STRICT_MAX_DEPTH} levels of nested objects "
                    f"(at {where(path)})."
                )
                return
            if node.get("additionalProperties") is not False:
                problems.append(
                    f"Strict mode needs “no other properties” on every object "
                    f"(additionalProperties: false at {where(path)})."
                )
            required = set(node.get("required") or [])
            missing = [name for name in node.get("properties") or {} if name not in required]
            if missing:
                names = ", ".join(f"“{name}”" for name in missing)
                problems.append(
                    f"Strict mode needs every property to be required; {names} "
                    f"{'is' if len(missing) == 1 else 'are'} not (at {where(path)}). "
                    "To make one optional, allow null as its type instead."
                )
        for child, child_path in _subschemas(node, path):
            visit(child, child_path, depth)

    visit(schema, [], 0)
    return problems
