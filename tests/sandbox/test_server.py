"""The server itself: persistence across restarts, routing, keys, and isolation."""

import httpx
import pytest
from django.urls import Resolver404, resolve

from sandbox.keys import parse_api_keys
from tests.sandbox.support import aitronos, openai, start_sandbox

# Marked so pytest-django creates the test database the sandbox process uses; each test's
# own (empty) transaction holds no lock the server could wait on.
pytestmark = pytest.mark.django_db


def test_an_assistant_survives_a_restart_of_the_sandbox(django_db_setup, tmp_path):
    first, base = start_sandbox(tmp_path)
    try:
        httpx.post(f"{base}/_reset").raise_for_status()
        created = aitronos(base).post(
            "/assistants", json={"name": "Durable", "organization_id": "org_demo"}
        )
    finally:
        first.stop()
    assert created.status_code == 201

    second, base = start_sandbox(tmp_path)
    try:
        fetched = aitronos(base).get(f"/assistants/{created.json()['id']}")
        httpx.post(f"{base}/_reset")
    finally:
        second.stop()

    assert fetched.status_code == 200
    assert fetched.json() == created.json()


def test_every_request_is_logged_as_one_line_with_status_and_duration(django_db_setup, tmp_path):
    child, base = start_sandbox(tmp_path)
    try:
        openai(base).get("/assistants")
        aitronos(base, None).get("/assistants")
    finally:
        child.stop()

    lines = child.log().splitlines()
    assert any(line.startswith("GET /openai/v1/assistants 200 ") for line in lines), lines
    assert any(line.startswith("GET /aitronos/v1/assistants 401 ") for line in lines), lines
    assert all(line.endswith("ms") for line in lines if line.startswith("GET "))


def test_an_unknown_path_is_a_json_404_in_the_prefixs_format(sandbox):
    assert httpx.get(f"{sandbox}/nowhere").status_code == 404
    nested = httpx.get(f"{sandbox}/aitronos/v2/assistants")
    assert (nested.status_code, nested.json()["error"]["code"]) == (404, "NOT_FOUND")


def test_a_wrong_method_is_a_405_naming_the_allowed_ones(sandbox):
    response = aitronos(sandbox).put("/assistants")

    assert response.status_code == 405
    assert response.headers["Allow"] == "GET, POST"


def test_the_dashboard_does_not_serve_the_sandbox_urls():
    for path in ("/aitronos/v1/assistants", "/openai/v1/assistants", "/_faults", "/_stats"):
        with pytest.raises(Resolver404):
            resolve(path)


def test_api_keys_are_parsed_as_key_organisation_pairs():
    parsed = parse_api_keys(" k1=org_a, k2=org_b ,k1=org_c,,k1=org_a")

    assert parsed == {"k1": ("org_a", "org_c"), "k2": ("org_b",)}


@pytest.mark.parametrize("text", ["k1", "=org_a", "k1="])
def test_a_malformed_api_key_setting_is_refused(text):
    with pytest.raises(ValueError, match="key=org_id"):
        parse_api_keys(text)
