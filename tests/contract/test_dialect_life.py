"""Retrieve, update and delete in each dialect: the exact request, what is cleared, what
cannot be expressed, and an assistant object read back into the stored shape."""

import pytest

from assistants.dialects import (
    DIALECTS,
    delete_request,
    parse_assistant,
    retrieve_request,
    update_request,
)

API_KEY = "sk-test-abcdefgh12345678"


def update(dialect: str, config: dict, previous: dict | None, assistant_id: str = "asst_1"):
    return update_request(
        dialect,
        config,
        previous=previous,
        assistant_id=assistant_id,
        organization_id="org_abc123",
        api_key=API_KEY,
    )


def reasons(request) -> dict[str, str]:
    return {item.path: item.reason for item in request.unsupported}


# --- Aitronos --------------------------------------------------------------------------------


def test_aitronos_update_is_a_put_of_the_whole_document_with_labels_as_assistant_metadata():
    request = update(
        "aitronos",
        {"name": "Tutor", "temperature": 0.2, "metadata": {"team": "hr"}},
        previous={"name": "Tutor", "temperature": 0.9},
    )
    assert (request.method, request.path) == ("PUT", "/v1/assistants/asst_1")
    assert request.headers == {"X-API-Key": API_KEY, "Content-Type": "application/json"}
    # Exactly this: no organization_id (the SDK's update has none), no `metadata` key.
    assert request.body == {
        "name": "Tutor",
        "temperature": 0.2,
        "assistant_metadata": {"team": "hr"},
    }
    assert request.unsupported == [] and request.errors == []


def test_aitronos_update_clears_with_the_documented_default_or_null():
    previous = {
        "name": "Tutor",
        "description": "Helps",
        "is_active": False,
        "temperature": 0.2,
        "metadata": {"team": "hr"},
        "vector_store_ids": ["vs_1"],
        "tool_configurations": {"streamline_tools": ["flow_1"]},
    }
    request = update("aitronos", {"name": "Tutor"}, previous)
    assert request.body == {
        "name": "Tutor",
        "description": None,
        "is_active": True,
        "temperature": 0.7,
        "assistant_metadata": None,
        "vector_store_ids": None,
        "tool_configurations": None,
    }
    assert request.unsupported == []


def test_aitronos_update_without_a_previous_snapshot_clears_nothing():
    request = update("aitronos", {"name": "Tutor"}, None)
    assert request.body == {"name": "Tutor"}


def test_aitronos_update_escapes_the_assistant_id_in_the_path():
    request = update("aitronos", {"name": "Tutor"}, None, assistant_id="asst/../x y")
    assert request.path == "/v1/assistants/asst%2F..%2Fx%20y"


def test_aitronos_retrieve_and_delete_name_the_assistant_and_send_no_body():
    got = retrieve_request("aitronos", "asst_1", organization_id="org_abc123", api_key=API_KEY)
    gone = delete_request("aitronos", "asst_1", organization_id="org_abc123", api_key=API_KEY)
    assert (got.method, got.path, got.body) == ("GET", "/v1/assistants/asst_1", {})
    assert (gone.method, gone.path, gone.body) == ("DELETE", "/v1/assistants/asst_1", {})
    assert got.headers == gone.headers == {"X-API-Key": API_KEY}


def test_an_invalid_configuration_gives_an_update_without_a_body():
    request = update("aitronos", {"name": "Tutor", "temperature": 9}, {"name": "Tutor"})
    assert request.body == {} and [e.path for e in request.errors] == ["temperature"]


def test_aitronos_answer_is_read_back_without_read_only_keys_nulls_or_defaults():
    answer = {
        "id": "asst_1",
        "organization_id": "org_abc123",
        "created_by": "usr_1",
        "created_at": 1_700_000_000,
        "updated_at": 1_700_000_000,
        "deleted_at": None,
        "name": "Tutor",
        "description": None,
        "temperature": 0.7,  # the documented default: as good as not set
        "top_p": 0.5,
        "is_active": True,
        "assistant_metadata": {"team": "hr"},
        "workflow_based": False,
        "brand_new_setting": "x",
    }
    parsed = parse_assistant("aitronos", answer)
    assert parsed.config == {"name": "Tutor", "top_p": 0.5, "metadata": {"team": "hr"}}
    assert list(reasons(parsed)) == ["brand_new_setting"]


# --- OpenAI shapes ---------------------------------------------------------------------------


def test_openai_v2_update_is_a_post_to_the_assistant_with_the_create_mapping():
    config = {"name": "Tutor", "default_model_key": "gpt-4o", "reasoning": {"effort": "standard"}}
    request = update("openai", config, previous=config)
    assert (request.method, request.path) == ("POST", "/v1/assistants/asst_1")
    assert request.headers == {
        "Authorization": f"Bearer {API_KEY}",
        "Content-Type": "application/json",
        "OpenAI-Beta": "assistants=v2",
    }
    assert request.body == {"model": "gpt-4o", "name": "Tutor", "reasoning_effort": "medium"}
    assert "reasoning.effort" in reasons(request)  # lossy, reported as on create


