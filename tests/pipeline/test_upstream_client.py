"""The HTTP client's reading of each upstream's answers (httpx.MockTransport, no network).

What the sandbox really sends is covered by the round-trip tests; these pin the shapes and
edge cases one by one: error envelopes, Retry-After, exceptions, paging the list.
"""

from datetime import UTC, datetime, timedelta
from email.utils import format_datetime

import httpx
import pytest

from assistants import upstream
from assistants.services.submissions.field_errors import draft_field_errors
from assistants.upstream import Outcome, UpstreamFieldError

URL = "https://upstream.test/v1/assistants"


def send(handler, dialect: str = "aitronos") -> upstream.Reply:
    return upstream.create_assistant(
        dialect=dialect,
        url=URL,
        headers={"X-API-Key": "sk-test-123456789"},
        body={"name": "Tutor"},
        idempotency_key="idem-1",
        transport=httpx.MockTransport(handler),
    )


def answer(status: int, body=None, headers=None):
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body, headers=headers)

    return handler


def raising(error: Exception):
    def handler(request: httpx.Request) -> httpx.Response:
        raise error

    return handler


def aitronos_error(status: int, code: str, details: dict | None = None) -> dict:
    return {
        "success": False,
        "error": {
            "code": code,
            "message": "Invalid request parameters",
            "system_message": "Missing required field: name",
            "type": "validation_error",
            "status": status,
            "details": details or {},
            "trace_id": "req_0123456789abcdef",
            "timestamp": "2025-01-01T00:00:00Z",
        },
    }


def test_every_create_request_carries_the_idempotency_key_and_the_api_key():
    seen = {}

    def handler(request: httpx.Request) -> httpx.Response:
        seen.update(request.headers)
        return httpx.Response(201, json={"id": "asst_1"})

    assert send(handler).outcome is Outcome.SUCCESS
    assert seen["idempotency-key"] == "idem-1"
    assert seen["x-api-key"] == "sk-test-123456789"


def test_an_aitronos_rate_limit_waits_for_the_longer_of_body_and_header():
    body = aitronos_error(429, "RATE_LIMIT_EXCEEDED", {"retry_after": 7})
    reply = send(answer(429, body, {"Retry-After": "2"}))
    assert reply.outcome is Outcome.RETRY_AFTER
    assert reply.retry_after == 7
    assert reply.trace_id == "req_0123456789abcdef"
    assert reply.code == "RATE_LIMIT_EXCEEDED"


def test_a_retry_after_header_given_as_a_date_is_turned_into_seconds():
    moment = datetime.now(UTC) + timedelta(seconds=30)
    reply = send(
        answer(
            429,
            {"error": {"message": "slow down"}},
            {"Retry-After": format_datetime(moment, usegmt=True)},
        ),
        "openai",
    )
    assert 25 <= reply.retry_after <= 31


def test_aitronos_validation_errors_name_every_field():
    details = {
        "field": "temperature",
        "issue": "less_than_equal",
        "message": "Temperature must be between 0 and 2.",
        "errors": [
            {"field": "temperature", "issue": "less_than_equal", "message": "Too hot."},
            {"field": "tools[0].type", "issue": "union_tag_invalid", "message": "Unknown."},
        ],
    }
    reply = send(answer(400, aitronos_error(400, "VALIDATION_ERROR", details)))
    assert reply.outcome is Outcome.REJECTED
    assert [e.path for e in reply.field_errors] == ["temperature", "tools[0].type"]
    assert "Invalid request parameters" in reply.message


def test_an_openai_error_names_its_param_and_the_trace_comes_from_the_request_id_header():
    body = {
        "error": {
            "message": "Invalid 'temperature'.",
            "type": "invalid_request_error",
            "param": "temperature",
            "code": "invalid_value",
        }
    }
    reply = send(answer(400, body, {"x-request-id": "req_abc"}), "openai")
    assert reply.outcome is Outcome.REJECTED
    assert reply.field_errors == [
        UpstreamFieldError("temperature", "Invalid 'temperature'.", "invalid_value")
    ]
    assert reply.trace_id == "req_abc"


def test_a_v1_servers_422_lists_every_field_as_a_path():
    body = {
        "detail": [
            {"loc": ["body", "tools", 0, "type"], "msg": "bad type", "type": "literal_error"},
            {"loc": ["body", "instructions"], "msg": "too long", "type": "string_too_long"},
        ]
    }
    reply = send(answer(422, body), "openai_v1")
    assert reply.outcome is Outcome.REJECTED
    assert [e.path for e in reply.field_errors] == ["tools[0].type", "instructions"]
    assert "refused 2 settings" in reply.message


