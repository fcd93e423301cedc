"""The request examples of the Aitronos docs, and the import normalisations they need."""

import pytest

from assistants.contract import (
    EXAMPLES,
    config_to_document,
    import_config,
    load_example,
    normalize_import,
    validate_config,
)
from assistants.dialects import build_request

AITRONOS_EXAMPLES = [name for name in EXAMPLES if name.startswith("aitronos_")]
CANONICAL = ["aitronos_minimal", "aitronos_with_tools", "aitronos_all_parameters"]


def without_organization(body: dict) -> dict:
    return {key: value for key, value in body.items() if key != "organization_id"}


@pytest.mark.parametrize("name", AITRONOS_EXAMPLES)
def test_every_aitronos_example_imports_without_errors(name):
    result = import_config(load_example(name))

    assert result.errors == []
    assert result.config is not None


@pytest.mark.parametrize("name", CANONICAL)
def test_curl_examples_validate_with_only_organization_id_removed(name):
    assert validate_config(without_organization(load_example(name))).errors == []


def test_all_parameters_example_round_trips_to_the_same_aitronos_body():
    original = load_example("aitronos_all_parameters")
    config = import_config(original).config

    request = build_request(
        "aitronos",
        config_to_document(config),
        organization_id="org_abc123",
        api_key="key",
    )

    assert request.body == original


@pytest.mark.parametrize(
    "variant",
    ["aitronos_all_parameters_python", "aitronos_all_parameters_javascript"],
)
def test_language_variants_of_all_parameters_normalise_to_the_curl_body(variant):
    canonical = without_organization(load_example("aitronos_all_parameters"))

    assert normalize_import(load_example(variant)).data == canonical


def test_javascript_with_tools_variant_normalises_to_the_curl_body():
    result = normalize_import(load_example("aitronos_with_tools_javascript"))

    assert result.data == without_organization(load_example("aitronos_with_tools"))
    assert any("searchContextSize" in note for note in result.notes)


def test_python_sample_store_key_becomes_store_responses():
    result = normalize_import(load_example("aitronos_all_parameters_python"))

    assert result.data["store_responses"] is True
    assert "store" not in result.data
    assert "Renamed “store” to “store_responses”." in result.notes


def test_store_and_store_responses_with_different_values_is_an_import_error():
    result = import_config({"name": "A", "store": False, "store_responses": True})

    assert [error.path for error in result.errors] == ["store_responses"]
    assert result.config is None


def test_store_and_store_responses_with_the_same_value_keeps_one():
    result = normalize_import({"name": "A", "store": True, "store_responses": True})

    assert result.data == {"name": "A", "store_responses": True}


def test_truncation_auto_becomes_true_and_disabled_becomes_false():
    assert normalize_import({"truncation": "auto"}).data == {"truncation": True}
    assert normalize_import({"truncation": "disabled"}).data == {"truncation": False}


def test_javascript_camel_case_keys_become_snake_case_with_a_note_each():
    result = normalize_import(load_example("aitronos_all_parameters_javascript"))
    renamed = {
        note.split("“")[1].split("”")[0] for note in result.notes if note.startswith("Renamed")
    }

    assert renamed == {
        "searchContextSize",
        "webSearch",
        "codeInterpreter",
        "fileSearch",
        "serverLabel",
        "connectorId",
        "allowedTools",
        "requireApproval",
        "serverDescription",
        "outputMode",
        "jsonSchema",
    }


def test_camel_case_keys_inside_free_form_values_are_left_alone():
    body = {
        "name": "A",
        "metadata": {"costCentre": "42"},
        "tool_configurations": {
            "mcp_tools": [
                {
                    "serverLabel": "x",
                    "type": "mcp",
                    "serverUrl": "https://mcp.example.com",
                    "headers": {"X-Api-Version": "2"},
                }
            ]
        },
        "text_config": {
            "outputMode": "json_schema",
            "jsonSchema": {"id": "s", "schema": {"properties": {"firstName": {}}}},
        },
    }

    data = normalize_import(body).data

    assert data["metadata"] == {"costCentre": "42"}
    assert data["tool_configurations"]["mcp_tools"][0]["headers"] == {"X-Api-Version": "2"}
    assert data["tool_configurations"]["mcp_tools"][0]["server_url"] == "https://mcp.example.com"
    assert data["text_config"]["json_schema"]["schema"] == {"properties": {"firstName": {}}}


def test_camel_and_snake_case_of_one_key_with_different_values_is_an_import_error():
    result = normalize_import(
        {
            "tools": [
                {"type": "web_search", "searchContextSize": "low", "search_context_size": "high"}
            ]
        }
    )

    assert [error.path for error in result.errors] == ["tools[0].search_context_size"]


def test_organization_id_is_ignored_on_import_and_listed():
    result = normalize_import(load_example("aitronos_minimal"))

    assert result.data == {"name": "My Assistant"}
    assert result.ignored == ["organization_id"]


def test_organization_id_is_rejected_in_a_stored_draft():
    result = validate_config({"name": "A", "organization_id": "org_1"})

    assert [error.path for error in result.errors] == ["organization_id"]


def test_importing_something_that_is_not_an_object_is_an_error():
    result = import_config(["not", "an", "object"])  # type: ignore[arg-type]

    assert not result.ok
