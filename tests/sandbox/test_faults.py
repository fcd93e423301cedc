"""Switchable faults: what the submission pipeline must survive, made to happen on demand."""

import time

import httpx
import pytest

from tests.sandbox.support import (
    add_fault,
    aitronos,
    aitronos_error,
    openai,
    openai_error,
    openai_v1,
    stats,
)

# Marked so pytest-django creates the test database the sandbox process uses; each test's
# own (empty) transaction holds no lock the server could wait on.
pytestmark = pytest.mark.django_db

MATH_TUTOR = {"name": "Math Tutor", "organization_id": "org_demo"}


def test_rate_limit_twice_then_the_create_succeeds(sandbox):
    add_fault(sandbox, mode="rate_limit", count=2, retry_after=1)
    client = aitronos(sandbox)

    limited = [client.post("/assistants", json=MATH_TUTOR) for _ in range(2)]
    created = client.post("/assistants", json=MATH_TUTOR)

    for response in limited:
        error = aitronos_error(response, 429, "RATE_LIMIT_EXCEEDED")
        assert response.headers["Retry-After"] == "1"
        assert error["details"]["retry_after"] == 1
        assert error["type"] == "rate_limit_error"
    assert created.status_code == 201
    assert stats(sandbox)["created"] == {"org_demo": {"Math Tutor": 1}}


def test_rate_limit_in_the_openai_shape_uses_openais_body_and_retry_after(sandbox):
    add_fault(sandbox, mode="rate_limit", retry_after=7)

    response = openai(sandbox).post("/assistants", json={"model": "gpt-4o"})

    error = openai_error(response, 429)
    assert response.headers["Retry-After"] == "7"
    assert error["code"] == "rate_limit_exceeded"


def test_error_three_times_gives_500s_in_the_envelope_and_creates_nothing(sandbox):
    add_fault(sandbox, mode="error", count=3)
    client = aitronos(sandbox)

    failures = [client.post("/assistants", json=MATH_TUTOR) for _ in range(3)]

    for response in failures:
        error = aitronos_error(response, 500, "INTERNAL_ERROR")
        assert error["type"] == "server_error"
    assert stats(sandbox)["total"] == 0
    assert client.post("/assistants", json=MATH_TUTOR).status_code == 201


def test_error_in_the_v1_shape_is_openais_server_error(sandbox):
    add_fault(sandbox, mode="error")

    error = openai_error(openai_v1(sandbox).post("/assistants", json={"model": "m"}), 500)

    assert error["type"] == "server_error"


def test_delay_slows_the_reply_by_at_least_the_seconds_then_creates(sandbox):
    add_fault(sandbox, mode="delay", seconds=1)
    started = time.monotonic()

    response = aitronos(sandbox).post("/assistants", json=MATH_TUTOR)

    assert time.monotonic() - started >= 1
    assert response.status_code == 201


def test_drop_after_create_creates_once_and_answers_with_a_closed_connection(sandbox):
    add_fault(sandbox, mode="drop_after_create")
    client = aitronos(sandbox)

    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/assistants", json=MATH_TUTOR)

    assert stats(sandbox)["created"] == {"org_demo": {"Math Tutor": 1}}
    found = client.get("/assistants", params={"organization_id": "org_demo", "search": "Math"})
    assert [a["name"] for a in found.json()["assistants"]] == ["Math Tutor"]


def test_drop_after_create_works_on_a_pooled_keep_alive_connection(sandbox):
    client = openai(sandbox)
    assert client.get("/assistants").status_code == 200  # opens the connection to be reused
    add_fault(sandbox, mode="drop_after_create")

    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.post("/assistants", json={"model": "gpt-4o", "name": "Math Tutor"})

    assert [a["name"] for a in client.get("/assistants").json()["data"]] == ["Math Tutor"]


def test_a_fault_limited_to_one_dialect_leaves_the_others_alone(sandbox):
    add_fault(sandbox, mode="error", dialect="openai")

    assert aitronos(sandbox).post("/assistants", json=MATH_TUTOR).status_code == 201
    assert openai_v1(sandbox).post("/assistants", json={"model": "m"}).status_code == 200
    openai_error(openai(sandbox).post("/assistants", json={"model": "m"}), 500)


def test_faults_apply_to_creates_only_and_are_used_up_in_order(sandbox):
    add_fault(sandbox, mode="error", count=2)
    add_fault(sandbox, mode="rate_limit")
    client = aitronos(sandbox)

    assert client.get("/assistants", params={"organization_id": "org_demo"}).status_code == 200
    statuses = [client.post("/assistants", json=MATH_TUTOR).status_code for _ in range(4)]

    assert statuses == [500, 500, 429, 201]


def test_get_shows_the_queue_and_delete_clears_it(sandbox):
    add_fault(sandbox, mode="rate_limit", count=2, retry_after=1)
    add_fault(sandbox, mode="delay", seconds=3, dialect="aitronos")

    queue = httpx.get(f"{sandbox}/_faults").json()["faults"]
    cleared = httpx.delete(f"{sandbox}/_faults")

    assert [(f["mode"], f["count"], f["dialect"]) for f in queue] == [
        ("rate_limit", 2, None),
        ("delay", 1, "aitronos"),
    ]
    assert cleared.json() == {"faults": []}
    assert httpx.get(f"{sandbox}/_faults").json() == {"faults": []}
    assert aitronos(sandbox).post("/assistants", json=MATH_TUTOR).status_code == 201


def test_several_faults_can_be_queued_in_one_post(sandbox):
    response = httpx.post(
        f"{sandbox}/_faults", json=[{"mode": "error"}, {"mode": "rate_limit", "count": 2}]
    )

    assert response.status_code == 201
    assert [f["mode"] for f in response.json()["faults"]] == ["error", "rate_limit"]


@pytest.mark.parametrize(
    "fault",
    [{"mode": "explode"}, {"mode": "error", "count": 0}, {"mode": "error", "colour": 1}],
    ids=["unknown mode", "count 0", "unknown key"],
)
def test_a_malformed_fault_is_refused(sandbox, fault):
    response = httpx.post(f"{sandbox}/_faults", json=fault)

    assert response.status_code == 400
    assert httpx.get(f"{sandbox}/_faults").json() == {"faults": []}


def test_the_journal_shows_each_attempt_with_its_idempotency_key(sandbox):
    add_fault(sandbox, mode="rate_limit")
    client = aitronos(sandbox)
    headers = {"Idempotency-Key": "sub-7"}

    client.post("/assistants", json=MATH_TUTOR, headers=headers)
    client.post("/assistants", json=MATH_TUTOR, headers=headers)

    journal = httpx.get(f"{sandbox}/_requests").json()["requests"]
    assert [(r["status"], r["idempotency_key"], r["fault"]) for r in journal] == [
        (429, "sub-7", "rate_limit"),
        (201, "sub-7", None),
    ]


def test_reset_forgets_assistants_faults_and_the_journal(sandbox):
    aitronos(sandbox).post("/assistants", json=MATH_TUTOR)
    add_fault(sandbox, mode="error")

    reset = httpx.post(f"{sandbox}/_reset")

    assert reset.json() == {"deleted": 1}
    assert stats(sandbox) == {"created": {}, "by_dialect": {}, "total": 0, "live": 0}
    assert httpx.get(f"{sandbox}/_faults").json() == {"faults": []}
    assert httpx.get(f"{sandbox}/_requests").json() == {"requests": []}