@pytest.mark.parametrize(
    ("status", "outcome"),
    [
        (500, Outcome.RETRY_BACKOFF),
        (503, Outcome.RETRY_BACKOFF),
        (408, Outcome.RETRY_BACKOFF),
        (502, Outcome.AMBIGUOUS),
        (504, Outcome.AMBIGUOUS),
        (401, Outcome.REJECTED),
        (403, Outcome.REJECTED),
        (404, Outcome.REJECTED),
        (422, Outcome.REJECTED),
    ],
)
def test_each_status_is_classified_by_whether_trying_again_can_help(status, outcome):
    assert send(answer(status, {"error": {"message": "x"}}), "openai").outcome is outcome


@pytest.mark.parametrize(
    ("error", "outcome"),
    [
        (httpx.ConnectError("refused"), Outcome.RETRY_BACKOFF),
        (httpx.ConnectTimeout("slow"), Outcome.RETRY_BACKOFF),
        (httpx.ReadTimeout("no answer"), Outcome.AMBIGUOUS),
        (httpx.RemoteProtocolError("Server disconnected"), Outcome.AMBIGUOUS),
        (httpx.ReadError("reset"), Outcome.AMBIGUOUS),
        (httpx.WriteTimeout("half sent"), Outcome.AMBIGUOUS),
    ],
)
def test_a_request_that_may_have_reached_the_upstream_is_ambiguous_and_others_are_not(
    error, outcome
):
    reply = send(raising(error))
    assert reply.outcome is outcome
    assert reply.http_status is None
    assert reply.message


def test_secrets_in_an_answer_are_masked_before_it_is_stored():
    obj = {
        "id": "asst_1",
        "tool_configurations": {
            "mcp_tools": [
                {
                    "server_label": "x",
                    "type": "mcp",
                    "server_url": "https://mcp.test",
                    "authorization": "token-abcdefgh-1234",
                    "headers": {"X-Secret": "header-secret-5678"},
                }
            ]
        },
        "api_key": "sk-live-secret-9999",
    }
    reply = send(answer(201, obj))
    stored = str(reply.body)
    assert "token-abcdefgh-1234" not in stored and "header-secret-5678" not in stored
    assert "sk-live-secret-9999" not in stored
    assert reply.raw["id"] == "asst_1", "the unmasked answer is kept for reading the id"


SERVER_WITH_SECRETS = {
    "server_label": "x",
    "type": "mcp",
    "server_url": "https://mcp.test",
    "authorization": "token-abcdefgh-1234",
    "headers": {"X-Custom": "header-secret-5678"},
}


@pytest.mark.parametrize(
    "shape",
    [
        lambda obj: obj,  # the assistant itself (a create's answer)
        lambda obj: {"success": True, "data": obj},  # wrapped in an envelope
        lambda obj: {"object": "list", "data": [obj, {"id": "asst_2"}]},  # a list page
    ],
)
def test_an_echoed_assistant_is_masked_wherever_the_answer_puts_it(shape):
    obj = {"id": "asst_1", "tool_configurations": {"mcp_tools": [dict(SERVER_WITH_SECRETS)]}}
    stored = str(upstream.redact_response(shape(obj)))
    assert "token-abcdefgh-1234" not in stored and "header-secret-5678" not in stored
    assert "https://mcp.test" in stored and "asst_1" in stored, "the rest is kept"


def test_secret_named_keys_are_masked_at_any_depth():
    answer = {"error": {"details": [{"context": {"password": "hunter2-hunter2"}}]}}
    assert "hunter2" not in str(upstream.redact_response(answer))


@pytest.mark.parametrize(
    ("body_path", "config", "expected"),
    [
        ("model", {}, ("default_model_key", "model")),
        ("tool_resources.file_search.vector_store_ids", {}, ("vector_store_ids", "tools")),
        ("reasoning_effort", {}, ("reasoning.effort", "generation")),
        ("response_format", {"output_mode": "json"}, ("output_mode", "output")),
        ("instructions", {}, ("instructions", "instructions")),
        (
            "tools[0].function.name",
            {"tools": [{"type": "function"}]},
            ("tools[0].function.name", "tools"),
        ),
    ],
)
def test_openai_body_paths_map_back_to_the_drafts_field_and_section(body_path, config, expected):
    [error] = draft_field_errors(
        dialect="openai",
        config=config,
        errors=[UpstreamFieldError(body_path, "Refused.", "invalid_value")],
    )
    assert (error.path, error.section) == expected


def test_a_process_reuses_one_client_and_a_forked_child_gets_its_own(monkeypatch):
    first = upstream._shared_client()
    assert upstream._shared_client() is first, "kept-alive connections are reused"
    monkeypatch.setattr(upstream.os, "getpid", lambda: -1)  # as in a forked worker child
    assert upstream._shared_client() is not first, "a child never shares its parent's sockets"
