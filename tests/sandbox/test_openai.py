"""The OpenAI Assistants v2 and OpenAI-compatible v1 shapes, over real HTTP."""

import pytest

from assistants.contract import load_example
from tests.sandbox.support import OTHER_KEY, openai, openai_error, openai_v1, stats

# Marked so pytest-django creates the test database the sandbox process uses; each test's
# own (empty) transaction holds no lock the server could wait on.
pytestmark = pytest.mark.django_db

V2_KEYS = {
    "id",
    "object",
    "created_at",
    "name",
    "description",
    "model",
    "instructions",
    "tools",
    "tool_resources",
    "metadata",
    "top_p",
    "temperature",
    "response_format",
}


@pytest.mark.parametrize("example", ["openai_math_tutor", "openai_hr_helper"])
def test_the_documented_v2_examples_are_created_with_200_and_the_documented_object(
    sandbox, example
):
    body = load_example(example)

    response = openai(sandbox).post("/assistants", json=body)

    assert response.status_code == 200, response.text
    created = response.json()
    assert set(created) == V2_KEYS
    assert created["id"].startswith("asst_")
    assert created["object"] == "assistant"
    assert isinstance(created["created_at"], int)
    assert (created["name"], created["model"], created["tools"]) == (
        body["name"],
        "gpt-4o",
        body["tools"],
    )
    assert created["instructions"] == body["instructions"]
    assert created["tool_resources"] == body.get("tool_resources", {})
    assert (created["metadata"], created["description"]) == ({}, None)
    assert (created["top_p"], created["temperature"], created["response_format"]) == (
        1.0,
        1.0,
        "auto",
    )


def test_the_math_tutor_is_created_through_the_v1_shape_with_file_ids(sandbox):
    response = openai_v1(sandbox).post("/assistants", json=load_example("openai_math_tutor"))

    assert response.status_code == 200, response.text
    created = response.json()
    assert set(created) == {
        "id",
        "object",
        "created_at",
        "name",
        "description",
        "model",
        "instructions",
        "tools",
        "file_ids",
        "metadata",
    }
    assert (created["file_ids"], created["metadata"]) == ([], {})


def test_v1_refuses_what_only_v2_has_in_fastapis_422_format(sandbox):
    response = openai_v1(sandbox).post("/assistants", json=load_example("openai_hr_helper"))

    assert response.status_code == 422
    detail = response.json()["detail"]
    assert {tuple(entry["loc"]) for entry in detail} == {
        ("body", "tools", 0, "type"),
        ("body", "tool_resources"),
    }
    assert all(set(entry) == {"loc", "msg", "type"} for entry in detail)


def test_v1_validation_errors_name_the_field_in_loc(sandbox):
    response = openai_v1(sandbox).post("/assistants", json={"model": "m", "name": "n" * 257})

    assert response.status_code == 422
    [entry] = response.json()["detail"]
    assert entry["loc"] == ["body", "name"]
    assert entry["type"] == "string_too_long"
    assert entry["msg"]


def test_v1_malformed_json_is_a_422(sandbox):
    response = openai_v1(sandbox).post("/assistants", content=b"{oops")

    assert response.status_code == 422
    assert response.json()["detail"][0]["type"] == "json_invalid"


@pytest.mark.parametrize(
    ("body", "param", "code"),
    [
        ({"name": "No model"}, "model", "missing_required_parameter"),
        ({"model": "m", "name": "n" * 257}, "name", "string_above_max_length"),
        ({"model": "m", "temperature": 3}, "temperature", "invalid_value"),
        ({"model": "m", "colour": "blue"}, "colour", "unknown_parameter"),
        ({"model": "m", "tools": [{"type": "retrieval"}]}, "tools[0].type", "invalid_value"),
    ],
    ids=["model missing", "name too long", "temperature above 2", "unknown key", "v1 tool"],
)
def test_v2_validation_errors_are_400_naming_the_param(sandbox, body, param, code):
    error = openai_error(openai(sandbox).post("/assistants", json=body), 400)

    assert (error["type"], error["param"], error["code"]) == ("invalid_request_error", param, code)
    assert stats(sandbox)["total"] == 0


def test_v2_malformed_json_is_a_400(sandbox):
    error = openai_error(openai(sandbox).post("/assistants", content=b"{oops"), 400)

    assert error["type"] == "invalid_request_error"


