"""Every Aitronos endpoint the sandbox serves, driven by the official SDK (aitronos-sdk 5.0.0).

The SDK is generated from the platform's API definition: if its calls parse the sandbox's
answers into its own types, the sandbox speaks the shapes the real API is defined with.
"""

import json

import pytest
from aitronos import Aitronos
from aitronos.core.api_error import ApiError
from aitronos.types import (
    AssistantListResponse,
    AssistantResponse,
    AssistantStandardResponse,
    AssistantSummaryResponse,
)

from tests.sandbox.support import DEMO_KEY, MULTI_KEY, OTHER_KEY, aitronos

pytestmark = pytest.mark.django_db


def sdk(base: str, key: str = DEMO_KEY, **options) -> Aitronos:
    """The official client, pointed at the sandbox's Aitronos prefix."""
    return Aitronos(base_url=f"{base}/aitronos", api_key=key, timeout=15, **options)


def make(client: Aitronos, name: str, **fields) -> AssistantResponse:
    return client.assistants.create_assistant(name=name, organization_id="org_demo", **fields)


def test_create_parses_into_the_sdks_assistant_response_with_every_value_kept(sandbox):
    created = make(
        sdk(sandbox),
        "SDK Tutor",
        description="Explains fractions",
        instructions="Be patient.",
        temperature=0.3,
        metadata={"ab_submission": "sub-1", "team": "maths"},
        access_mode="organization",
        reasoning={"effort": "medium"},
        tool_configurations={"system_tools": {"web_search": {"mode": "auto"}}},
        vector_store_ids=["vs_1"],
    )

    assert isinstance(created, AssistantResponse)
    assert created.id.startswith("asst_")
    assert (created.name, created.organization_id) == ("SDK Tutor", "org_demo")
    assert (created.description, created.instructions) == ("Explains fractions", "Be patient.")
    assert created.temperature == 0.3
    assert created.metadata == {"ab_submission": "sub-1", "team": "maths"}
    assert created.access_mode == "organization"
    assert created.reasoning.effort == "medium"
    assert created.tool_configurations.system_tools["web_search"].mode == "auto"
    assert created.vector_store_ids == ["vs_1"]
    assert created.created_at == created.updated_at
    assert created.deleted_at is None


def test_get_returns_what_the_create_returned(sandbox):
    client = sdk(sandbox)
    created = make(client, "Kept", metadata={"ab_submission": "sub-2"})

    fetched = client.assistants.get_assistant(created.id)

    assert isinstance(fetched, AssistantResponse)
    assert fetched == created


def test_update_changes_only_what_it_is_given_and_reads_assistant_metadata(sandbox):
    client = sdk(sandbox)
    created = make(client, "Before", instructions="Old.", temperature=0.2, metadata={"a": "1"})

    updated = client.assistants.update_assistant(
        created.id, name="After", instructions="New.", assistant_metadata={"a": "2", "b": "3"}
    )

    assert isinstance(updated, AssistantResponse)
    assert (updated.id, updated.name, updated.instructions) == (created.id, "After", "New.")
    assert updated.temperature == 0.2  # not sent: kept
    assert updated.metadata == {"a": "2", "b": "3"}  # labels replace the old ones
    assert updated.created_at == created.created_at
    assert updated.updated_at >= created.updated_at
    assert client.assistants.get_assistant(created.id) == updated


def test_update_with_null_clears_a_field_back_to_its_default(sandbox):
    client = sdk(sandbox)
    created = make(client, "Clearable", instructions="Something.", temperature=0.2)

    cleared = client.assistants.update_assistant(created.id, instructions=None, temperature=None)

    assert cleared.instructions is None
    assert cleared.temperature == 0.7  # the documented default


def test_update_is_validated_like_a_create_in_the_documented_envelope(sandbox):
    client = sdk(sandbox)
    created = make(client, "Strict")

    with pytest.raises(ApiError) as refused:
        client.assistants.update_assistant(created.id, temperature=9.0)

    assert refused.value.status_code == 400
    error = refused.value.body["error"]
    assert (error["code"], error["details"]["field"]) == ("VALIDATION_ERROR", "temperature")
    assert client.assistants.get_assistant(created.id).temperature == 0.7


