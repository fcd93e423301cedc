"""What a draft stores (only what was set) and how secrets are masked."""

from assistants.contract import (
    config_to_document,
    mask_secret,
    redact_secrets,
    validate_config,
)


def test_a_document_keeps_only_what_was_set():
    config = validate_config({"name": "A", "reasoning": {"effort": "low"}}).config

    assert config_to_document(config) == {"name": "A", "reasoning": {"effort": "low"}}


def test_defaults_apply_when_a_document_is_read():
    config = validate_config({"name": "A"}).config

    assert config.temperature == 0.7
    assert config.default_model_key == "ftg-3.0-speed"
    assert config.max_tool_calls == 50


def test_values_are_not_coerced_so_documents_round_trip():
    result = validate_config({"name": "A", "streaming": "yes", "max_tool_calls": "5"})

    assert [e.path for e in result.errors] == ["max_tool_calls", "streaming"]


def test_mask_secret_shows_only_the_last_four_characters():
    assert mask_secret("sk-live-abcdefgh") == "••••efgh"


def test_mask_secret_hides_a_short_secret_entirely():
    assert mask_secret("abcd1234") == "••••"


def test_redact_secrets_masks_mcp_tokens_and_header_values_only():
    server = {
        "server_label": "drive",
        "type": "mcp",
        "server_url": "https://mcp.example.com",
        "authorization": "token-123456789",
        "headers": {"X-Key": "header-secret-value"},
    }
    data = {"name": "A", "tool_configurations": {"mcp_tools": [server]}}

    redacted = redact_secrets(data)["tool_configurations"]["mcp_tools"][0]

    assert redacted["authorization"] == "••••6789"
    assert redacted["headers"] == {"X-Key": "••••alue"}
    assert redacted["server_url"] == "https://mcp.example.com"
    assert data["tool_configurations"]["mcp_tools"][0]["authorization"] == "token-123456789"


def test_masking_copies_the_way_to_each_secret_and_shares_the_rest():
    data = {
        "name": "A",
        "reasoning": {"effort": "high"},
        "tool_configurations": {
            "mcp_tools": [{"server_label": "d", "type": "mcp", "authorization": "token-123456789"}]
        },
    }
    redacted = redact_secrets(data)
    assert redacted["tool_configurations"] is not data["tool_configurations"]
    assert (
        redacted["tool_configurations"]["mcp_tools"][0]
        is not (data["tool_configurations"]["mcp_tools"][0])
    ), "what is on the way to a secret is a copy: changing it leaves the input alone"
    assert redacted["reasoning"] == {"effort": "high"}
