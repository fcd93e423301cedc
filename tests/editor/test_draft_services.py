from datetime import timedelta

import pytest

from assistants.models import Draft, DraftRevision
from assistants.services.drafts import (
    DraftInvalid,
    StaleEdit,
    draft_clone,
    draft_create,
    draft_delete,
    draft_restore,
    draft_update_config,
    draft_update_section,
)


def test_a_draft_stores_its_name_in_the_configuration_and_as_a_column(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="  Tutor ")
    assert (draft.name, draft.config) == ("Tutor", {"name": "Tutor"})


def test_names_are_unique_in_an_organisation_whatever_the_case(organization, admin_user):
    draft_create(organization=organization, user=admin_user, name="Tutor")
    with pytest.raises(DraftInvalid) as refused:
        draft_create(organization=organization, user=admin_user, name="tutor")
    assert refused.value.errors[0].field == "name"
    assert "already called" in refused.value.errors[0].message


def test_the_same_name_is_fine_in_another_organisation(
    organization, other_organization, admin_user
):
    draft_create(organization=organization, user=admin_user, name="Tutor")
    draft_create(organization=other_organization, user=admin_user, name="Tutor")
    assert Draft.objects.filter(name="Tutor").count() == 2


def test_an_invalid_configuration_is_refused_with_field_errors(organization, admin_user):
    with pytest.raises(DraftInvalid) as refused:
        draft_create(
            organization=organization,
            user=admin_user,
            name="X",
            config={"temperature": 5, "top_p": -1},
        )
    assert {e.path for e in refused.value.errors} == {"temperature", "top_p"}
    assert not Draft.objects.exists()


def test_a_section_save_against_an_old_version_is_refused(organization, admin_user, editor_user):
    draft = draft_create(organization=organization, user=admin_user, name="X")
    draft_update_section(
        draft=draft,
        user=editor_user,
        section="generation",
        values={"seed": 1},
        removed=[],
        base_version=0,
    )
    with pytest.raises(StaleEdit, match="eddie saved this section"):
        draft_update_section(
            draft=draft,
            user=admin_user,
            section="generation",
            values={"seed": 2},
            removed=[],
            base_version=0,
        )
    assert Draft.objects.get().config["seed"] == 1


def test_errors_in_other_sections_do_not_block_a_valid_section(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="X")
    Draft.objects.update(config={"name": "X", "temperature": 9})  # e.g. an old import
    saved = draft_update_section(
        draft=draft,
        user=admin_user,
        section="basics",
        values={"description": "ok"},
        removed=[],
        base_version=0,
    )
    assert saved.config["description"] == "ok"


def test_nested_paths_are_set_and_cleared_without_touching_their_siblings(organization, admin_user):
    config = {
        "tool_configurations": {
            "streamline_tools": ["flow_1"],
            "mcp_tools": [{"server_label": "a", "type": "mcp", "connector_id": "connector_gmail"}],
        }
    }
    draft = draft_create(organization=organization, user=admin_user, name="X", config=config)
    saved = draft_update_section(
        draft=draft,
        user=admin_user,
        section="mcp",
        values={},
        removed=["tool_configurations.mcp_tools"],
        base_version=0,
    )
    assert saved.config["tool_configurations"] == {"streamline_tools": ["flow_1"]}
    saved = draft_update_section(
        draft=saved,
        user=admin_user,
        section="tools",
        values={},
        removed=["tool_configurations.streamline_tools"],
        base_version=0,
    )
    assert "tool_configurations" not in saved.config, "an emptied object is removed"


def test_saves_by_one_person_within_minutes_fold_into_one_revision(
    organization, admin_user, editor_user
):
    draft = draft_create(organization=organization, user=admin_user, name="X")
    for seed in (1, 2):
        draft = draft_update_section(
            draft=draft,
            user=admin_user,
            section="generation",
            values={"seed": seed},
            removed=[],
            base_version=draft.section_version("generation"),
        )
    assert DraftRevision.objects.count() == 1
    assert DraftRevision.objects.get().config["seed"] == 2
    assert DraftRevision.objects.get().changed_fields == ["name", "seed"]
    DraftRevision.objects.update(
        updated_at=DraftRevision.objects.get().updated_at - timedelta(minutes=10)
    )
    draft_update_section(
        draft=draft,
        user=admin_user,
        section="generation",
        values={"seed": 3},
        removed=[],
        base_version=draft.section_version("generation"),
    )
    draft_update_section(
        draft=Draft.objects.get(),
        user=editor_user,
        section="basics",
        values={"description": "d"},
        removed=[],
        base_version=0,
    )
    assert list(DraftRevision.objects.values_list("number", "changed_fields")) == [
        (3, ["description"]),
        (2, ["seed"]),
        (1, ["name", "seed"]),
    ]


def test_replacing_the_whole_configuration_needs_the_current_version(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="X")
    updated = draft_update_config(
        draft=draft, user=admin_user, config={"seed": 4}, version=draft.version
    )
    assert updated.config == {"name": "X", "seed": 4}
    with pytest.raises(StaleEdit):
        draft_update_config(draft=draft, user=admin_user, config={"seed": 5}, version=1)


def test_a_clone_gets_a_free_copy_name(organization, admin_user):
    draft = draft_create(
        organization=organization, user=admin_user, name="Tutor", config={"seed": 9}
    )
    first, second = (draft_clone(draft=draft, user=admin_user) for _ in range(2))
    assert (first.name, second.name) == ("Tutor (copy)", "Tutor (copy 2)")
    assert first.config == {"name": "Tutor (copy)", "seed": 9}


def test_deleting_frees_the_name_and_restoring_picks_another_if_it_was_reused(
    organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    draft_delete(draft=draft, user=admin_user)
    assert not Draft.objects.alive().exists()
    draft_create(organization=organization, user=admin_user, name="Tutor")
    restored = draft_restore(draft=Draft.objects.deleted().get(), user=admin_user)
    assert (restored.name, restored.deleted_at) == ("Tutor (copy)", None)


def test_a_nul_character_anywhere_is_refused_with_its_path(organization, admin_user):
    # Found by fuzzing the API: PostgreSQL cannot store NUL inside JSON.
    with pytest.raises(DraftInvalid) as refused:
        draft_create(
            organization=organization,
            user=admin_user,
            name="X",
            config={"slice_ids": ["ok", "bad\x00"], "metadata": {"k\x00": "v"}},
        )
    assert {e.path for e in refused.value.errors} == {"slice_ids[1]", "metadata.k\x00"}
    assert not Draft.objects.exists()


def test_a_whole_replacement_makes_every_open_section_stale_even_one_never_saved(
    organization, admin_user, editor_user
):
    draft = draft_create(organization=organization, user=admin_user, name="X")
    opened = draft.section_version("generation")  # a screen shows the section, never saved
    draft = draft_update_config(
        draft=draft, user=editor_user, config={"name": "X", "seed": 9}, version=draft.version
    )
    with pytest.raises(StaleEdit):
        draft_update_section(
            draft=draft,
            user=admin_user,
            section="generation",
            values={"seed": 1},
            removed=[],
            base_version=opened,
        )
    assert Draft.objects.get(pk=draft.pk).config["seed"] == 9


def test_each_save_bumps_the_version_once_and_marks_its_section(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="X")
    before = draft.version
    saved = draft_update_section(
        draft=draft,
        user=admin_user,
        section="generation",
        values={"seed": 1},
        removed=[],
        base_version=0,
    )
    stored = Draft.objects.get(pk=draft.pk)
    assert stored.version == saved.version == before + 1
    assert stored.section_version("generation") == before + 1