def test_update_to_a_name_taken_in_the_organisation_is_refused_as_a_duplicate(sandbox):
    client = sdk(sandbox)
    make(client, "Taken")
    mine = make(client, "Mine")

    with pytest.raises(ApiError) as refused:
        client.assistants.update_assistant(mine.id, name="Taken")

    details = refused.value.body["error"]["details"]
    assert (refused.value.status_code, details["field"], details["issue"]) == (
        400,
        "name",
        "duplicate",
    )
    assert client.assistants.get_assistant(mine.id).name == "Mine"
    # Keeping one's own name is no conflict.
    assert client.assistants.update_assistant(mine.id, name="Mine").name == "Mine"


def test_update_of_another_organisations_or_a_missing_assistant_is_404(sandbox):
    created = make(sdk(sandbox), "Private")

    for client, assistant_id in ((sdk(sandbox, OTHER_KEY), created.id), (sdk(sandbox), "asst_x")):
        with pytest.raises(ApiError) as refused:
            client.assistants.update_assistant(assistant_id, name="Stolen")
        assert refused.value.status_code == 404
        assert refused.value.body["error"]["code"] == "ASSISTANT_NOT_FOUND"


def test_delete_returns_none_and_the_assistant_is_gone(sandbox):
    client = sdk(sandbox)
    created = make(client, "Short-lived")

    assert client.assistants.delete_assistant(created.id) is None

    with pytest.raises(ApiError) as gone:
        client.assistants.get_assistant(created.id)
    assert gone.value.status_code == 404
    listed = client.assistants.list_assistants(organization_id="org_demo")
    assert listed.total == 0
    assert make(client, "Short-lived").name == "Short-lived"  # the name is free again


def test_list_parses_at_every_detail_level(sandbox):
    client = sdk(sandbox)
    created = make(client, "Listed", metadata={"ab_submission": "sub-3"})

    by_detail = {
        detail: client.assistants.list_assistants(organization_id="org_demo", fields=detail)
        for detail in ("summary", "standard", "full")
    }
    default = client.assistants.list_assistants(organization_id="org_demo")

    for listed in (*by_detail.values(), default):
        assert isinstance(listed, AssistantListResponse)
        assert [item.id for item in listed.assistants] == [created.id]
    assert type(by_detail["summary"].assistants[0]) is AssistantSummaryResponse
    assert type(by_detail["standard"].assistants[0]) is AssistantStandardResponse
    full = by_detail["full"].assistants[0]
    assert type(full) is AssistantResponse
    assert full == created  # metadata included: the marker a look-up needs
    assert type(default.assistants[0]) is AssistantSummaryResponse  # summary unless asked


def test_list_pages_through_more_than_one_page_with_offset(sandbox):
    client = sdk(sandbox)
    made = [make(client, f"Page {n}", metadata={"n": str(n)}) for n in range(5)]

    pages = []
    offset = 0
    while True:
        page = client.assistants.list_assistants(
            organization_id="org_demo", limit=2, offset=offset, fields="full"
        )
        pages.append(page)
        if not page.pagination.has_more:
            break
        offset += page.pagination.limit

    assert len(pages) == 3
    seen = [item for page in pages for item in page.assistants]
    assert [item.id for item in seen] == [a.id for a in reversed(made)]  # newest first
    assert [item.metadata for item in seen] == [{"n": str(n)} for n in (4, 3, 2, 1, 0)]
    assert {page.total for page in pages} == {5}
    assert [page.pagination.offset for page in pages] == [0, 2, 4]


def test_list_searches_sorts_and_reports_the_filters_and_user(sandbox):
    client = sdk(sandbox, MULTI_KEY)
    for name in ("Beta helper", "alpha helper", "Gamma"):
        make(client, name)

    listed = client.assistants.list_assistants(
        organization_id="org_demo", search="HELPER", sort_by="name", sort_order="asc"
    )

    assert [item.name for item in listed.assistants] == ["Beta helper", "alpha helper"]
    assert listed.organization_id == "org_demo"
    assert listed.filters_applied.search == "HELPER"
    assert (listed.filters_applied.sort_by, listed.filters_applied.sort_order) == ("name", "asc")
    assert listed.filters_applied.include_inactive is False
    assert listed.user_context.organization_count == 2
    assert listed.user_context.user_id.startswith("usr_")


def test_list_leaves_out_inactive_assistants_unless_asked(sandbox):
    client = sdk(sandbox)
    make(client, "Active")
    make(client, "Resting", is_active=False)

    default = client.assistants.list_assistants(organization_id="org_demo")
    everything = client.assistants.list_assistants(
        organization_id="org_demo", include_inactive=True
    )

    assert [item.name for item in default.assistants] == ["Active"]
    assert sorted(item.name for item in everything.assistants) == ["Active", "Resting"]


