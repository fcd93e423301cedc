"""The three dialects: exact bodies, what each cannot express, limits, and masking."""

import pytest

from assistants.contract import (
    config_to_document,
    example_document,
    load_example,
    validate_config,
)
from assistants.dialects import (
    DIALECTS,
    build_request,
    detect_shape,
    from_openai,
    mask_request,
    validate_aitronos_body,
    validate_openai_body,
)

API_KEY = "sk-test-abcdefgh12345678"


def build(dialect: str, config: dict, organization_id: str = "org_abc123"):
    return build_request(dialect, config, organization_id=organization_id, api_key=API_KEY)


def all_parameters() -> dict:
    return example_document("aitronos_all_parameters")


def openai_config(**extra) -> dict:
    return {"name": "A", "default_model_key": "gpt-4o", **extra}


def paths(items) -> set[str]:
    return {item.path for item in items}


def test_dialect_choices_are_ordered_with_labels():
    assert DIALECTS == [
        ("aitronos", "Aitronos (Freddy) API"),
        ("openai", "OpenAI Assistants v2 (compatible servers)"),
        ("openai_v1", "OpenAI-compatible v1 server"),
    ]


# --- Aitronos ----------------------------------------------------------------------------


def test_aitronos_request_adds_organization_id_and_api_key_header():
    request = build("aitronos", {"name": "A"})

    assert (request.method, request.path) == ("POST", "/v1/assistants")
    assert request.headers == {"X-API-Key": API_KEY, "Content-Type": "application/json"}
    assert request.body == {"name": "A", "organization_id": "org_abc123"}
    assert request.unsupported == []
    assert request.ok


def test_aitronos_request_without_organization_id_is_an_error():
    request = build("aitronos", {"name": "A"}, organization_id="")

    assert paths(request.errors) == {"organization_id"}


def test_validate_aitronos_body_accepts_the_documented_example():
    assert validate_aitronos_body(load_example("aitronos_all_parameters")) == []


def test_validate_aitronos_body_requires_organization_id_and_a_valid_rest():
    errors = validate_aitronos_body({"name": "A", "temperature": 9})

    assert paths(errors) == {"organization_id", "temperature"}


def test_validate_aitronos_body_takes_no_normalisations():
    errors = validate_aitronos_body(load_example("aitronos_all_parameters_python"))

    assert paths(errors) == {"store"}


# --- OpenAI v2 ---------------------------------------------------------------------------


@pytest.mark.parametrize("name", ["openai_math_tutor", "openai_hr_helper"])
def test_openai_examples_round_trip_through_the_stored_shape(name):
    original = load_example(name)
    imported = from_openai(original)
    config = validate_config(imported.data)

    request = build("openai", config_to_document(config.config))

    assert imported.errors == [] and config.errors == []
    assert request.body == original
    assert request.unsupported == [] and request.errors == []


def test_openai_request_has_bearer_and_beta_headers():
    request = build("openai", openai_config())

    assert request.headers == {
        "Authorization": f"Bearer {API_KEY}",
        "Content-Type": "application/json",
        "OpenAI-Beta": "assistants=v2",
    }


def test_openai_lists_exactly_what_all_parameters_cannot_express():
    request = build("openai", all_parameters())

    # The Aitronos example's "strict" schema leaves "confidence" optional and allows other
    # properties: OpenAI's strict mode refuses both, and the pre-check says so.
    assert [(e.path, e.code) for e in request.errors] == [
        ("text_config.json_schema.schema", "strict_schema")
    ]
    assert "“confidence” is not" in request.errors[0].message
    assert paths(request.unsupported) == {
        "allowed_model_providers",
        "avatar_id",
        "access_mode",
        "tools[0]",
        "tool_configurations.system_tools.web_search",
        "tool_configurations.system_tools.code_interpreter.outputs",
        "tool_configurations.system_tools.file_search.results",
        "tool_configurations.system_tools.image_generation",
        "tool_configurations.system_tools.file_retrieval",
        "tool_configurations.mcp_tools[0]",
        "tool_configurations.streamline_tools",
        "system_message",
        "context_strategy",
        "max_tool_calls",
        "parallel_tool_calls",
        "max_completion_tokens",
        "reasoning.summary",
        "service_tier",
        "store_responses",
        "top_logprobs",
        "truncation",
    }


def test_openai_body_for_all_parameters_maps_tools_stores_reasoning_and_schema():
    body = build("openai", all_parameters()).body

    assert body["model"] == "ftg-3.0"
    assert [tool["type"] for tool in body["tools"]] == [
        "code_interpreter",
        "function",
        "file_search",
    ]
    assert body["tool_resources"] == {
        "file_search": {"vector_store_ids": ["vs_abc123", "vs_def456"]}
    }
    assert body["reasoning_effort"] == "high"
    assert body["response_format"]["type"] == "json_schema"
    assert body["response_format"]["json_schema"]["name"] == "research_response_v1"
    assert validate_openai_body(body, "v2") == []


