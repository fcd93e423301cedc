import pytest
from django.test import Client

from assistants.models import Draft, DraftStatus
from assistants.services.drafts import draft_create
from tests.conftest import make_member


def names(response) -> list[str]:
    return [d.name for d in response.context["page"].object_list]


def test_the_list_shows_the_organisations_drafts_newest_first(
    admin_client, organization, other_organization, admin_user
):
    for name in ("First", "Second"):
        draft_create(organization=organization, user=admin_user, name=name)
    draft_create(organization=other_organization, user=admin_user, name="Elsewhere")
    assert names(admin_client.get("/")) == ["Second", "First"]


def test_each_row_shows_the_description_and_model_without_loading_the_configuration(
    admin_client, organization, admin_user
):
    draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"description": "Explains fractions. " * 10, "default_model_key": "ftg-3.0"},
    )
    draft_create(organization=organization, user=admin_user, name="Bare")
    response = admin_client.get("/")
    html = response.content.decode()
    assert "Explains fractions. Explains fractions." in html and "…" in html, "truncated"
    assert "ftg-3.0</td>" in html
    assert "ftg-3.0-speed (default)" in html, "a draft without a model shows the API's default"
    rows = response.context["page"].object_list
    assert all("config" in row.get_deferred_fields() for row in rows)


def test_the_list_searches_by_name_and_filters_by_status(admin_client, organization, admin_user):
    for name in ("Math Tutor", "HR Helper", "Maths Quiz"):
        draft_create(organization=organization, user=admin_user, name=name)
    Draft.objects.filter(name="HR Helper").update(status=DraftStatus.CREATED)
    assert set(names(admin_client.get("/?q=math"))) == {"Math Tutor", "Maths Quiz"}
    assert names(admin_client.get("/?status=created")) == ["HR Helper"]
    partial = admin_client.get("/?q=hr", HTTP_HX_REQUEST="true").content.decode()
    assert "HR Helper" in partial and "<html" not in partial, "htmx gets the results only"


def test_the_list_is_paginated(admin_client, organization, admin_user):
    for n in range(30):
        draft_create(organization=organization, user=admin_user, name=f"Draft {n:02}")
    first, second = admin_client.get("/"), admin_client.get("/?page=2")
    assert len(names(first)) == 25 and len(names(second)) == 5
    assert "Page 1 of 2" in first.content.decode()


def test_creating_a_draft_with_a_taken_name_keeps_what_was_typed(
    admin_client, organization, admin_user
):
    draft_create(organization=organization, user=admin_user, name="Tutor")
    response = admin_client.post("/assistants/new/", {"name": "TUTOR"})
    html = response.content.decode()
    assert "already called" in html and 'value="TUTOR"' in html
    response = admin_client.post("/assistants/new/", {"name": "Tutor 2"})
    assert response.url == f"/assistants/{Draft.objects.get(name='Tutor 2').pk}/"


def test_deleting_asks_for_confirmation_and_an_admin_can_restore(
    admin_client, organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    confirm = admin_client.get(f"/assistants/{draft.pk}/delete/")
    assert "Delete “Tutor”?" in confirm.content.decode()
    admin_client.post(f"/assistants/{draft.pk}/delete/")
    assert names(admin_client.get("/")) == []
    assert names(admin_client.get("/?deleted=1")) == ["Tutor"]
    admin_client.post(f"/assistants/{draft.pk}/restore/")
    assert names(admin_client.get("/")) == ["Tutor"]


def test_only_admins_can_restore_and_viewers_cannot_create(organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    Draft.objects.update(deleted_at="2026-01-01T00:00Z")
    for role, username in (("editor", "ed"), ("viewer", "vi")):
        client = Client()
        client.force_login(make_member(organization, username, role))
        assert client.post(f"/assistants/{draft.pk}/restore/").status_code == 403
        assert names(client.get("/?deleted=1")) == [], "non-admins never see deleted drafts"
    viewer = Client()
    viewer.force_login(make_member(organization, "vi2", "viewer"))
    assert viewer.post("/assistants/new/", {"name": "Nope"}).status_code == 403
    assert "New assistant" not in viewer.get("/").content.decode()


@pytest.mark.parametrize("count", [3, 40])
def test_the_list_page_runs_a_bounded_number_of_queries(
    admin_client, organization, admin_user, django_assert_max_num_queries, count
):
    for n in range(count):
        draft_create(organization=organization, user=admin_user, name=f"D{n}")
    with django_assert_max_num_queries(8):
        assert admin_client.get("/").status_code == 200


@pytest.mark.parametrize("example", ["aitronos_minimal", "aitronos_all_parameters"])
def test_the_editor_runs_a_bounded_number_of_queries(
    admin_client, organization, admin_user, django_assert_max_num_queries, example
):
    from tests.editor.conftest import example_config

    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Q",
        config={**example_config(example), "name": "Q"},
    )
    for n in range(15):
        draft_create(organization=organization, user=admin_user, name=f"Other {n}")
    with django_assert_max_num_queries(10):
        assert admin_client.get(f"/assistants/{draft.pk}/").status_code == 200


def test_the_name_check_says_whether_a_name_is_free(admin_client, organization, admin_user):
    draft = draft_create(organization=organization, user=admin_user, name="Tutor")
    assert admin_client.get("/assistants/name-check/?name=tutor").json()["ok"] is False
    assert admin_client.get("/assistants/name-check/?name=Tutor 2").json()["ok"] is True
    own = admin_client.get(f"/assistants/name-check/?name=Tutor&exclude={draft.pk}")
    assert own.json()["ok"] is True, "a draft's own name is not a clash"
