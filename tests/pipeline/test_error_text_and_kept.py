"""Upstream error text bounded and located; what the upstream kept of what was sent."""

import json

import httpx
from openai.types.beta.assistant import Assistant

from assistants import upstream
from assistants.services.submissions.kept import fields_not_kept
from assistants.services.submissions.messages import QUOTE_LIMIT, quote, rejected
from assistants.services.submissions.process import MAX_STORED_BODY, _bounded
from assistants.upstream import Outcome

URL = "https://upstream.test/v1/assistants"


def send(status: int, body, dialect: str = "openai") -> upstream.Reply:
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(status, json=body)

    return upstream.create_assistant(
        dialect=dialect,
        url=URL,
        headers={},
        body={"name": "Tutor"},
        idempotency_key="k",
        transport=httpx.MockTransport(handler),
    )


def test_a_long_echo_is_quoted_briefly_with_an_ellipsis_and_stored_bounded():
    echo = "x" * 70_000
    message = f"1 validation error: {{'loc': ('body', 'instructions'), 'input': '{echo}'}}"
    reply = send(422, {"error": {"message": message, "type": "invalid_request_error"}})

    assert reply.outcome is Outcome.REJECTED
    assert [e.path for e in reply.field_errors] == ["instructions"], "located from the loc"
    quoted = quote(reply.message)
    assert len(quoted) == QUOTE_LIMIT and quoted.endswith("…")
    stored = _bounded(reply.body)
    assert stored["truncated"] is True and len(stored["start"]) == MAX_STORED_BODY
    small = {"error": {"message": "short"}}
    assert _bounded(small) == small


def test_a_plain_text_error_with_a_loc_is_located_too():
    def handler(request: httpx.Request) -> httpx.Response:
        return httpx.Response(400, text="Invalid body: loc=['body', 'tools', 0, 'type']")

    reply = upstream.create_assistant(
        dialect="openai_v1",
        url=URL,
        headers={},
        body={},
        idempotency_key="k",
        transport=httpx.MockTransport(handler),
    )
    assert [e.path for e in reply.field_errors] == ["tools[0].type"]


class _Connection:
    name = "Freddy"
    base_url = "https://api.aitronos.com"

    def get_dialect_display(self) -> str:
        return "Aitronos (Freddy) API"


class _Submission:
    dialect = "aitronos"
    connection = _Connection()


def test_a_refusal_naming_fields_of_the_other_shape_suggests_checking_the_api_type():
    # An OpenAI-shaped server behind an "Aitronos" connection asks for `model`.
    detail = [{"loc": ["body", "model"], "msg": "Field required", "type": "missing"}]
    reply = send(422, {"detail": detail}, dialect="aitronos")
    text = rejected(_Submission(), reply)
    assert "check the API type of the connection “Freddy”" in text
    assert "model" in text


def test_a_refusal_of_the_right_shape_has_no_such_hint():
    detail = [{"loc": ["body", "instructions"], "msg": "Too long", "type": "too_long"}]
    reply = send(422, {"detail": detail}, dialect="aitronos")
    assert "API type" not in rejected(_Submission(), reply)


def test_fields_the_upstream_dropped_are_listed_with_the_drafts_labels():
    sent = {
        "name": "Tutor",
        "model": "gpt-4o",
        "instructions": "Help.",
        "reasoning_effort": "high",
        "response_format": {"type": "json_object"},
        "temperature": 0.3,
        "tools": [{"type": "code_interpreter"}],
    }
    # A compatible server that ignores reasoning_effort and response_format, as the openai
    # SDK's Assistant model carries the answer.
    returned = Assistant(
        id="asst_1",
        object="assistant",
        created_at=1,
        model="gpt-4o",
        name="Tutor",
        instructions="Help.",
        tools=[{"type": "code_interpreter"}],
        temperature=0.30000000000000004,
        response_format="auto",
    ).model_dump(mode="json")

    lost = fields_not_kept(
        dialect="openai", sent=sent, returned=returned, config={"output_mode": "json"}
    )

    assert [(item["key"], item["path"]) for item in lost] == [
        ("reasoning_effort", "reasoning.effort"),
        ("response_format", "output_mode"),
    ]
    assert all(item["label"] for item in lost)


def test_an_aitronos_answer_with_defaults_filled_in_keeps_everything_sent():
    sent = {
        "name": "Tutor",
        "organization_id": "org_demo",
        "tool_configurations": {"system_tools": {"code_interpreter": {"mode": "on"}}},
    }
    returned = {
        "id": "a",
        "name": "Tutor",
        "tool_configurations": {
            "system_tools": {"code_interpreter": {"mode": "on", "outputs": None}},
            "mcp_tools": [],
        },
    }
    assert fields_not_kept(dialect="aitronos", sent=sent, returned=returned) == []


def test_an_object_the_upstream_returns_as_json_text_counts_as_kept():
    # The Aitronos SDK types response_format as a string: the platform may answer the object
    # it was sent as JSON text (docs/contract.md, "response_format").
    response_format = {"type": "json_schema", "json_schema": {"name": "answer", "strict": True}}
    sent = {"name": "Tutor", "response_format": response_format}
    returned = {"id": "a", "name": "Tutor", "response_format": json.dumps(response_format)}
    assert fields_not_kept(dialect="aitronos", sent=sent, returned=returned) == []
    different = {**returned, "response_format": json.dumps({"type": "text"})}
    assert [
        f["key"] for f in fields_not_kept(dialect="aitronos", sent=sent, returned=different)
    ] == ["response_format"]
