"""The faults real upstreams have: slow creates, ms timestamps, skewed clocks, namesakes made by
other clients, fields silently dropped, and the write faults on updates.

Driven with the official SDKs where a client would be; raw httpx where a fault makes the SDK
give up (a dropped connection) and the test still needs the details.
"""

import time

import httpx
import openai
import pytest
from aitronos import Aitronos
from aitronos.core.api_error import ApiError
from aitronos.errors import UnprocessableEntityError
from aitronos.types import AssistantResponse

from tests.sandbox.support import (
    DEMO_KEY,
    MULTI_KEY,
    OTHER_KEY,
    add_fault,
    aitronos,
    aitronos_error,
    openai_error,
    openai_v1,
    stats,
)
from tests.sandbox.support import (
    openai as openai_http,
)

pytestmark = [pytest.mark.django_db, pytest.mark.filterwarnings("ignore::DeprecationWarning")]

MATH_TUTOR = {"name": "Math Tutor", "organization_id": "org_demo"}
ANOTHER_CLIENT = "usr_"  # namesakes are created_by a user no key maps to


def aitronos_sdk(base: str, key: str = DEMO_KEY, timeout: float = 15) -> Aitronos:
    return Aitronos(base_url=f"{base}/aitronos", api_key=key, timeout=timeout)


def openai_sdk(base: str, prefix: str = "openai", timeout: float = 15) -> openai.OpenAI:
    return openai.OpenAI(
        base_url=f"{base}/{prefix}/v1", api_key=DEMO_KEY, timeout=timeout, max_retries=0
    )


def wait_for(predicate, seconds: float = 15) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.2)
    return False


# --- slow_create -----------------------------------------------------------------------------


def test_a_slow_create_is_stored_after_the_client_gave_up(sandbox):
    add_fault(sandbox, mode="slow_create", seconds=2.5, dialect="aitronos")
    asked = time.time()

    with pytest.raises(httpx.ReadTimeout):
        aitronos_sdk(sandbox, timeout=0.5).assistants.create_assistant(
            name="Slow", organization_id="org_demo", metadata={"ab_submission": "sub-slow"}
        )
    nothing_yet = stats(sandbox)["total"]

    assert nothing_yet == 0  # stored only at the end of the delay
    assert wait_for(lambda: stats(sandbox)["total"] == 1)
    listed = aitronos_sdk(sandbox).assistants.list_assistants(
        organization_id="org_demo", fields="full"
    )
    [made] = listed.assistants
    assert made.metadata == {"ab_submission": "sub-slow"}
    assert made.created_at >= int(asked + 2)  # its time is when it was stored


def test_a_slow_create_in_the_openai_shape_also_lands_after_a_timeout(sandbox):
    add_fault(sandbox, mode="slow_create", seconds=2, dialect="openai")

    with pytest.raises(openai.APITimeoutError):
        openai_sdk(sandbox, timeout=0.5).beta.assistants.create(model="gpt-4o", name="Slow")

    assert wait_for(lambda: len(openai_sdk(sandbox).beta.assistants.list().data) == 1)


def test_a_slow_create_still_refuses_an_invalid_body_without_storing_it(sandbox):
    add_fault(sandbox, mode="slow_create", seconds=0.5)

    response = aitronos(sandbox).post("/assistants", json={"organization_id": "org_demo"})

    aitronos_error(response, 400, "VALIDATION_ERROR")
    assert stats(sandbox)["total"] == 0


# --- ms_timestamps and clock_offset ----------------------------------------------------------