def test_openai_without_a_model_is_an_error_on_default_model_key():
    request = build("openai", {"name": "A"})

    [error] = request.errors
    assert error.path == "default_model_key"
    assert "model" in error.message


@pytest.mark.parametrize(
    ("config", "expected_path"),
    [
        (openai_config(description="d" * 513), "description"),
        (openai_config(name="n" * 257), "name"),
        (openai_config(metadata={f"k{i}": "v" for i in range(17)}), "metadata"),
        (openai_config(metadata={"k" * 65: "v"}), f"metadata.{'k' * 65}"),
        (openai_config(metadata={"k": "v" * 513}), "metadata.k"),
        (openai_config(instructions="i" * 256_001), "instructions"),
        (
            openai_config(
                tools=[{"type": "function", "function": {"name": f"f{i}"}} for i in range(129)]
            ),
            "tools",
        ),
        (
            openai_config(
                text_config={"output_mode": "json_schema", "json_schema": {"schema": {}}}
            ),
            "text_config.json_schema.name",
        ),
    ],
    ids=[
        "description 513",
        "name 257",
        "17 metadata pairs",
        "metadata key 65",
        "metadata value 513",
        "instructions 256,001",
        "129 tools",
        "schema without a name",
    ],
)
def test_openai_limits_are_errors_on_the_configuration_path(config, expected_path):
    request = build("openai", config)

    assert expected_path in paths(request.errors)


@pytest.mark.parametrize(
    ("effort", "sent", "lossy"),
    [
        ("off", "none", False),
        ("none", "none", False),
        ("minimal", "minimal", False),
        ("high", "high", False),
        ("standard", "medium", True),
        ("extended", "high", True),
        ("maximum", "xhigh", True),
    ],
)
def test_openai_reasoning_effort_mapping_reports_lossy_levels(effort, sent, lossy):
    request = build("openai", openai_config(reasoning={"effort": effort}))

    assert request.body["reasoning_effort"] == sent
    assert ("reasoning.effort" in paths(request.unsupported)) is lossy


@pytest.mark.parametrize(
    ("config", "response_format"),
    [
        ({"output_mode": "json"}, {"type": "json_object"}),
        ({"text_config": {"output_mode": "json_object"}}, {"type": "json_object"}),
        ({"text_config": {"output_mode": "text"}}, {"type": "text"}),
        ({"response_format": {"type": "json_object"}}, {"type": "json_object"}),
    ],
)
def test_openai_response_format_comes_from_the_output_settings(config, response_format):
    assert build("openai", openai_config(**config)).body["response_format"] == response_format


def test_openai_text_config_wins_over_output_mode_which_is_reported():
    config = openai_config(output_mode="json", text_config={"output_mode": "text"})

    request = build("openai", config)

    assert request.body["response_format"] == {"type": "text"}
    assert paths(request.unsupported) == {"output_mode"}


def test_openai_tool_switched_off_is_neither_sent_nor_reported():
    system = {"code_interpreter": {"mode": "off"}, "web_search": {"mode": "off"}}
    request = build("openai", openai_config(tool_configurations={"system_tools": system}))

    assert "tools" not in request.body
    assert request.unsupported == []


# --- OpenAI-compatible v1 ----------------------------------------------------------------


def test_openai_v1_request_has_bearer_and_no_beta_header():
    request = build("openai_v1", openai_config())

    assert request.headers == {
        "Authorization": f"Bearer {API_KEY}",
        "Content-Type": "application/json",
    }


def test_openai_v1_lists_exactly_what_all_parameters_cannot_express():
    request = build("openai_v1", all_parameters())

    assert request.errors == []
    assert paths(request.unsupported) == {
        "allowed_model_providers",
        "avatar_id",
        "access_mode",
        "tools[0]",
        "tool_configurations.system_tools.web_search",
        "tool_configurations.system_tools.code_interpreter.outputs",
        "tool_configurations.system_tools.file_search.results",
        "tool_configurations.system_tools.image_generation",
        "tool_configurations.system_tools.file_retrieval",
        "tool_configurations.mcp_tools[0]",
        "tool_configurations.streamline_tools",
        "system_message",
        "vector_store_ids",
        "context_strategy",
        "max_tool_calls",
        "parallel_tool_calls",
        "max_completion_tokens",
        "reasoning",
        "temperature",
        "top_p",
        "text_config",
        "service_tier",
        "store_responses",
        "top_logprobs",
        "truncation",
    }


def test_openai_v1_sends_file_search_as_retrieval_and_never_file_ids():
    body = build("openai_v1", all_parameters()).body

    assert [tool["type"] for tool in body["tools"]] == ["code_interpreter", "function", "retrieval"]
    assert "file_ids" not in body
    assert validate_openai_body(body, "v1") == []


