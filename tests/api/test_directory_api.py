"""The directory over the API: entries searchable and paged, syncs started and followed."""

from assistants.models import Connection
from directory.models import DirectoryEntry, SyncRun
from directory.services import directory_import_csv
from tests.api.conftest import token_client
from tests.conftest import make_member


def _connection(organization) -> Connection:
    connection = Connection(
        organization=organization, name="P", dialect="aitronos", base_url="https://api.example.com"
    )
    connection.set_api_key("sk-test-123456789")
    connection.save()
    return connection


def test_entries_are_searchable_and_paged(api, organization, other_organization):
    rows = "".join(f"users,usr_{n},Person {n:03}\n" for n in range(30))
    directory_import_csv(organization=organization, text=rows + "roles,role_1,HR Manager\n")
    directory_import_csv(organization=other_organization, text="users,usr_x,Person Other\n")

    page = api.get("/api/v1/directory/", {"kind": "users"}).json()
    assert page["count"] == 30 and len(page["results"]) == 25 and page["next"]
    assert page["results"][0] == {
        "organization": organization.pk,
        "kind": "users",
        "id": "usr_0",
        "name": "Person 000",
        "detail": "",
        "extra": {},
        "synced_from": None,
        "on_platform": True,
        "picture_url": None,
    }
    found = api.get("/api/v1/directory/", {"q": "son 01"}).json()
    assert [r["name"] for r in found["results"]] == [f"Person {n:03}" for n in range(10, 20)]
    assert api.get("/api/v1/directory/", {"q": "hr"}).json()["results"][0]["id"] == "role_1"


def test_an_admin_starts_a_sync_and_follows_it(api, organization, admin_user):
    connection = _connection(organization)

    started = api.post("/api/v1/directory-syncs/", {"connection": connection.pk}, format="json")

    assert started.status_code == 202, started.content
    run = started.json()
    assert run["status"] == "queued" and run["trigger"] == "api"
    again = api.post("/api/v1/directory-syncs/", {"connection": connection.pk}, format="json")
    assert again.json()["id"] == run["id"], "a second start joins the open sync"
    assert api.get(f"/api/v1/directory-syncs/{run['id']}/").json()["status"] == "queued"
    assert SyncRun.objects.count() == 1


def test_only_admins_start_syncs_and_only_members_see_them(organization, other_organization):
    connection = _connection(organization)
    editor = token_client(make_member(organization, "ed", "editor"))
    outsider = token_client(make_member(other_organization, "out", "admin"))
    refused = editor.post("/api/v1/directory-syncs/", {"connection": connection.pk}, format="json")
    assert refused.status_code == 403
    elsewhere = outsider.post(
        "/api/v1/directory-syncs/", {"connection": connection.pk}, format="json"
    )
    assert elsewhere.status_code == 400
    DirectoryEntry.objects.create(organization=organization, kind="users", ident="u", name="U")
    assert outsider.get("/api/v1/directory/").json()["count"] == 0


def test_an_icon_gives_the_address_of_its_copied_picture(api, organization, admin_user, client):
    import hashlib

    from directory.models import DirectoryImage

    directory_import_csv(
        organization=organization, text="icons,icon_1,Headset\nicons,icon_2,Bare\n"
    )
    png = b"\x89PNG\r\n\x1a\n" + b"\0" * 16
    DirectoryImage.objects.create(
        entry=DirectoryEntry.objects.get(ident="icon_1"),
        source_url="https://cdn.example.com/headset.png",
        content_type="image/png",
        data=png,
        digest=hashlib.sha256(png).hexdigest(),
    )
    results = api.get("/api/v1/directory/", {"kind": "icons"}).json()["results"]
    urls = {r["id"]: r["picture_url"] for r in results}
    assert urls["icon_2"] is None
    client.force_login(admin_user)  # the dashboard serves it to the organisation's members
    picture = client.get(urls["icon_1"])
    assert picture.status_code == 200 and picture.content == png