def test_ms_timestamps_show_every_timestamp_in_milliseconds_until_cleared(sandbox):
    add_fault(sandbox, mode="ms_timestamps", dialect="openai_v1")
    client = openai_sdk(sandbox, "openai_v1")
    now = time.time()

    created = client.beta.assistants.create(model="gpt-4o", name="Millis")
    listed = client.beta.assistants.list().data[0]
    fetched = client.beta.assistants.retrieve(created.id)
    updated = client.beta.assistants.update(created.id, name="Millis 2")
    other_shape = openai_sdk(sandbox).beta.assistants.create(model="gpt-4o")
    httpx.delete(f"{sandbox}/_faults").raise_for_status()
    afterwards = client.beta.assistants.retrieve(created.id)

    assert abs(created.created_at - now * 1000) < 5000
    assert listed.created_at == fetched.created_at == updated.created_at == created.created_at
    assert abs(other_shape.created_at - now) < 5  # only the v1 prefix was affected
    assert afterwards.created_at == created.created_at // 1000


def test_ms_timestamps_in_the_aitronos_shape_still_parse_with_the_sdk(sandbox):
    add_fault(sandbox, mode="ms_timestamps", dialect="aitronos")
    client = aitronos_sdk(sandbox)

    created = client.assistants.create_assistant(name="Millis", organization_id="org_demo")
    summary = client.assistants.list_assistants(organization_id="org_demo").assistants[0]

    assert isinstance(created, AssistantResponse)
    assert created.created_at > 10**12 and created.updated_at > 10**12
    assert summary.created_at == created.created_at


def test_clock_offset_moves_every_timestamp_the_upstream_reports(sandbox):
    add_fault(sandbox, mode="clock_offset", seconds=-90)
    now = time.time()

    created = aitronos_sdk(sandbox).assistants.create_assistant(
        name="Behind", organization_id="org_demo"
    )
    openai_made = openai_sdk(sandbox).beta.assistants.create(model="gpt-4o")
    refused = aitronos(sandbox).post("/assistants", json={"organization_id": "org_demo"})

    assert abs(created.created_at - (now - 90)) < 5
    assert abs(openai_made.created_at - (now - 90)) < 5
    error = aitronos_error(refused, 400, "VALIDATION_ERROR")
    reported = time.mktime(time.strptime(error["timestamp"], "%Y-%m-%dT%H:%M:%SZ"))
    assert abs(reported - time.mktime(time.gmtime(now - 90))) < 5


def test_clock_offset_and_milliseconds_combine(sandbox):
    httpx.post(
        f"{sandbox}/_faults",
        json=[{"mode": "clock_offset", "seconds": 3600}, {"mode": "ms_timestamps"}],
    ).raise_for_status()
    now = time.time()

    created = openai_sdk(sandbox).beta.assistants.create(model="gpt-4o")

    assert abs(created.created_at - (now + 3600) * 1000) < 5000


def test_a_standing_fault_can_be_limited_to_one_organisation(sandbox):
    add_fault(sandbox, mode="clock_offset", seconds=-90, organization_id="org_third")
    client = aitronos_sdk(sandbox, MULTI_KEY)
    now = time.time()

    in_demo = client.assistants.create_assistant(name="Demo", organization_id="org_demo")
    in_third = client.assistants.create_assistant(name="Third", organization_id="org_third")
    third_again = client.assistants.get_assistant(in_third.id)

    assert abs(in_demo.created_at - now) < 5
    assert abs(in_third.created_at - (now - 90)) < 5
    assert third_again.created_at == in_third.created_at


# --- namesakes -------------------------------------------------------------------------------


def test_a_namesake_made_before_an_openai_create_leaves_two_of_that_name(sandbox):
    add_fault(sandbox, mode="namesake", when="before", dialect="openai")
    client = openai_sdk(sandbox)

    mine = client.beta.assistants.create(
        model="gpt-4o", name="Math Tutor", metadata={"ab_submission": "sub-7"}
    )
    listed = client.beta.assistants.list(order="asc").data

    assert [a.name for a in listed] == ["Math Tutor", "Math Tutor"]
    namesake, ours = listed
    assert ours.id == mine.id
    assert namesake.id != mine.id
    assert namesake.metadata == {}  # it carries no marker of ours
    assert stats(sandbox)["by_dialect"]["openai"] == {"org_demo": {"Math Tutor": 2}}


