"""Pickers for ids: suggestions from the server, unknown values flagged, Submit refusing
names sent as ids, the model list and the reasoning note from what the platform lists."""

import pytest
from django.test import Client

from assistants.models import Connection
from assistants.services.drafts import draft_create
from directory.identifiers import id_values, identifiers_unknown
from directory.models import DirectoryEntry
from directory.services import directory_import_csv
from tests.conftest import make_member


@pytest.fixture
def connection(organization) -> Connection:
    found = Connection(
        organization=organization,
        name="Platform",
        dialect="aitronos",
        base_url="https://api.example.com",
    )
    found.set_api_key("sk-test-123456789")
    found.save()
    return found


def synced(organization, connection, kind: str, rows: list[tuple[str, str]], **extra) -> None:
    DirectoryEntry.objects.bulk_create(
        DirectoryEntry(
            organization=organization,
            kind=kind,
            ident=ident,
            name=name,
            connection=connection,
            **extra,
        )
        for ident, name in rows
    )


def test_suggestions_match_the_start_then_anywhere_and_are_bounded(
    admin_client, organization, connection, settings
):
    settings.DIRECTORY_SUGGEST_LIMIT = 5
    people = [(f"usr_{n}", f"Person {n:03}") for n in range(40)]
    synced(
        organization,
        connection,
        "users",
        [("usr_j1", "Jane Smith"), ("usr_j2", "Maryjane Doe"), *people],
    )
    DirectoryEntry.objects.filter(ident="usr_3").update(gone_at="2026-01-01T00:00Z")

    def names(query: str) -> list[str]:
        answer = admin_client.get(
            "/directory/suggest/", {"kind": "users", "q": query}, HTTP_ACCEPT="application/json"
        )
        return [r["name"] for r in answer.json()["results"]]

    assert names("jane") == ["Jane Smith", "Maryjane Doe"]  # the prefix first
    assert names("ja") == ["Jane Smith"]  # two letters: the start of names only
    assert len(names("person")) == 5
    assert "Person 003" not in names("person 00")  # gone entries are not suggested
    assert names("usr_j2") == ["Maryjane Doe"]  # an exact id
    html = admin_client.get("/directory/suggest/", {"kind": "users", "q": "zz"}).content.decode()
    assert "No people match “zz”." in html


def test_prefix_suggestions_are_in_alphabetical_order_whatever_the_case(
    admin_client, organization, connection
):
    # PostgreSQL here sorts in the C collation (upper case before lower case): ordering by
    # the bare name put "Bob Zed" before "bea Young".
    synced(organization, connection, "users", [("u1", "Bob Zed"), ("u2", "bea Young")])
    answer = admin_client.get(
        "/directory/suggest/", {"kind": "users", "q": "b"}, HTTP_ACCEPT="application/json"
    )
    assert [r["name"] for r in answer.json()["results"]] == ["bea Young", "Bob Zed"]


def suggestion_queries(organization, query: str) -> list[str]:
    """The SQL one suggestion runs, with fresh statistics as a live server has them."""
    from django.db import connection as db
    from django.test.utils import CaptureQueriesContext

    from directory.suggest import directory_suggest

    with db.cursor() as cursor:
        cursor.execute("ANALYZE directory_directoryentry")
    with CaptureQueriesContext(db) as captured:
        directory_suggest(organization_id=organization.pk, kind="users", query=query)
    return [q["sql"] for q in captured.captured_queries]


def index_plan(sql: str) -> str:
    """The plan of `sql` with scans off: on a small table it shows whether an index can
    serve the query in order."""
    from django.db import connection as db

    with db.cursor() as cursor:
        cursor.execute("SET LOCAL enable_seqscan = off")
        cursor.execute("SET LOCAL enable_bitmapscan = off")
        cursor.execute("EXPLAIN " + sql)
        return "\n".join(row[0] for row in cursor.fetchall())


def test_a_prefix_suggestion_reads_the_index_in_order_and_sorts_nothing(organization, connection):
    """Ten rows read from the prefix index, whatever the directory's size: a plan with a
    Sort node reads every match first (thousands of Smiths) and then keeps ten."""
    synced(organization, connection, "users", [(f"u{n}", f"Jane {n:04}") for n in range(300)])
    plan = index_plan(suggestion_queries(organization, "jan")[0])
    assert "directory_name_prefix" in plan, plan
    assert "Sort" not in plan, plan