@pytest.mark.parametrize("client", [openai, openai_v1], ids=["v2", "v1"])
@pytest.mark.parametrize("key", [None, "sk-wrong"], ids=["no key", "unknown key"])
def test_a_request_without_a_valid_bearer_key_is_refused_with_401(sandbox, client, key):
    for response in (
        client(sandbox, key).post("/assistants", json={"model": "gpt-4o"}),
        client(sandbox, key).get("/assistants"),
    ):
        error = openai_error(response, 401)
        assert error == {
            "message": error["message"],
            "type": "invalid_request_error",
            "param": None,
            "code": "invalid_api_key",
        }


def test_an_api_key_sent_as_x_api_key_does_not_authenticate_openai(sandbox):
    client = openai(sandbox, None)

    response = client.get("/assistants", headers={"X-API-Key": "sk-sandbox-demo"})

    openai_error(response, 401)


@pytest.mark.parametrize("beta", [None, "assistants=v1"], ids=["missing", "v1"])
def test_v2_requires_the_openai_beta_header(sandbox, beta):
    client = openai(sandbox, beta=False)
    headers = {"OpenAI-Beta": beta} if beta else {}

    for response in (
        client.post("/assistants", json={"model": "gpt-4o"}, headers=headers),
        client.get("/assistants", headers=headers),
    ):
        error = openai_error(response, 400)
        assert "OpenAI-Beta" in error["message"]
    assert stats(sandbox)["total"] == 0


def test_the_v1_shape_needs_no_beta_header(sandbox):
    assert openai_v1(sandbox).post("/assistants", json={"model": "m"}).status_code == 200


def test_openai_accepts_duplicate_names_like_the_real_service(sandbox):
    client = openai(sandbox)

    first = client.post("/assistants", json={"model": "gpt-4o", "name": "Twin"})
    second = client.post("/assistants", json={"model": "gpt-4o", "name": "Twin"})

    assert (first.status_code, second.status_code) == (200, 200)
    assert stats(sandbox)["created"] == {"org_demo": {"Twin": 2}}


@pytest.mark.parametrize("client", [openai, openai_v1], ids=["v2", "v1"])
def test_the_list_finds_an_assistant_by_exact_name_in_the_keys_organisation(sandbox, client):
    mine = client(sandbox)
    for name in ("Math Tutor", "Math Tutor 2"):
        mine.post("/assistants", json={"model": "gpt-4o", "name": name})
    client(sandbox, OTHER_KEY).post("/assistants", json={"model": "gpt-4o", "name": "Math Tutor"})

    listed = mine.get("/assistants", params={"name": "Math Tutor"}).json()

    assert set(listed) == {"object", "data", "first_id", "last_id", "has_more"}
    assert listed["object"] == "list"
    assert [a["name"] for a in listed["data"]] == ["Math Tutor"]
    assert listed["first_id"] == listed["last_id"] == listed["data"][0]["id"]
    assert listed["has_more"] is False


def test_an_empty_list_has_null_cursors(sandbox):
    listed = openai(sandbox).get("/assistants").json()

    assert listed == {
        "object": "list",
        "data": [],
        "first_id": None,
        "last_id": None,
        "has_more": False,
    }


@pytest.mark.parametrize("client", [openai, openai_v1], ids=["v2", "v1"])
def test_retrieve_then_delete_then_404_in_openais_format(sandbox, client):
    api = client(sandbox)
    created = api.post("/assistants", json={"model": "gpt-4o", "name": "Brief"}).json()

    assert api.get(f"/assistants/{created['id']}").json() == created
    deleted = api.delete(f"/assistants/{created['id']}")

    assert deleted.json() == {"id": created["id"], "object": "assistant.deleted", "deleted": True}
    error = openai_error(api.get(f"/assistants/{created['id']}"), 404)
    assert created["id"] in error["message"]


def test_another_keys_assistant_is_not_found(sandbox):
    created = openai(sandbox).post("/assistants", json={"model": "gpt-4o"}).json()

    openai_error(openai(sandbox, OTHER_KEY).get(f"/assistants/{created['id']}"), 404)


def test_the_shapes_do_not_see_each_others_assistants(sandbox):
    created = openai(sandbox).post("/assistants", json={"model": "gpt-4o"}).json()

    openai_error(openai_v1(sandbox).get(f"/assistants/{created['id']}"), 404)
    assert openai_v1(sandbox).get("/assistants").json()["data"] == []