def test_a_namesake_made_before_an_aitronos_create_takes_the_name(sandbox):
    add_fault(sandbox, mode="namesake", when="before")
    client = aitronos_sdk(sandbox)

    with pytest.raises(ApiError) as refused:
        client.assistants.create_assistant(name="Math Tutor", organization_id="org_demo")

    details = refused.value.body["error"]["details"]
    assert (details["field"], details["issue"]) == ("name", "duplicate")
    [other] = client.assistants.list_assistants(
        organization_id="org_demo", fields="full"
    ).assistants
    assert other.name == "Math Tutor"
    assert other.created_by.startswith(ANOTHER_CLIENT)
    assert other.metadata is None


def test_a_namesake_right_after_a_dropped_create_is_newer_than_ours(sandbox):
    """The ambiguous case: our create landed but its answer was lost, then someone else
    made an assistant of the same name before we looked."""
    httpx.post(
        f"{sandbox}/_faults",
        json=[
            {"mode": "drop_after_create", "dialect": "openai"},
            {"mode": "namesake", "when": "after", "dialect": "openai"},
        ],
    ).raise_for_status()

    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        openai_http(sandbox).post(
            "/assistants",
            json={"model": "gpt-4o", "name": "Math Tutor", "metadata": {"ab_submission": "s9"}},
        )

    newest_first = openai_sdk(sandbox).beta.assistants.list().data
    assert [a.name for a in newest_first] == ["Math Tutor", "Math Tutor"]
    assert [a.metadata for a in newest_first] == [{}, {"ab_submission": "s9"}]
    journal = httpx.get(f"{sandbox}/_requests").json()["requests"]
    assert journal[-2]["fault"] == "drop_after_create+namesake"


def test_a_namesake_fault_waits_for_the_name_it_names(sandbox):
    add_fault(sandbox, mode="namesake", name="HR Helper", dialect="openai")
    client = openai_sdk(sandbox)

    client.beta.assistants.create(model="gpt-4o", name="Math Tutor")
    still_queued = httpx.get(f"{sandbox}/_faults").json()["faults"]
    client.beta.assistants.create(model="gpt-4o", name="HR Helper")

    assert [f["mode"] for f in still_queued] == ["namesake"]
    assert sorted(a.name for a in client.beta.assistants.list().data) == [
        "HR Helper",
        "HR Helper",
        "Math Tutor",
    ]
    assert httpx.get(f"{sandbox}/_faults").json() == {"faults": []}


def test_another_client_can_make_an_assistant_at_any_time(sandbox):
    old = int(time.time()) - 3600
    made = httpx.post(
        f"{sandbox}/_assistants",
        json={
            "dialect": "openai",
            "organization_id": "org_demo",
            "name": "Math Tutor",
            "body": {"model": "gpt-4o-mini", "metadata": {"owner": "elsewhere"}},
            "created_at": old,
        },
    )
    clash = httpx.post(
        f"{sandbox}/_assistants",
        json={"dialect": "aitronos", "organization_id": "org_demo", "name": "Taken"},
    )
    again = httpx.post(
        f"{sandbox}/_assistants",
        json={"dialect": "aitronos", "organization_id": "org_demo", "name": "Taken"},
    )
    invalid = httpx.post(
        f"{sandbox}/_assistants",
        json={
            "dialect": "aitronos",
            "organization_id": "org_demo",
            "name": "Bad",
            "body": {"temperature": 9},
        },
    )

    assert made.status_code == 201, made.text
    fetched = openai_sdk(sandbox).beta.assistants.retrieve(made.json()["id"])
    assert (fetched.created_at, fetched.model) == (old, "gpt-4o-mini")
    assert fetched.metadata == {"owner": "elsewhere"}
    assert clash.status_code == 201
    assert again.status_code == 409
    assert invalid.status_code == 400
    assert invalid.json()["error"]["details"][0]["field"] == "temperature"


