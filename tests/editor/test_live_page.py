"""The draft page of a live draft: Live, what is not live yet, the update it would send."""

import pytest
from django.test import Client
from django.utils import timezone

from assistants.models import Draft, DraftStatus
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create, draft_update_config

pytestmark = pytest.mark.django_db


@pytest.fixture
def linked(organization, admin_user) -> Draft:
    connection = connection_create(
        organization=organization,
        name="Upstream",
        dialect="aitronos",
        base_url="https://api.example.com",
        api_key="sk-live-12345678",
        is_default=True,
    )
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"name": "Tutor", "instructions": "Be kind."},
    )
    Draft.objects.filter(pk=draft.pk).update(
        status=DraftStatus.CREATED,
        upstream_assistant_id="asst_live1",
        upstream_connection=connection,
        live_config=draft.config,
        live_version=1,
        live_at=timezone.now(),
        live_by=admin_user,
    )
    draft.refresh_from_db()
    return draft


def test_a_live_draft_with_a_saved_change_says_what_is_not_live_and_previews_the_update(
    admin_client, linked, admin_user
):
    draft_update_config(
        draft=linked,
        user=admin_user,
        config={"name": "Tutor", "instructions": "Be brief."},
        version=linked.version,
    )
    page = admin_client.get(f"/assistants/{linked.pk}/").content.decode()

    assert ">Live</span>" in page
    assert "Changes not yet live" in page
    assert "Instructions changed from “Be kind.” to “Be brief.”" in page
    assert "Update live assistant" in page and "Check live" in page
    assert "PUT" in page and "/v1/assistants/asst_live1" in page
    assert "Delete upstream" in page  # an admin


def test_editors_see_no_delete_upstream_and_the_list_flags_what_is_not_live(
    linked, editor_user, admin_user
):
    draft_update_config(
        draft=linked,
        user=admin_user,
        config={"name": "Tutor", "instructions": "Be brief."},
        version=linked.version,
    )
    client = Client()
    client.force_login(editor_user)
    page = client.get(f"/assistants/{linked.pk}/").content.decode()
    assert "Update live assistant" in page and "Delete upstream" not in page
    assert client.get(f"/assistants/{linked.pk}/delete-upstream/").status_code == 403

    listing = client.get("/").content.decode()
    assert "Changes not yet live" in listing
    assert "Instructions changed from “Be kind.” to “Be brief.”" in listing


def test_compare_last_submitted_reads_what_was_sent_not_the_folded_revision(
    admin_client, organization, admin_user
):
    from assistants.models import Connection, Submission

    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"name": "Tutor", "instructions": "Sent words."},
    )
    connection = Connection.objects.create(
        organization=organization, name="C", dialect="aitronos", base_url="https://x.example"
    )
    Submission.objects.create(
        organization=organization,
        draft=draft,
        revision=draft.revisions.first(),
        connection=connection,
        dialect="aitronos",
        config=draft.config,
        status="failed",
    )
    # Saved by the same person within five minutes: folded into the submitted revision.
    draft_update_config(
        draft=draft,
        user=admin_user,
        config={"name": "Tutor", "instructions": "Changed after."},
        version=draft.version,
    )
    assert draft.revisions.count() == 1

    page = admin_client.get(f"/assistants/{draft.pk}/compare/").content.decode()
    assert "These two are the same" not in page
    assert "Changed after." in page and "Sent words." in page
