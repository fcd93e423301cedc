"""The Aitronos shape, over real HTTP, against aitronos-create-assistant.md."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import pytest

from assistants.contract import load_example
from assistants.contract.violations import VIOLATIONS, build
from tests.sandbox.support import (
    DOCS_KEY,
    MULTI_KEY,
    OTHER_KEY,
    aitronos,
    aitronos_error,
    contains,
    stats,
)

# Marked so pytest-django creates the test database the sandbox process uses; each test's
# own (empty) transaction holds no lock the server could wait on.
pytestmark = pytest.mark.django_db

# The keys of the documented 201 response.
DOCUMENTED_KEYS = {
    "id",
    "name",
    "description",
    "organization_id",
    "created_by",
    "default_model_key",
    "instructions",
    "tool_configurations",
    "is_active",
    "access_mode",
    "temperature",
    "streaming",
    "store_responses",
    "created_at",
    "updated_at",
    "deleted_at",
}


def create(client: httpx.Client, name: str, organization_id: str = "org_demo", **fields):
    return client.post(
        "/assistants", json={"name": name, "organization_id": organization_id, **fields}
    )


@pytest.mark.parametrize(
    "example", ["aitronos_minimal", "aitronos_with_tools", "aitronos_all_parameters"]
)
def test_every_documented_request_example_is_created_with_the_documented_object(sandbox, example):
    body = load_example(example)
    before = int(time.time())

    response = aitronos(sandbox, DOCS_KEY).post("/assistants", json=body)

    assert response.status_code == 201, response.text
    created = response.json()
    assert set(created) >= DOCUMENTED_KEYS
    assert created["id"].startswith("asst_") and len(created["id"]) > len("asst_") + 10
    assert created["organization_id"] == "org_abc123"
    assert created["created_by"].startswith("usr_")
    assert before <= created["created_at"] <= time.time() + 1
    assert created["updated_at"] == created["created_at"]
    assert created["deleted_at"] is None
    assert contains(created, {k: v for k, v in body.items() if k != "organization_id"})


def test_a_minimal_assistant_gets_the_documented_defaults(sandbox):
    created = create(aitronos(sandbox), "Defaults").json()

    assert {
        key: created[key]
        for key in DOCUMENTED_KEYS - {"id", "created_by", "created_at", "updated_at"}
    } == {
        "name": "Defaults",
        "description": None,
        "organization_id": "org_demo",
        "default_model_key": "ftg-3.0-speed",
        "instructions": None,
        "tool_configurations": None,
        "is_active": True,
        "access_mode": "private",
        "temperature": 0.7,
        "streaming": True,
        "store_responses": True,
        "deleted_at": None,
    }
    assert (created["top_p"], created["max_tool_calls"], created["truncation"]) == (1.0, 50, True)


@pytest.mark.parametrize("key", [None, "sk-wrong"], ids=["no key", "unknown key"])
def test_a_request_without_a_valid_api_key_is_refused_with_401_in_the_envelope(sandbox, key):
    client = aitronos(sandbox, key)

    for response in (create(client, "Nope"), client.get("/assistants?organization_id=org_demo")):
        error = aitronos_error(response, 401, "AUTHENTICATION_REQUIRED")
        assert error["type"] == "authentication_error"
    assert stats(sandbox)["total"] == 0


def test_every_error_carries_a_fresh_trace_id(sandbox):
    client = aitronos(sandbox, None)

    traces = {create(client, "Nope").json()["error"]["trace_id"] for _ in range(3)}

    assert len(traces) == 3


def test_a_key_acting_for_another_organisation_is_refused_with_403_naming_it(sandbox):
    response = create(aitronos(sandbox), "Elsewhere", organization_id="org_other")

    error = aitronos_error(response, 403, "INSUFFICIENT_PERMISSIONS")
    assert error["details"] == {
        "required_permission": "assistants:create",
        "organization_id": "org_other",
    }
    assert stats(sandbox)["total"] == 0


def test_a_key_listed_for_two_organisations_may_create_in_both(sandbox):
    client = aitronos(sandbox, MULTI_KEY)

    assert create(client, "A", organization_id="org_demo").status_code == 201
    assert create(client, "A", organization_id="org_third").status_code == 201


@pytest.mark.parametrize(
    ("description", "patch", "expected_path"), VIOLATIONS, ids=[case[0] for case in VIOLATIONS]
)
def test_every_documented_violation_is_refused_with_400_naming_the_field(
    sandbox_server, description, patch, expected_path
):
    body = {**build(patch), "organization_id": "org_demo"}

    response = aitronos(sandbox_server).post("/assistants", json=body)

    error = aitronos_error(response, 400, "VALIDATION_ERROR")
    assert error["type"] == "validation_error"
    assert error["details"]["field"] == expected_path
    assert error["details"]["issue"]
    assert expected_path in [each["field"] for each in error["details"]["errors"]]


def test_a_missing_name_is_reported_as_the_documented_required_issue(sandbox):
    response = aitronos(sandbox).post("/assistants", json={"organization_id": "org_demo"})

    error = aitronos_error(response, 400, "VALIDATION_ERROR")
    assert error["system_message"] == "Missing required field: name"
    assert (error["details"]["field"], error["details"]["issue"]) == ("name", "required")


def test_all_errors_of_a_request_are_listed_in_details(sandbox):
    body = {"organization_id": "org_demo", "temperature": 3, "top_p": 2}

    error = aitronos_error(
        aitronos(sandbox).post("/assistants", json=body), 400, "VALIDATION_ERROR"
    )

    assert [each["field"] for each in error["details"]["errors"]] == [
        "name",
        "temperature",
        "top_p",
    ]


def test_a_missing_organization_id_is_a_validation_error_naming_it(sandbox):
    response = aitronos(sandbox).post("/assistants", json={"name": "No org"})

    error = aitronos_error(response, 400, "VALIDATION_ERROR")
    assert error["details"]["field"] == "organization_id"


@pytest.mark.parametrize(
    "content", [b"{not json", b"", b"[1, 2]"], ids=["malformed", "empty", "a list"]
)
def test_a_body_that_is_not_a_json_object_is_refused_with_400(sandbox, content):
    response = aitronos(sandbox).post("/assistants", content=content)

    error = aitronos_error(response, 400, "VALIDATION_ERROR")
    assert error["details"]["field"] == "body"


def test_a_duplicate_name_within_an_organisation_is_refused_naming_the_name(sandbox):
    client = aitronos(sandbox)
    assert create(client, "Math Tutor").status_code == 201

    error = aitronos_error(create(client, "Math Tutor"), 400, "VALIDATION_ERROR")

    assert (error["details"]["field"], error["details"]["issue"]) == ("name", "duplicate")
    assert stats(sandbox)["created"] == {"org_demo": {"Math Tutor": 1}}


def test_the_same_name_in_another_organisation_is_accepted(sandbox):
    assert create(aitronos(sandbox), "Math Tutor").status_code == 201

    response = create(aitronos(sandbox, OTHER_KEY), "Math Tutor", organization_id="org_other")

    assert response.status_code == 201
    assert stats(sandbox)["created"] == {
        "org_demo": {"Math Tutor": 1},
        "org_other": {"Math Tutor": 1},
    }


def test_concurrent_creates_with_one_name_make_exactly_one_assistant(sandbox):
    def attempt(_):
        with aitronos(sandbox) as client:
            return create(client, "Racer").status_code

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = sorted(pool.map(attempt, range(8)))

    assert statuses == [201] + [400] * 7
    assert stats(sandbox)["created"] == {"org_demo": {"Racer": 1}}


def test_a_deleted_assistant_is_gone_and_frees_its_name(sandbox):
    client = aitronos(sandbox)
    created = create(client, "Short-lived").json()

    deleted = client.delete(f"/assistants/{created['id']}")

    # The SDK's delete_assistant reads no body; the sandbox answers 204 No Content.
    assert (deleted.status_code, deleted.content) == (204, b"")
    aitronos_error(client.get(f"/assistants/{created['id']}"), 404, "ASSISTANT_NOT_FOUND")
    aitronos_error(client.delete(f"/assistants/{created['id']}"), 404, "ASSISTANT_NOT_FOUND")
    assert client.get("/assistants?organization_id=org_demo").json()["assistants"] == []
    assert create(client, "Short-lived").status_code == 201


def test_retrieve_returns_the_created_object_in_the_same_order(sandbox):
    client = aitronos(sandbox)
    created = create(client, "Kept", instructions="Be brief.").json()

    fetched = client.get(f"/assistants/{created['id']}")

    assert fetched.status_code == 200
    assert list(fetched.json().items()) == list(created.items())


def test_another_organisations_assistant_is_not_found(sandbox):
    created = create(aitronos(sandbox), "Private").json()
    stranger = aitronos(sandbox, OTHER_KEY)

    aitronos_error(stranger.get(f"/assistants/{created['id']}"), 404, "ASSISTANT_NOT_FOUND")
    aitronos_error(stranger.delete(f"/assistants/{created['id']}"), 404, "ASSISTANT_NOT_FOUND")
    assert aitronos(sandbox).get(f"/assistants/{created['id']}").status_code == 200


def test_list_needs_an_organization_id_the_key_may_read(sandbox):
    client = aitronos(sandbox)

    missing = aitronos_error(client.get("/assistants"), 400, "VALIDATION_ERROR")
    forbidden = aitronos_error(
        client.get("/assistants?organization_id=org_other"), 403, "INSUFFICIENT_PERMISSIONS"
    )

    assert (missing["details"]["field"], missing["details"]["issue"]) == (
        "organization_id",
        "required",
    )
    assert forbidden["details"]["required_permission"] == "assistants:read"


def test_list_filters_by_organisation_and_searches_names(sandbox):
    client = aitronos(sandbox)
    for name in ("Math Tutor", "Math Tutor 2", "HR Helper"):
        create(client, name)
    create(aitronos(sandbox, OTHER_KEY), "Math Tutor", organization_id="org_other")

    everything = client.get("/assistants", params={"organization_id": "org_demo"}).json()
    found = client.get(
        "/assistants", params={"organization_id": "org_demo", "search": "math"}
    ).json()
    # Not Aitronos parameters (the OpenAI shapes' cursors and the old sandbox filters):
    # ignored, as the API, a FastAPI app, ignores query parameters it does not define.
    ignored = client.get(
        "/assistants",
        params={"organization_id": "org_demo", "name": "HR Helper", "after": "asst_nope"},
    ).json()

    assert [a["name"] for a in everything["assistants"]] == [
        "HR Helper",
        "Math Tutor 2",
        "Math Tutor",
    ]
    assert sorted(a["name"] for a in found["assistants"]) == ["Math Tutor", "Math Tutor 2"]
    assert found["total"] == found["pagination"]["total"] == 2
    assert found["filters_applied"]["search"] == "math"
    assert len(ignored["assistants"]) == 3
    assert set(everything) == {
        "assistants",
        "total",
        "organization_id",
        "pagination",
        "filters_applied",
        "user_context",
    }


def test_list_pages_with_limit_and_offset(sandbox):
    client = aitronos(sandbox)
    ids = [create(client, f"Page {n}").json()["id"] for n in range(5)]
    newest_first = list(reversed(ids))
    params = {"organization_id": "org_demo", "limit": 2}

    pages = [
        client.get("/assistants", params={**params, "offset": offset}).json()
        for offset in (0, 2, 4)
    ]
    oldest = client.get("/assistants", params={**params, "sort_order": "asc"}).json()

    assert [[a["id"] for a in page["assistants"]] for page in pages] == [
        newest_first[0:2],
        newest_first[2:4],
        newest_first[4:],
    ]
    assert [page["pagination"] for page in pages] == [
        {"total": 5, "limit": 2, "offset": 0, "has_more": True},
        {"total": 5, "limit": 2, "offset": 2, "has_more": True},
        {"total": 5, "limit": 2, "offset": 4, "has_more": False},
    ]
    assert [a["id"] for a in oldest["assistants"]] == ids[0:2]


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"limit": "0"}, "limit"),
        ({"limit": "x"}, "limit"),
        ({"limit": "101"}, "limit"),
        ({"offset": "-1"}, "offset"),
        ({"sort_order": "up"}, "sort_order"),
        ({"sort_by": "colour"}, "sort_by"),
        ({"fields": "everything"}, "fields"),
        ({"include_inactive": "maybe"}, "include_inactive"),
    ],
)
def test_bad_list_parameters_are_refused_naming_them(sandbox, params, field):
    response = aitronos(sandbox).get(
        "/assistants", params={"organization_id": "org_demo", **params}
    )

    assert aitronos_error(response, 400, "VALIDATION_ERROR")["details"]["field"] == field


def test_an_idempotency_key_is_recorded_but_never_deduplicates(sandbox):
    from sandbox.models import SandboxAssistant

    client = aitronos(sandbox)
    headers = {"Idempotency-Key": "submission-42"}

    first = client.post(
        "/assistants", json={"name": "One", "organization_id": "org_demo"}, headers=headers
    )
    second = client.post(
        "/assistants", json={"name": "Two", "organization_id": "org_demo"}, headers=headers
    )
    again = client.post(
        "/assistants", json={"name": "One", "organization_id": "org_demo"}, headers=headers
    )

    assert (first.status_code, second.status_code) == (201, 201)
    assert first.json()["id"] != second.json()["id"]
    assert aitronos_error(again, 400, "VALIDATION_ERROR")["details"]["issue"] == "duplicate"
    recorded = SandboxAssistant.objects.get(id=first.json()["id"]).idempotency_key
    assert recorded == "submission-42"