def test_an_exact_id_is_looked_up_in_the_id_index(organization, connection):
    """The last suggestion query (the typed text as an id) reads one row of the unique id
    index; ordered by name (the model's default) it scanned the organisation's whole kind:
    32 ms for 50,000 people, on every keystroke that matched no name."""
    synced(organization, connection, "users", [(f"u{n}", f"Jane {n:04}") for n in range(300)])
    id_query = suggestion_queries(organization, "zq")[-1]
    assert "\"ident\" = 'zq'" in id_query, id_query
    plan = index_plan(id_query)
    assert "directory_id_unique_per_kind" in plan, plan
    assert "Sort" not in plan, plan


def test_suggestions_are_the_organisations_own(admin_client, organization, other_organization):
    directory_import_csv(organization=other_organization, text="users,usr_x,Jane Other\n")
    answer = admin_client.get(
        "/directory/suggest/", {"kind": "users", "q": "Jane"}, HTTP_ACCEPT="application/json"
    )
    assert answer.json()["results"] == []


def test_check_says_what_is_wrong_with_a_typed_name(admin_client, organization, connection):
    synced(organization, connection, "users", [("usr_1", "Jane Smith"), ("usr_2", "Tom Baker")])

    def check(kind: str, value: str) -> dict:
        return admin_client.get("/directory/check/", {"kind": kind, "value": value}).json()

    wrong = check("users", "Jane Smith, Tom Baker")
    assert wrong["known"] is False and wrong["confirmable"] is False
    assert wrong["message"] == "“Jane Smith, Tom Baker” is not a known person: pick from the list."
    by_name = check("users", "jane smith")
    assert by_name["known"] is False and by_name["matches"] == [
        {"id": "usr_1", "name": "Jane Smith", "detail": ""}
    ]
    assert check("users", "usr_2") == {
        "known": True,
        "name": "Tom Baker",
        "message": "",
        "confirmable": True,
        "matches": [],
    }
    # No directory at all for skills: an id-shaped value passes, a name-shaped one does not.
    assert check("skills", "skill_123")["known"] is True
    name_like = check("skills", "Write emails")
    assert name_like["known"] is False and name_like["confirmable"] is True
    assert "ids have no spaces" in name_like["message"]


def test_every_id_of_a_draft_is_found_with_its_kind():
    config = {
        "access_users": ["usr_1"],
        "grant_department_access": [{"department_id": "dept_1", "access_level": "write"}],
        "allowed_models": {"openai": ["gpt-4o"], "anthropic": None},
        "default_model_key": "gpt-5",
        "tool_configurations": {"streamline_tools": ["flow_1"]},
        "vector_store_ids": ["vs_1"],
        "icon_id": "icon_1",
    }
    found = {(v.path, v.kind, v.value) for v in id_values(config)}
    assert found == {
        ("access_users[0]", "users", "usr_1"),
        ("grant_department_access[0].department_id", "departments", "dept_1"),
        ("allowed_models.openai", "providers", "openai"),
        ("allowed_models.openai[0]", "models", "gpt-4o"),
        ("allowed_models.anthropic", "providers", "anthropic"),
        ("default_model_key", "models", "gpt-5"),
        ("tool_configurations.streamline_tools[0]", "streamline_flows", "flow_1"),
        ("vector_store_ids[0]", "vector_stores", "vs_1"),
        ("icon_id", "icons", "icon_1"),
    }


def test_submit_refuses_names_sent_as_ids(admin_client, organization, admin_user, connection):
    synced(organization, connection, "users", [("usr_1", "Jane Smith")])
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="HR",
        config={"access_users": ["Jane Smith, Tom Baker"]},
    )

    page = admin_client.post(
        f"/assistants/{draft.pk}/submit/",
        {"connection": connection.pk, "confirm_unknown": "1"},
        HTTP_HX_REQUEST="true",
    ).content.decode()

    assert "not known ids, so nothing was sent" in page
    assert "“Jane Smith, Tom Baker” is not a known person: pick from the list." in page
    assert "confirm_unknown" not in page, "people are a listed kind: it must be fixed"
    assert not draft.submissions.exists()