def test_openai_v2_update_clears_each_key_as_the_sdk_allows():
    previous = {
        "name": "Tutor",
        "default_model_key": "gpt-4o",
        "description": "Helps",
        "instructions": "Be kind.",
        "metadata": {"team": "hr"},
        "temperature": 0.2,
        "top_p": 0.5,
        "vector_store_ids": ["vs_1"],
        "reasoning": {"effort": "low"},
        "output_mode": "json",
        "tools": [{"type": "code_interpreter"}],
    }
    request = update("openai", {"name": "Tutor", "default_model_key": "gpt-4o"}, previous)
    assert request.body == {
        "model": "gpt-4o",
        "name": "Tutor",
        "description": None,
        "instructions": None,
        "metadata": {},
        "temperature": None,
        "top_p": None,
        "tool_resources": {"file_search": {"vector_store_ids": []}},
        "reasoning_effort": None,
        "response_format": "auto",
        "tools": [],
    }
    assert request.unsupported == []


def test_openai_update_reports_what_it_cannot_express_and_still_sends_the_rest():
    config = {
        "name": "Tutor",
        "default_model_key": "gpt-4o",
        "max_completion_tokens": 500,
        "tool_configurations": {"streamline_tools": ["flow_1"]},
    }
    request = update("openai", config, previous=None)
    assert request.errors == []
    assert request.body == {"model": "gpt-4o", "name": "Tutor"}
    assert set(reasons(request)) == {
        "max_completion_tokens",
        "tool_configurations.streamline_tools",
    }


def test_openai_v1_update_clears_only_its_own_keys_and_sends_no_beta_header():
    previous = {
        "name": "Tutor",
        "default_model_key": "gpt-4o",
        "instructions": "Be kind.",
        "tools": [{"type": "file_search"}],
        "temperature": 0.2,  # never sent to v1, so nothing to clear
    }
    request = update("openai_v1", {"name": "Tutor", "default_model_key": "gpt-4o"}, previous)
    assert (request.method, request.path) == ("POST", "/v1/assistants/asst_1")
    assert "OpenAI-Beta" not in request.headers
    assert request.body == {"model": "gpt-4o", "name": "Tutor", "instructions": None, "tools": []}
    assert request.unsupported == []  # no longer set, and never sent: nothing to say


def test_a_key_an_upstream_cannot_clear_is_reported_not_dropped():
    # `model` is required by OpenAI: leaving the model out is an error, never a silent clear.
    request = update("openai", {"name": "Tutor"}, {"name": "Tutor", "default_model_key": "gpt-4o"})
    assert request.body == {} or "model" not in request.body
    assert [e.path for e in request.errors] == ["default_model_key"]


@pytest.mark.parametrize("dialect", ["openai", "openai_v1"])
def test_openai_retrieve_and_delete_send_no_body(dialect):
    got = retrieve_request(dialect, "asst_1", organization_id="", api_key=API_KEY)
    gone = delete_request(dialect, "asst_1", organization_id="", api_key=API_KEY)
    assert (got.method, got.path) == ("GET", "/v1/assistants/asst_1")
    assert (gone.method, gone.path) == ("DELETE", "/v1/assistants/asst_1")
    assert "Content-Type" not in got.headers and got.body == gone.body == {}


def test_openai_answer_is_read_back_with_its_defaults_as_not_set():
    answer = {
        "id": "asst_1",
        "object": "assistant",
        "created_at": 1_700_000_000_000,
        "name": "Tutor",
        "description": None,
        "model": "gpt-4o",
        "instructions": "Be kind.",
        "tools": [{"type": "file_search"}],
        "tool_resources": {"file_search": {"vector_store_ids": ["vs_1"]}},
        "metadata": {},
        "temperature": 1.0,
        "top_p": 1.0,
        "response_format": "auto",
        "reasoning_effort": "xhigh",
        "owner": "someone",
    }
    parsed = parse_assistant("openai", answer)
    assert parsed.config == {
        "name": "Tutor",
        "default_model_key": "gpt-4o",
        "instructions": "Be kind.",
        "tools": [{"type": "file_search"}],
        "vector_store_ids": ["vs_1"],
        "reasoning": {"effort": "maximum"},
    }
    assert list(reasons(parsed)) == ["owner"]


def test_a_v1_answer_with_files_reports_them_as_not_kept():
    answer = {
        "id": "asst_1",
        "object": "assistant",
        "created_at": 1,
        "name": "Tutor",
        "model": "gpt-4o",
        "tools": [{"type": "retrieval"}],
        "file_ids": ["file_1"],
        "metadata": {},
    }
    parsed = parse_assistant("openai_v1", answer)
    assert parsed.config == {
        "name": "Tutor",
        "default_model_key": "gpt-4o",
        "tools": [{"type": "file_search"}],
    }
    assert list(reasons(parsed)) == ["file_ids"]


@pytest.mark.parametrize("dialect", [value for value, _ in DIALECTS])
def test_what_was_sent_reads_back_as_what_the_upstream_answers(dialect):
    """Drift compares parse(body sent) with parse(answer): equal when nothing changed."""
    config = {"name": "Tutor", "default_model_key": "gpt-4o", "instructions": "Be kind."}
    sent = update(dialect, config, previous=None).body
    assert parse_assistant(dialect, sent).config == config


@pytest.mark.parametrize("dialect", [value for value, _ in DIALECTS])
def test_the_submission_marker_read_back_is_not_a_label_of_the_draft(dialect):
    from assistants.dialects.marker import MARKER_KEY

    key = "assistant_metadata" if dialect == "aitronos" else "metadata"
    answer = {"id": "asst_1", "name": "Tutor", key: {MARKER_KEY: "abc", "team": "hr"}}
    assert parse_assistant(dialect, answer).config["metadata"] == {"team": "hr"}
    only_marker = {"id": "asst_1", "name": "Tutor", key: {MARKER_KEY: "abc"}}
    assert "metadata" not in parse_assistant(dialect, only_marker).config
