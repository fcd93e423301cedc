"""Schemas people give are checked as schemas (meta-schema) and, for OpenAI's strict mode,
against its subset; both in words that point inside the schema."""

import pytest

from assistants.contract import validate_config
from assistants.contract.json_schemas import schema_problems, strict_problems
from assistants.dialects import build_request

BROKEN = {"type": "objekt", "properties": 5, "required": "answer"}
# What the builder writes for three fields: every object closed, every field required.
BUILT = {
    "type": "object",
    "properties": {
        "answer": {"type": "string", "description": "The answer"},
        "confidence": {"type": "string", "enum": ["low", "medium", "high"]},
        "sources": {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"title": {"type": "string"}},
                "required": ["title"],
                "additionalProperties": False,
            },
        },
    },
    "required": ["answer", "confidence", "sources"],
    "additionalProperties": False,
}


def answer_format(schema: dict, *, strict: bool | None = None) -> dict:
    json_schema = {"name": "answer", "schema": schema}
    if strict is not None:
        json_schema["strict"] = strict
    return {
        "name": "Schema check",
        "default_model_key": "gpt-4o",
        "text_config": {"output_mode": "json_schema", "json_schema": json_schema},
    }


def test_a_schema_that_is_not_a_schema_is_refused_with_every_problem_in_words():
    result = validate_config(answer_format(BROKEN))

    assert [e.path for e in result.errors] == ["text_config.json_schema.schema"]
    message = result.errors[0].message
    assert "“objekt” is not a type JSON Schema knows" in message
    assert "“properties” must name each property" in message
    assert "“required” must be a list of property names" in message


def test_a_nested_mistake_says_where_it_is():
    problems = schema_problems({"type": "object", "properties": {"a": {"type": "strin"}}})
    assert problems == [
        "“strin” is not a type JSON Schema knows (at properties → a → type). Use one of: "
        "string, number, integer, boolean, object, array, null."
    ]


def test_function_parameters_are_checked_against_the_meta_schema_too():
    tool = {
        "type": "function",
        "function": {"name": "f", "parameters": {"type": "object", "required": 1}},
    }
    result = validate_config({"name": "x", "tools": [tool]})
    assert [e.path for e in result.errors] == ["tools[0].function.parameters"]
    assert "“required” must be a list" in result.errors[0].message


@pytest.mark.parametrize("schema", [BUILT, {"type": "object"}, {"$defs": {}, "type": "object"}])
def test_valid_schemas_pass_the_meta_schema(schema):
    assert schema_problems(schema) == []


def test_the_builders_schemas_meet_openais_strict_rules():
    assert strict_problems(BUILT) == []


def test_strict_rules_name_each_object_and_keyword_that_breaks_them():
    schema = {
        "type": "object",
        "properties": {"a": {"type": "string", "maxLength": 5}, "b": {"type": "number"}},
        "required": ["a"],
    }
    problems = strict_problems(schema)
    assert any("additionalProperties: false at the top" in p for p in problems)
    assert any("“b” is not" in p for p in problems)
    assert any("“maxLength” at properties → a" in p for p in problems)


def test_openai_refuses_a_strict_schema_outside_its_subset_before_sending():
    config = answer_format({"type": "object", "properties": {"a": {"type": "string"}}}, strict=True)
    request = build_request("openai", config, organization_id="org", api_key="k")
    assert [(e.path, e.code, e.section) for e in request.errors] == [
        ("text_config.json_schema.schema", "strict_schema", "output")
    ]
    assert request.errors[0].message.startswith("OpenAI")


def test_without_strict_or_for_aitronos_the_strict_rules_do_not_apply():
    loose = {"type": "object", "properties": {"a": {"type": "string"}}}
    assert build_request("openai", answer_format(loose), organization_id="o", api_key="k").ok
    strict = answer_format(loose, strict=True)
    assert build_request("aitronos", strict, organization_id="o", api_key="k").ok


def test_strict_function_parameters_are_checked_for_openai():
    tool = {
        "type": "function",
        "function": {
            "name": "f",
            "strict": True,
            "parameters": {"type": "object", "properties": {"x": {"type": "string"}}},
        },
    }
    config = {"name": "x", "default_model_key": "gpt-4o", "tools": [tool]}
    request = build_request("openai", config, organization_id="o", api_key="k")
    assert [e.path for e in request.errors] == ["tools[0].function.parameters"]
