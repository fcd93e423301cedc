"""The catalogue read off the models: complete, labelled, and in the right sections."""

import pytest

from assistants.contract import (
    SECTIONS,
    AssistantConfig,
    McpServer,
    Picker,
    Section,
    ToolConfigurations,
    field_specs,
    specs_by_section,
)

SPECS = field_specs()
SPEC_IDS = [spec.name for spec in SPECS]
KINDS = {
    "text",
    "textarea",
    "integer",
    "number",
    "boolean",
    "choice",
    "string_list",
    "string_map",
    "int_map",
    "object",
    "system_tools",
    "mcp_servers",
    "tools",
    "system_messages",
    "reasoning",
    "text_config",
    "allowed_models",
    "department_grants",
}


def test_field_specs_cover_every_field_of_the_model():
    flattened = {f"tool_configurations.{name}" for name in ToolConfigurations.model_fields}
    expected = (set(AssistantConfig.model_fields) - {"tool_configurations"}) | flattened

    assert set(SPEC_IDS) == expected
    assert {spec.field for spec in SPECS} == set(AssistantConfig.model_fields)


def test_the_catalogue_has_every_documented_top_level_field():
    # 70 fields of the reference (organization_id excluded) plus the examples' tools array.
    assert len(AssistantConfig.model_fields) == 71
    assert "organization_id" not in AssistantConfig.model_fields


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_every_field_has_a_section_label_help_and_known_kind(spec):
    assert isinstance(spec.section, Section)
    assert spec.label and spec.label != spec.name
    assert len(spec.help) > 10
    assert spec.kind in KINDS


@pytest.mark.parametrize("spec", [s for s in SPECS if s.picker], ids=lambda s: s.name)
def test_every_picker_names_a_known_directory(spec):
    assert Picker(spec.picker)


@pytest.mark.parametrize("spec", [s for s in SPECS if s.kind == "choice"], ids=lambda s: s.name)
def test_every_choice_field_has_labelled_choices(spec):
    assert spec.choices
    assert all(label for _, label in spec.choices)


def test_every_section_has_fields_and_keeps_the_form_order():
    grouped = specs_by_section()

    assert list(grouped) == SECTIONS
    assert all(grouped[section] for section in SECTIONS)
    assert [s.label for s in SECTIONS][:3] == ["Basics", "Model", "Instructions & behaviour"]


def test_mcp_servers_sit_in_their_own_section():
    names = [spec.name for spec in specs_by_section()[Section.MCP]]

    assert names == ["tool_configurations.mcp_tools"]


@pytest.mark.parametrize(
    ("name", "default"),
    [
        ("default_model_key", "ftg-3.0-speed"),
        ("access_mode", "private"),
        ("temperature", 0.7),
        ("top_p", 1.0),
        ("max_tool_calls", 50),
        ("parallel_tool_calls", False),
        ("service_tier", "auto"),
        ("store_responses", True),
        ("truncation", True),
        ("streaming", True),
        ("is_active", True),
        ("pinned", False),
        ("context_strategy", "auto"),
        ("behavior_attachments_enabled", True),
        ("prompt_cache_enabled", True),
        ("description", None),
    ],
)
def test_documented_defaults_are_the_field_defaults(name, default):
    assert next(spec for spec in SPECS if spec.name == name).default == default


def test_limits_are_read_off_the_models():
    by_name = {spec.name: spec for spec in SPECS}

    assert (by_name["temperature"].minimum, by_name["temperature"].maximum) == (0, 2)
    assert (by_name["max_tool_calls"].minimum, by_name["max_tool_calls"].maximum) == (1, 250)
    assert by_name["name"].max_length == 256
    assert by_name["name"].required


def test_only_mcp_authorization_and_headers_are_secret():
    secret = [spec.name for spec in field_specs(McpServer) if spec.secret]

    assert secret == ["authorization", "headers"]
    assert not any(spec.secret for spec in SPECS)


def test_nested_models_expose_their_own_specs_for_formsets():
    mcp = next(spec for spec in SPECS if spec.name == "tool_configurations.mcp_tools")
    names = [spec.name for spec in field_specs(mcp.model)]

    assert mcp.model is McpServer
    assert names[:2] == ["server_label", "type"]
    assert "server_url" in names


def test_id_lists_name_their_picker():
    by_name = {spec.name: spec for spec in SPECS}

    assert by_name["access_users"].picker == "users"
    assert by_name["delegate_to_whitelist"].picker == "assistants"
    assert by_name["tool_configurations.streamline_tools"].picker == "streamline_flows"
    assert by_name["access_users"].kind == "string_list"


@pytest.mark.parametrize("spec", SPECS, ids=SPEC_IDS)
def test_every_field_is_basic_or_advanced(spec):
    assert spec.level in ("basic", "advanced")


EXPERTS_KNOBS = [
    "logit_bias",
    "top_logprobs",
    "seed",
    "stop_sequences",
    "service_tier",
    "response_format",
    "json_schemas",
    "output_mode",
]


@pytest.mark.parametrize("name", EXPERTS_KNOBS)
def test_experts_knobs_sit_behind_advanced_settings(name):
    assert {s.name: s for s in SPECS}[name].is_advanced


def test_each_section_shows_its_basics_first():
    """Every section keeps at least one basic field, so none opens empty."""
    for section, specs in specs_by_section().items():
        assert any(not spec.is_advanced for spec in specs), section