def test_unknown_ids_of_unlisted_kinds_are_sent_only_when_confirmed(
    admin_client, organization, admin_user, connection
):
    directory_import_csv(organization=organization, text="departments,dept_1,Finance\n")
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="HR",
        config={"access_departments": ["dept_1", "dept_new"]},
    )
    unknown = identifiers_unknown(organization_id=organization.pk, config=draft.config)
    assert [(u.id.value, u.confirmable) for u in unknown] == [("dept_new", True)]

    first = admin_client.post(
        f"/assistants/{draft.pk}/submit/", {"connection": connection.pk}, HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'name="confirm_unknown"' in first and not draft.submissions.exists()

    admin_client.post(
        f"/assistants/{draft.pk}/submit/",
        {"connection": connection.pk, "confirm_unknown": "1"},
        HTTP_HX_REQUEST="true",
    )
    assert draft.submissions.count() == 1


def test_the_api_refuses_unknown_ids_too(organization, admin_user, connection):
    from rest_framework.test import APIClient

    synced(organization, connection, "vector_stores", [("vs_1", "HR Policies")])
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="HR",
        config={"vector_store_ids": ["HR Policies"]},
    )
    client = APIClient()
    client.force_authenticate(admin_user)
    answer = client.post(
        f"/api/v1/drafts/{draft.pk}/submit/",
        {"connection": connection.pk, "confirm_unknown_ids": True},
        format="json",
    )
    assert answer.status_code == 400, answer.content
    body = answer.json()
    assert "unknown_ids" in str(body) and "vector_store_ids[0]" in str(body)


def test_gone_entries_show_as_no_longer_on_the_platform(
    admin_client, organization, admin_user, connection
):
    synced(
        organization,
        connection,
        "vector_stores",
        [("vs_1", "Old Handbook")],
        gone_at="2026-01-01T00:00Z",
    )
    draft = draft_create(
        organization=organization, user=admin_user, name="K", config={"vector_store_ids": ["vs_1"]}
    )
    html = admin_client.get(f"/assistants/{draft.pk}/?section=tools").content.decode()
    assert "Old Handbook" in html and "(no longer on the platform)" in html
    assert "“Old Handbook” is no longer on the platform." in html


def test_the_model_select_lists_synced_models_and_reasoning_is_explained(
    admin_client, organization, admin_user, connection
):
    DirectoryEntry.objects.create(
        organization=organization,
        kind="models",
        ident="gpt-5",
        name="GPT-5",
        detail="openai",
        connection=connection,
        extra={"capabilities": ["chat", "reasoning"]},
    )
    DirectoryEntry.objects.create(
        organization=organization,
        kind="models",
        ident="gpt-4o",
        name="GPT-4o",
        detail="openai",
        connection=connection,
        extra={"capabilities": ["chat"]},
    )
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="M",
        config={"default_model_key": "gpt-4o", "reasoning": {"effort": "high"}},
    )
    model = admin_client.get(f"/assistants/{draft.pk}/?section=model").content.decode()
    assert '<option value="gpt-5">GPT-5 (can reason)</option>' in model
    assert '<option value="gpt-4o" selected>GPT-4o</option>' in model
    generation = admin_client.get(f"/assistants/{draft.pk}/?section=generation").content.decode()
    assert "GPT-4o cannot reason, so this setting is not used." in generation


def test_fields_without_a_directory_say_what_an_id_looks_like(
    admin_client, organization, admin_user
):
    draft = draft_create(organization=organization, user=admin_user, name="T")
    html = admin_client.get(f"/assistants/{draft.pk}/?section=tools").content.decode()
    assert "No knowledge stores are in the directory yet" in html and "vs_abc123" in html


def test_sync_now_needs_an_admin_and_shows_progress(organization, connection, admin_client):
    editor = make_member(organization, "ed", "editor")
    client = Client()
    client.force_login(editor)
    assert client.post(f"/directory/sync/{connection.pk}/").status_code == 403
    answer = admin_client.post(f"/directory/sync/{connection.pk}/", HTTP_HX_REQUEST="true")
    html = answer.content.decode()
    assert "Waiting to start" in html and 'hx-trigger="every 1s"' in html
    page = admin_client.get("/directory/").content.decode()
    assert "From the platform" in page and "Departments" in page.split("Not listed by any")[1]
