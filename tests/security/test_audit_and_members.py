import pytest
from django.test import Client

from assistants.models import Membership, Role
from assistants.services.drafts import (
    draft_create,
    draft_delete,
    draft_restore,
    draft_update_section,
)
from audit.models import AuditEvent
from tests.conftest import make_member


def test_creating_changing_deleting_and_restoring_a_draft_is_audited(
    organization, admin_user, editor_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    draft_update_section(
        draft=draft,
        user=editor_user,
        section="generation",
        values={"seed": 1},
        removed=[],
        base_version=0,
    )
    draft_delete(draft=draft, user=admin_user)
    draft_restore(draft=draft, user=admin_user)
    log = list(
        AuditEvent.objects.order_by("id").values_list(
            "actor_name", "action", "target_name", "details"
        )
    )
    assert log == [
        ("alice", "draft.created", "Tutor", {}),
        ("eddie", "draft.changed", "Tutor", {"fields": ["seed"], "changes": ["Seed set to 1"]}),
        ("alice", "draft.deleted", "Tutor", {}),
        ("alice", "draft.restored", "Tutor", {}),
    ]


def test_audit_events_cannot_be_edited_or_deleted(organization, admin_user):
    draft_create(organization=organization, user=admin_user, name="X")
    event = AuditEvent.objects.get()
    event.action = "draft.deleted"
    with pytest.raises(ValueError):
        event.save()
    with pytest.raises(ValueError):
        event.delete()


def test_admins_read_and_filter_the_audit_log_and_others_cannot(
    admin_client, organization, admin_user, editor_user
):
    draft_create(organization=organization, user=admin_user, name="Alpha")
    draft_create(organization=organization, user=editor_user, name="Beta")
    page = admin_client.get("/organization/audit/?actor=eddie").content.decode()
    assert "Beta" in page and "Alpha" not in page
    editor = Client()
    editor.force_login(editor_user)
    assert editor.get("/organization/audit/").status_code == 403


def test_an_admin_invites_a_new_person_who_chooses_a_password_and_joins(admin_client, organization):
    page = admin_client.post(
        "/organization/members/", {"username": "newbie", "role": "viewer"}
    ).content.decode()
    link = page.split('id="invite-link">')[1].split("<")[0]
    assert not Membership.objects.filter(user__username="newbie").exists()
    client = Client()
    path = link.split("testserver", 1)[1]
    response = client.post(path, {"password": "a long new passphrase 7"})
    assert response.status_code == 302
    assert Membership.objects.get(user__username="newbie").role == Role.VIEWER
    assert AuditEvent.objects.filter(action="invitation.sent").count() == 1
    assert AuditEvent.objects.filter(action="member.added").count() == 1
    assert (
        client.post(
            "/accounts/login/", {"username": "newbie", "password": "a long new passphrase 7"}
        ).status_code
        == 302
    )


def test_roles_change_and_the_last_admin_cannot_be_demoted_or_removed(
    admin_client, organization, admin_user, editor_user
):
    own = Membership.objects.get(user=admin_user)
    response = admin_client.post(
        f"/organization/members/{own.pk}/role/", {"role": "viewer"}, follow=True
    )
    assert "only admin" in response.content.decode()
    admin_client.post(f"/organization/members/{own.pk}/remove/")
    assert Membership.objects.get(pk=own.pk).role == Role.ADMIN
    editor = Membership.objects.get(user=editor_user)
    admin_client.post(f"/organization/members/{editor.pk}/role/", {"role": "admin"})
    assert Membership.objects.get(pk=editor.pk).role == Role.ADMIN
    admin_client.post(f"/organization/members/{own.pk}/remove/")
    assert not Membership.objects.filter(pk=own.pk).exists(), "another admin remains"


def test_members_of_another_organisation_cannot_be_touched(admin_client, other_organization):
    stranger = make_member(other_organization, "sam")
    theirs = Membership.objects.get(user=stranger)
    assert (
        admin_client.post(
            f"/organization/members/{theirs.pk}/role/", {"role": "viewer"}
        ).status_code
        == 404
    )
    assert admin_client.post(f"/organization/members/{theirs.pk}/remove/").status_code == 404
    assert Membership.objects.get(pk=theirs.pk).role == Role.ADMIN
