"""Import takes an assistant object exactly as an upstream returns it.

The objects are the official SDKs' own models (aitronos-sdk's AssistantResponse, the openai
SDK's Assistant) dumped as their clients would receive them, nulls included.
"""

from aitronos.types.assistant_response import AssistantResponse
from openai.types.beta.assistant import Assistant

from assistants.dialects.marker import MARKER_KEY
from assistants.importing import READ_ONLY_KEYS, import_body


def test_an_aitronos_assistant_as_returned_imports_with_its_read_only_keys_dropped_and_noted():
    returned = AssistantResponse(
        id="asst_1",
        name="Maths Tutor",
        organization_id="org_demo",
        created_by="usr_1",
        created_at=1_700_000_000,
        updated_at=1_700_000_000,
        default_model_key="ftg-3.0-speed",
        instructions="Help with maths.",
        temperature=0.5,
        metadata={"team": "sales", MARKER_KEY: "3f0c6a9e-0000-4000-8000-000000000001"},
    ).model_dump(mode="json")
    # As the API sends it: every field of the model, unset ones as null (the SDK's own dump
    # leaves those out).
    returned = {key: None for key in AssistantResponse.model_fields} | returned

    result = import_body(returned)

    assert result.errors == []
    assert result.config == {
        "name": "Maths Tutor",
        "default_model_key": "ftg-3.0-speed",
        "instructions": "Help with maths.",
        "temperature": 0.5,
        "metadata": {"team": "sales"},
    }
    notes = " ".join(result.notes)
    assert "id, created_at, created_by, updated_at, deleted_at" in notes
    assert MARKER_KEY in notes, "the old submission's label is not carried into a new draft"
    assert "not set" in notes


def test_an_openai_assistant_as_returned_imports():
    returned = Assistant(
        id="asst_abc",
        object="assistant",
        created_at=1_700_000_000_000,  # some compatible servers: milliseconds
        model="gpt-4o",
        name="HR Helper",
        instructions="Answer HR questions.",
        tools=[{"type": "code_interpreter"}],
        metadata={},
        temperature=1.0,
        top_p=1.0,
        response_format="auto",
    ).model_dump(mode="json")

    result = import_body(returned)

    assert result.errors == []
    assert result.shape == "openai"
    assert result.config["name"] == "HR Helper"
    assert result.config["default_model_key"] == "gpt-4o"
    assert result.config["tools"] == [{"type": "code_interpreter"}]
    assert "id, object, created_at" in " ".join(result.notes)


def test_every_read_only_key_of_the_sdk_models_is_dropped():
    from assistants.contract.models import AssistantConfig

    aitronos_only = set(AssistantResponse.model_fields) - set(AssistantConfig.model_fields)
    openai_only = (
        set(Assistant.model_fields)
        - {"name", "description", "instructions"}
        - {
            "metadata",
            "model",
            "tools",
            "tool_resources",
            "temperature",
            "top_p",
            "response_format",
        }
    )
    assert (aitronos_only | openai_only) - {"organization_id"} <= set(READ_ONLY_KEYS)


def test_a_create_body_is_imported_without_notes_about_returned_objects():
    result = import_body({"name": "Plain", "metadata": {"team": "x"}})
    assert result.errors == [] and result.notes == []
