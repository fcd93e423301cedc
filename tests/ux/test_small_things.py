"""Starters without placeholder ids, templates renamed and deleted, roles saved explicitly,
destructive actions that ask first, System status out of the editors' main tabs."""

import json
import re

import pytest

from assistants.models import Role
from assistants.services.drafts import draft_create
from assistants.starters import starters
from audit.models import AuditEvent
from directory.models import AssistantTemplate
from directory.services import template_from_draft
from tests.conftest import make_member

PLACEHOLDER = re.compile(r'"(vs|flow|usr|dep|role|rule|skill|slice|asst|thread)_[\w-]+"')


@pytest.mark.parametrize("key", list(starters()))
def test_gallery_starters_carry_no_placeholder_ids(key):
    assert not PLACEHOLDER.search(json.dumps(starters()[key].config))


def test_the_hr_starter_keeps_file_search_and_leaves_the_store_to_pick():
    config = starters()["hr-helper"].config
    assert {"type": "file_search"} in config["tools"]
    assert "vector_store_ids" not in config


@pytest.fixture
def template(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    return template_from_draft(draft=draft, user=admin_user, name="Tutor", description="")


def test_an_admin_renames_and_deletes_a_template(admin_client, template):
    page = admin_client.get("/organization/templates/").content.decode()
    assert "Tutor" in page and "data-confirm=" in page
    admin_client.post(
        f"/organization/templates/{template.pk}/rename/",
        {f"t{template.pk}-name": "Maths tutor", f"t{template.pk}-description": "For year 9"},
    )
    template.refresh_from_db()
    assert (template.name, template.description) == ("Maths tutor", "For year 9")
    renamed = AuditEvent.objects.get(action="template.renamed")
    assert renamed.detail_lines == ["Name: Tutor → Maths tutor"]
    admin_client.post(f"/organization/templates/{template.pk}/delete/")
    assert not AssistantTemplate.objects.exists()


def test_an_editor_cannot_manage_templates(client, organization, template):
    editor = make_member(organization, "eddie", Role.EDITOR)
    client.force_login(editor)
    assert client.get("/organization/templates/").status_code == 403
    client.post(f"/organization/templates/{template.pk}/delete/")
    assert AssistantTemplate.objects.filter(pk=template.pk).exists()


def test_roles_change_only_with_their_own_save_and_removal_asks_first(admin_client, organization):
    make_member(organization, "eddie", Role.EDITOR)
    page = admin_client.get("/organization/members/").content.decode()
    table = page.split("<table>", 1)[1]
    assert "data-autosubmit" not in table
    assert "Save role" in page
    assert 'data-confirm="Remove eddie from Acme?' in page


@pytest.mark.parametrize(("role", "tab"), [("viewer", False), ("editor", False), ("admin", True)])
def test_system_status_is_a_main_tab_only_for_admins(client, organization, role, tab):
    client.force_login(make_member(organization, f"u{role}", role))
    page = client.get("/").content.decode()
    nav = page.split('<nav class="mainnav"', 1)[1].split("</nav>", 1)[0]
    assert ("System status" in nav) is tab
    assert 'href="/system/"' in page, "still one click away, in the user menu"
