"""config_json_schema(): a valid draft 2020-12 schema that carries the catalogue's limits."""

import jsonschema

from assistants.contract import config_json_schema, load_example


def test_config_json_schema_is_a_valid_draft_2020_12_schema():
    schema = config_json_schema()

    jsonschema.Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"


def test_config_json_schema_carries_limits_labels_and_help():
    temperature = config_json_schema()["properties"]["temperature"]

    assert (temperature["minimum"], temperature["maximum"]) == (0, 2)
    assert temperature["title"] == "Creativity (temperature)"
    assert temperature["description"].startswith("Lower values")
    assert temperature["x-section"] == "generation"


def test_config_json_schema_forbids_unknown_keys_and_requires_name():
    schema = config_json_schema()

    assert schema["additionalProperties"] is False
    assert schema["required"] == ["name"]


def test_the_all_parameters_example_matches_the_json_schema():
    body = load_example("aitronos_all_parameters")
    del body["organization_id"]

    jsonschema.Draft202012Validator(config_json_schema()).validate(body)


def test_the_json_schema_rejects_a_temperature_above_2():
    validator = jsonschema.Draft202012Validator(config_json_schema())

    assert not validator.is_valid({"name": "A", "temperature": 2.5})
