"""Every OpenAI-shape endpoint the sandbox serves, driven by the `openai` SDK.

Both prefixes: /openai (Assistants v2) and /openai_v1 (OpenAI-compatible v1 servers). The
SDK sends `OpenAI-Beta: assistants=v2` itself; the v1 shape ignores it.
"""

import openai
import pytest
from openai.types.beta import Assistant, AssistantDeleted

from tests.sandbox.support import DEMO_KEY, OTHER_KEY

pytestmark = [
    pytest.mark.django_db,
    # The SDK marks beta.assistants deprecated (OpenAI retired its hosted Assistants API);
    # compatible servers still speak it, which is what these tests check.
    pytest.mark.filterwarnings("ignore::DeprecationWarning"),
]

PREFIXES = ["openai", "openai_v1"]


def sdk(base: str, prefix: str, key: str = DEMO_KEY) -> openai.OpenAI:
    return openai.OpenAI(base_url=f"{base}/{prefix}/v1", api_key=key, timeout=15, max_retries=0)


@pytest.mark.parametrize("prefix", PREFIXES)
def test_create_and_retrieve_parse_into_the_sdks_assistant(sandbox, prefix):
    client = sdk(sandbox, prefix)

    created = client.beta.assistants.create(
        model="gpt-4o",
        name="Math Tutor",
        description="Fractions",
        instructions="Be patient.",
        tools=[{"type": "code_interpreter"}],
        metadata={"ab_submission": "sub-1"},
    )
    fetched = client.beta.assistants.retrieve(created.id)

    assert isinstance(created, Assistant)
    assert (created.object, created.model, created.name) == ("assistant", "gpt-4o", "Math Tutor")
    assert created.instructions == "Be patient."
    assert [tool.type for tool in created.tools] == ["code_interpreter"]
    assert created.metadata == {"ab_submission": "sub-1"}
    assert fetched == created


def test_v2_keeps_the_sampling_settings_and_response_format(sandbox):
    client = sdk(sandbox, "openai")

    created = client.beta.assistants.create(
        model="gpt-4o",
        temperature=0.2,
        top_p=0.9,
        response_format={"type": "json_object"},
    )

    assert (created.temperature, created.top_p) == (0.2, 0.9)
    assert created.response_format.type == "json_object"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_changes_what_it_is_given_and_keeps_the_rest(sandbox, prefix):
    client = sdk(sandbox, prefix)
    created = client.beta.assistants.create(
        model="gpt-4o", name="Before", instructions="Old.", metadata={"a": "1"}
    )

    updated = client.beta.assistants.update(created.id, name="After", metadata={"a": "2", "b": "3"})

    assert isinstance(updated, Assistant)
    assert (updated.id, updated.name, updated.instructions) == (created.id, "After", "Old.")
    assert updated.metadata == {"a": "2", "b": "3"}
    assert updated.created_at == created.created_at
    assert client.beta.assistants.retrieve(created.id) == updated


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_is_validated_like_a_create(sandbox, prefix):
    client = sdk(sandbox, prefix)
    created = client.beta.assistants.create(model="gpt-4o", name="Strict")

    with pytest.raises((openai.BadRequestError, openai.UnprocessableEntityError)) as refused:
        client.beta.assistants.update(created.id, name="x" * 300)

    assert refused.value.status_code == (400 if prefix == "openai" else 422)
    assert client.beta.assistants.retrieve(created.id).name == "Strict"


@pytest.mark.parametrize("prefix", PREFIXES)
def test_update_of_another_keys_assistant_is_404(sandbox, prefix):
    created = sdk(sandbox, prefix).beta.assistants.create(model="gpt-4o", name="Mine")

    with pytest.raises(openai.NotFoundError):
        sdk(sandbox, prefix, OTHER_KEY).beta.assistants.update(created.id, name="Theirs")


@pytest.mark.parametrize("prefix", PREFIXES)
def test_delete_answers_assistant_deleted_and_the_assistant_is_gone(sandbox, prefix):
    client = sdk(sandbox, prefix)
    created = client.beta.assistants.create(model="gpt-4o", name="Short-lived")

    deleted = client.beta.assistants.delete(created.id)

    assert isinstance(deleted, AssistantDeleted)
    assert (deleted.id, deleted.object, deleted.deleted) == (
        created.id,
        "assistant.deleted",
        True,
    )
    with pytest.raises(openai.NotFoundError):
        client.beta.assistants.retrieve(created.id)
    assert client.beta.assistants.list().data == []


@pytest.mark.parametrize("prefix", PREFIXES)
def test_list_pages_through_more_than_one_page_in_both_orders(sandbox, prefix):
    client = sdk(sandbox, prefix)
    made = [
        client.beta.assistants.create(model="gpt-4o", name=f"Page {n}", metadata={"n": str(n)})
        for n in range(5)
    ]

    first = client.beta.assistants.list(limit=2)
    pages = list(first.iter_pages())
    newest_first = list(first)  # iterating a page follows `after` through every page
    oldest_first = list(client.beta.assistants.list(limit=2, order="asc"))
    second = client.beta.assistants.list(limit=2, after=first.last_id)
    back = client.beta.assistants.list(limit=2, before=second.first_id)

    assert [len(page.data) for page in pages] == [2, 2, 1]
    assert [a.id for a in newest_first] == [a.id for a in reversed(made)]
    assert [a.metadata for a in newest_first] == [{"n": str(n)} for n in (4, 3, 2, 1, 0)]
    assert [a.id for a in oldest_first] == [a.id for a in made]
    assert (first.has_more, first.first_id, first.last_id) == (True, made[4].id, made[3].id)
    assert [a.id for a in second.data] == [made[2].id, made[1].id]
    assert [a.id for a in back.data] == [made[4].id, made[3].id]


@pytest.mark.parametrize("prefix", PREFIXES)
def test_each_key_lists_only_its_own_organisations_assistants(sandbox, prefix):
    sdk(sandbox, prefix).beta.assistants.create(model="gpt-4o", name="Mine")

    theirs = sdk(sandbox, prefix, OTHER_KEY).beta.assistants.list()

    assert theirs.data == []