def test_openai_v1_drops_function_strict_and_reports_it():
    tool = {"type": "function", "function": {"name": "f", "strict": True}}

    request = build("openai_v1", openai_config(tools=[tool]))

    assert request.body["tools"] == [{"type": "function", "function": {"name": "f"}}]
    assert paths(request.unsupported) == {"tools[0].function.strict"}


def test_openai_v1_instructions_over_32768_characters_are_an_error_but_fine_for_v2():
    config = openai_config(instructions="i" * 32_769)

    assert paths(build("openai_v1", config).errors) == {"instructions"}
    assert build("openai", config).errors == []


@pytest.mark.parametrize(
    ("version", "body", "expected_path"),
    [
        (
            "v2",
            {"tool_resources": {"code_interpreter": {"file_ids": ["f"] * 21}}},
            "tool_resources.code_interpreter.file_ids",
        ),
        ("v1", {"file_ids": ["f"] * 21}, "file_ids"),
        ("v1", {"tools": [{"type": "file_search"}]}, "tools[0].type"),
        ("v2", {"tools": [{"type": "retrieval"}]}, "tools[0].type"),
        ("v2", {"reasoning_effort": "maximum"}, "reasoning_effort"),
    ],
)
def test_validate_openai_body_enforces_each_versions_rules(version, body, expected_path):
    errors = validate_openai_body({"model": "gpt-4o", **body}, version)

    assert expected_path in paths(errors)


# --- Shared behaviour --------------------------------------------------------------------


@pytest.mark.parametrize("dialect", [value for value, _ in DIALECTS])
def test_an_invalid_configuration_gives_errors_and_no_body(dialect):
    request = build(dialect, {"name": "A", "temperature": 5})

    assert request.body == {}
    assert paths(request.errors) == {"temperature"}


def test_an_unknown_dialect_is_a_programming_error():
    with pytest.raises(ValueError, match="Unknown dialect"):
        build("gemini", {"name": "A"})


def test_mask_request_masks_the_api_key_and_catalogue_secrets():
    server = {
        "server_label": "drive",
        "type": "mcp",
        "server_url": "https://mcp.example.com",
        "authorization": "oauth-token-98765",
        "headers": {"X-Secret": "header-value-4321"},
    }
    request = build("aitronos", {"name": "A", "tool_configurations": {"mcp_tools": [server]}})

    masked = mask_request(request)

    assert masked.headers["X-API-Key"] == "••••5678"
    masked_server = masked.body["tool_configurations"]["mcp_tools"][0]
    assert masked_server["authorization"] == "••••8765"
    assert masked_server["headers"] == {"X-Secret": "••••4321"}
    assert masked.body["organization_id"] == "org_abc123"
    assert (
        request.body["tool_configurations"]["mcp_tools"][0]["authorization"] == "oauth-token-98765"
    )


def test_mask_request_keeps_the_bearer_scheme():
    masked = mask_request(build("openai", openai_config()))

    assert masked.headers["Authorization"] == "Bearer ••••5678"


# --- Import from OpenAI ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "shape"),
    [
        ({"model": "gpt-4o", "name": "A"}, "openai"),
        ({"name": "A", "organization_id": "org"}, "aitronos"),
        ({"name": "A"}, "aitronos"),
        ({"model": "gpt-4o", "default_model_key": "x"}, "aitronos"),
    ],
)
def test_detect_shape_tells_openai_bodies_from_aitronos_ones(body, shape):
    assert detect_shape(body) == shape


def test_from_openai_maps_effort_response_format_and_v1_retrieval():
    body = {
        "model": "gpt-4o",
        "name": "A",
        "tools": [{"type": "retrieval"}],
        "reasoning_effort": "xhigh",
        "response_format": {"type": "json_schema", "json_schema": {"name": "r", "schema": {}}},
    }

    result = from_openai(body)

    assert result.data == {
        "name": "A",
        "default_model_key": "gpt-4o",
        "tools": [{"type": "file_search"}],
        "reasoning": {"effort": "maximum"},
        "text_config": {"output_mode": "json_schema", "json_schema": {"name": "r", "schema": {}}},
    }
    assert validate_config(result.data).ok


def test_from_openai_reports_file_ids_it_cannot_import():
    body = {
        "model": "gpt-4o",
        "file_ids": ["file_1"],
        "tool_resources": {"code_interpreter": {"file_ids": ["file_2"]}},
    }

    result = from_openai(body)

    assert result.ignored == ["file_ids", "tool_resources.code_interpreter.file_ids"]
    assert "file_ids" not in result.data


def test_from_openai_rejects_keys_openai_does_not_have():
    result = from_openai({"model": "gpt-4o", "colour": "blue"})

    assert paths(result.errors) == {"colour"}