# --- drop_fields -----------------------------------------------------------------------------


def test_dropped_fields_are_ignored_and_never_returned_in_the_openai_shape(sandbox):
    add_fault(sandbox, mode="drop_fields", fields=["reasoning_effort", "response_format"])
    client = openai_sdk(sandbox)

    created = client.beta.assistants.create(
        model="o3-mini",
        reasoning_effort="high",
        response_format={"type": "json_object"},
        metadata={"ab_submission": "sub-d"},
    )
    raw = openai_http(sandbox).get(f"/assistants/{created.id}").json()

    assert created.response_format is None
    assert "reasoning_effort" not in created.model_dump(exclude_unset=True)
    assert "response_format" not in raw and "reasoning_effort" not in raw
    assert raw["metadata"] == {"ab_submission": "sub-d"}


def test_dropped_fields_in_the_aitronos_shape_on_create_and_update(sandbox):
    add_fault(sandbox, mode="drop_fields", fields=["response_format", "temperature"])
    client = aitronos_sdk(sandbox)

    created = client.assistants.create_assistant(
        name="Lossy", organization_id="org_demo", temperature=0.1, response_format="json_object"
    )
    updated = client.assistants.update_assistant(created.id, temperature=0.2, instructions="Hi")
    raw = aitronos(sandbox).get(f"/assistants/{created.id}").json()
    httpx.delete(f"{sandbox}/_faults").raise_for_status()
    after_clearing = client.assistants.get_assistant(created.id)

    assert "temperature" not in raw and "response_format" not in raw
    assert created.temperature is None and updated.temperature is None
    assert updated.instructions == "Hi"
    # The server never kept them: once the fault is gone the defaults show.
    assert (after_clearing.temperature, after_clearing.response_format) == (0.7, None)


def test_a_dropped_field_is_not_validated_either(sandbox):
    add_fault(sandbox, mode="drop_fields", fields=["temperature"], dialect="aitronos")

    response = aitronos(sandbox).post("/assistants", json={**MATH_TUTOR, "temperature": 99})

    assert response.status_code == 201


# --- validation_422 --------------------------------------------------------------------------


def test_validation_422_answers_fastapis_detail_echoing_long_inputs(sandbox):
    add_fault(sandbox, mode="validation_422", dialect="aitronos")
    long_text = "x" * 50_001
    client = aitronos_sdk(sandbox)

    with pytest.raises(UnprocessableEntityError) as refused:
        client.assistants.create_assistant(
            name="Echo",
            organization_id="org_demo",
            temperature=9.0,
            system_message=[{"role": "system", "content": long_text}],
            request_options={"max_retries": 0},
        )
    # Query validation comes before the permission check, as in FastAPI: 422, not 403.
    bad_query = aitronos(sandbox).get(
        "/assistants", params={"organization_id": "org_other", "limit": 0}
    )

    detail = {tuple(item["loc"]): item for item in refused.value.body["detail"]}
    assert detail[("body", "temperature")]["input"] == 9.0
    assert detail[("body", "system_message", 0, "content")]["input"] == long_text
    assert all(set(item) == {"type", "loc", "msg", "input"} for item in detail.values())
    assert bad_query.status_code == 422
    assert bad_query.json()["detail"][0]["loc"] == ["query", "limit"]


def test_validation_422_leaves_the_duplicate_name_in_the_envelope(sandbox):
    client = aitronos(sandbox)
    client.post("/assistants", json=MATH_TUTOR)
    add_fault(sandbox, mode="validation_422")

    again = client.post("/assistants", json=MATH_TUTOR)

    assert aitronos_error(again, 400, "VALIDATION_ERROR")["details"]["issue"] == "duplicate"


# --- the write faults on updates -------------------------------------------------------------


def make_openai(base: str) -> str:
    return openai_sdk(base).beta.assistants.create(model="gpt-4o", name="Live").id