def test_list_filters_by_access_mode_and_vector_store(sandbox):
    client = sdk(sandbox)
    make(client, "Open", access_mode="organization", vector_store_ids=["vs_a"])
    make(client, "Closed", vector_store_ids=["vs_b"])

    by_mode = client.assistants.list_assistants(
        organization_id="org_demo", access_mode="organization"
    )
    by_store = client.assistants.list_assistants(organization_id="org_demo", vector_store_id="vs_b")

    assert [item.name for item in by_mode.assistants] == ["Open"]
    assert [item.name for item in by_store.assistants] == ["Closed"]


def test_the_sdks_bearer_token_also_authenticates(sandbox):
    """The SDK sends x-api-key, and Authorization: Bearer when given a token."""
    client = Aitronos(base_url=f"{sandbox}/aitronos", api_key="", token=DEMO_KEY, timeout=15)

    created = make(client, "Token")

    assert created.created_by.startswith("usr_")


def test_a_wrong_key_is_a_401_the_sdk_reports_as_an_api_error(sandbox):
    with pytest.raises(ApiError) as refused:
        sdk(sandbox, "sk-wrong").assistants.list_assistants(organization_id="org_demo")

    assert refused.value.status_code == 401
    assert refused.value.body["error"]["code"] == "AUTHENTICATION_REQUIRED"


def test_response_format_as_the_sdk_sends_it_a_string_round_trips(sandbox):
    client = sdk(sandbox)

    created = make(client, "Stringy", response_format="json_object")

    assert created.response_format == "json_object"
    assert client.assistants.get_assistant(created.id).response_format == "json_object"


def test_response_format_as_the_docs_define_it_an_object_is_answered_as_json_text(sandbox):
    """docs/contract.md: the object is accepted; the answer carries it as compact JSON text,
    because the SDK's AssistantResponse types response_format as a string."""
    document = {"type": "json_schema", "json_schema": {"name": "answer", "schema": {}}}
    created = aitronos(sandbox).post(
        "/assistants",
        json={"name": "Objecty", "organization_id": "org_demo", "response_format": document},
    )
    assert created.status_code == 201, created.text

    fetched = sdk(sandbox).assistants.get_assistant(created.json()["id"])

    assert fetched.response_format == (
        '{"type":"json_schema","json_schema":{"name":"answer","schema":{}}}'
    )


def test_metadata_sent_both_ways_must_agree(sandbox):
    client = aitronos(sandbox)
    created = client.post("/assistants", json={"name": "Two", "organization_id": "org_demo"})
    assistant_id = created.json()["id"]

    same = client.put(
        f"/assistants/{assistant_id}",
        json={"metadata": {"a": "1"}, "assistant_metadata": {"a": "1"}},
    )
    different = client.put(
        f"/assistants/{assistant_id}",
        json={"metadata": {"a": "1"}, "assistant_metadata": {"a": "2"}},
    )
    on_create = client.post(
        "/assistants",
        json={"name": "Three", "organization_id": "org_demo", "assistant_metadata": {"b": "2"}},
    )

    assert same.json()["metadata"] == {"a": "1"}
    assert different.status_code == 400
    assert different.json()["error"]["details"]["field"] == "assistant_metadata"
    assert on_create.json()["metadata"] == {"b": "2"}


def test_an_update_cannot_move_an_assistant_to_another_organisation(sandbox):
    client = aitronos(sandbox, MULTI_KEY)
    created = client.post("/assistants", json={"name": "Stay", "organization_id": "org_demo"})

    moved = client.put(f"/assistants/{created.json()['id']}", json={"organization_id": "org_third"})

    assert moved.status_code == 400
    assert moved.json()["error"]["details"]["field"] == "organization_id"


def test_the_product_sends_the_documented_object_and_reads_it_back_as_text(sandbox):
    """docs/contract.md: the contract keeps the docs' object; the sandbox answers text."""
    from assistants.contract import validate_config
    from assistants.dialects import build_request

    document = {"type": "json_object"}
    request = build_request(
        "aitronos",
        {"name": "Contracted", "response_format": document},
        organization_id="org_demo",
        api_key=DEMO_KEY,
    )
    created = aitronos(sandbox).post("/assistants", json=request.body)

    assert request.body["response_format"] == document
    assert validate_config({"name": "X", "response_format": "json_object"}).errors
    assert created.status_code == 201, created.text
    fetched = sdk(sandbox).assistants.get_assistant(created.json()["id"])
    assert json.loads(fetched.response_format) == document
