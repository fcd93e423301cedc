"""Every documented limit and enum: violations are rejected on the right path, edges pass."""

import pytest

from assistants.contract import validate_config
from assistants.contract.violations import BOUNDARIES, VIOLATIONS, build


@pytest.mark.parametrize(
    ("description", "patch", "expected_path"), VIOLATIONS, ids=[c[0] for c in VIOLATIONS]
)
def test_a_violation_is_rejected_naming_the_field_path(description, patch, expected_path):
    result = validate_config(build(patch))

    assert not result.ok
    assert expected_path in [error.path for error in result.errors]


@pytest.mark.parametrize(
    ("description", "patch", "expected_path"), VIOLATIONS, ids=[c[0] for c in VIOLATIONS]
)
def test_a_violation_message_is_plain_language(description, patch, expected_path):
    error = next(e for e in validate_config(build(patch)).errors if e.path == expected_path)

    assert "Input should" not in error.message
    assert error.message.endswith(".")
    assert error.field == expected_path.split(".")[0].split("[")[0]


@pytest.mark.parametrize(("description", "patch"), BOUNDARIES, ids=[b[0] for b in BOUNDARIES])
def test_a_boundary_value_is_accepted(description, patch):
    assert validate_config(build(patch)).errors == []


def test_missing_name_is_reported_as_required():
    [error] = validate_config({}).errors

    assert (error.path, error.code, error.message) == ("name", "missing", "Name is required.")


def test_temperature_out_of_range_says_the_range_with_the_label():
    [error] = validate_config(build({"temperature": 3})).errors

    assert error.message == "Creativity (temperature) must be between 0 and 2."
    assert error.section == "generation"


def test_an_unknown_key_is_named_in_the_message():
    [error] = validate_config(build({"colour": "blue"})).errors

    assert "“colour”" in error.message


def test_computer_use_preview_is_rejected_as_removed():
    patch = {"tool_configurations": {"system_tools": {"computer_use_preview": {"mode": "on"}}}}

    [error] = validate_config(build(patch)).errors

    assert "removed" in error.message


def test_an_mcp_error_belongs_to_the_mcp_section():
    patch = {"tool_configurations": {"mcp_tools": [{"server_label": "x", "type": "mcp"}]}}

    [error] = validate_config(build(patch)).errors

    assert error.section == "mcp"
    assert error.field == "tool_configurations"


def test_an_approval_filter_with_a_bad_inner_value_blames_only_the_inner_path():
    server = {
        "server_label": "x",
        "type": "mcp",
        "connector_id": "c",
        "require_approval": {"always": {"tool_names": "delete"}},
    }
    patch = {"tool_configurations": {"mcp_tools": [server]}}

    errors = validate_config(build(patch)).errors

    assert [e.path for e in errors] == [
        "tool_configurations.mcp_tools[0].require_approval.always.tool_names"
    ]