def test_rate_limit_on_updates_leaves_creates_alone(sandbox):
    add_fault(sandbox, mode="rate_limit", on=["update"], count=2, retry_after=3)
    assistant_id = make_openai(sandbox)
    client = openai_http(sandbox)

    limited = [client.post(f"/assistants/{assistant_id}", json={"name": "New"}) for _ in range(2)]
    applied = client.post(f"/assistants/{assistant_id}", json={"name": "New"})

    for response in limited:
        assert openai_error(response, 429)["code"] == "rate_limit_exceeded"
        assert response.headers["Retry-After"] == "3"
    assert applied.json()["name"] == "New"


def test_an_error_on_an_aitronos_update_changes_nothing(sandbox):
    client = aitronos_sdk(sandbox)
    created = client.assistants.create_assistant(name="Live", organization_id="org_demo")
    add_fault(sandbox, mode="error", on=["update"])

    with pytest.raises(ApiError) as failed:
        client.assistants.update_assistant(
            created.id, instructions="Changed", request_options={"max_retries": 0}
        )

    assert failed.value.status_code == 500
    assert failed.value.body["error"]["code"] == "INTERNAL_ERROR"
    assert client.assistants.get_assistant(created.id).instructions is None


def test_a_dropped_update_is_applied_although_the_client_heard_nothing(sandbox):
    client = aitronos(sandbox)
    assistant_id = client.post("/assistants", json=MATH_TUTOR).json()["id"]
    add_fault(sandbox, mode="drop_after_create", on=["update"])

    with pytest.raises((httpx.RemoteProtocolError, httpx.ReadError)):
        client.put(f"/assistants/{assistant_id}", json={"instructions": "Applied"})

    assert client.get(f"/assistants/{assistant_id}").json()["instructions"] == "Applied"


def test_a_slow_update_is_applied_after_the_client_gave_up(sandbox):
    client = aitronos_sdk(sandbox)
    created = client.assistants.create_assistant(name="Live", organization_id="org_demo")
    add_fault(sandbox, mode="slow_create", on=["update"], seconds=2)

    with pytest.raises(httpx.ReadTimeout):
        aitronos_sdk(sandbox, timeout=0.5).assistants.update_assistant(
            created.id, instructions="Late"
        )

    assert client.assistants.get_assistant(created.id).instructions is None
    assert wait_for(lambda: client.assistants.get_assistant(created.id).instructions == "Late")


def test_a_delay_on_updates_stalls_them_only(sandbox):
    add_fault(sandbox, mode="delay", on=["update"], seconds=1)
    started = time.monotonic()
    assistant_id = make_openai(sandbox)
    created_in = time.monotonic() - started

    started = time.monotonic()
    openai_sdk(sandbox).beta.assistants.update(assistant_id, name="Later")
    updated_in = time.monotonic() - started

    assert created_in < 1 <= updated_in


def test_a_fault_limited_to_an_api_key_spares_other_keys(sandbox):
    add_fault(sandbox, mode="error", api_key=OTHER_KEY, dialect="openai_v1")

    mine = openai_v1(sandbox).post("/assistants", json={"model": "gpt-4o"})
    theirs = openai_v1(sandbox, OTHER_KEY).post("/assistants", json={"model": "gpt-4o"})

    assert mine.status_code == 200
    assert theirs.status_code == 500


@pytest.mark.parametrize(
    "fault",
    [
        {"mode": "ms_timestamps", "count": 2},
        {"mode": "drop_fields"},
        {"mode": "delay", "seconds": 301},
        {"mode": "clock_offset", "seconds": 100000},
        {"mode": "error", "on": ["delete"]},
        {"mode": "namesake", "when": "later"},
    ],
)
def test_a_fault_that_does_not_fit_its_mode_is_refused(sandbox, fault):
    response = httpx.post(f"{sandbox}/_faults", json=fault)

    assert response.status_code == 400
    assert httpx.get(f"{sandbox}/_faults").json() == {"faults": []}
