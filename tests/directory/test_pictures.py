"""Icon and avatar pictures: a sync copies them from the platform through the outbound checks
(real HTTP against the sandbox), refuses what it cannot serve safely without failing, and the
dashboard serves them to the organisation's members only, with headers that keep them
pictures."""

import hashlib

import httpx
import pytest
from django.test import Client

from assistants import outbound
from assistants.models import Organization, Role
from assistants.upstream import _client as upstream_client
from directory.images import directory_images_sync, sniff
from directory.models import DirectoryEntry, DirectoryImage, SyncRun
from directory.platform import Target
from sandbox import directory_data, pictures
from tests.conftest import make_member
from tests.directory.test_sync import connect, sync
from tests.sandbox.support import DEMO_KEY

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + b"\0" * 20


@pytest.fixture
def platform(sandbox):
    httpx.delete(f"{sandbox}/_directory").raise_for_status()
    yield sandbox


def picture_of(name: str, kind: str) -> DirectoryImage:
    return DirectoryImage.objects.get(entry__kind=kind, entry__name=name)


def test_a_sync_copies_every_icon_and_avatar_picture(platform):
    run = sync(connect(platform))

    assert run.status == "done", run.progress
    assert run.progress["icons"]["pictures"] == 12 and run.progress["avatars"]["pictures"] == 6
    headset = picture_of("Headset", "icons")
    assert headset.content_type == "image/svg+xml"
    assert bytes(headset.data) == pictures.icon_svg("Headset", "support")
    assert headset.digest == hashlib.sha256(bytes(headset.data)).hexdigest()
    assert headset.source_url.startswith(platform) and headset.source_url.endswith(".svg")
    nia = picture_of("Nia", "avatars")
    assert nia.content_type == "image/png" and bytes(nia.data) == pictures.avatar_png("Nia")
    assert not DirectoryImage.objects.exclude(problem="").exists()


def test_a_picture_is_fetched_again_only_when_its_address_changes(platform):
    connection = connect(platform)
    sync(connection)
    kept, moved = picture_of("Rocket", "icons"), picture_of("Shield", "icons")
    # Marked so a fetch would show: the same address must not be fetched again.
    DirectoryImage.objects.filter(pk=kept.pk).update(data=b"\x89PNG\r\n\x1a\nkept")
    DirectoryImage.objects.filter(pk=moved.pk).update(
        source_url="https://old.example/shield.svg", data=b"old"
    )

    sync(connection)

    assert bytes(picture_of("Rocket", "icons").data) == b"\x89PNG\r\n\x1a\nkept"
    assert bytes(picture_of("Shield", "icons").data) == pictures.icon_svg("Shield", "security")
    assert picture_of("Shield", "icons").source_url == moved.source_url


def test_pictures_that_are_too_big_are_refused_and_the_sync_still_completes(platform, settings):
    settings.DIRECTORY_IMAGE_MAX_BYTES = 1024  # the SVG icons fit, the PNG avatars do not

    run = sync(connect(platform))

    assert run.status == "done", run.progress
    assert run.progress["avatars"]["picture_problems"] == 6
    assert DirectoryEntry.objects.filter(kind="avatars").count() == 6  # the entries stay
    nia = picture_of("Nia", "avatars")
    assert not nia.stored and bytes(nia.data) == b"" and "larger than 1 KB" in nia.problem
    assert picture_of("Nia", "avatars").content_type == ""
    assert run.progress["icons"]["pictures"] == 12


def _entries_at(run: SyncRun, urls: dict[str, str]) -> None:
    for name, url in urls.items():
        DirectoryEntry.objects.create(
            organization=run.organization,
            kind="icons",
            ident=f"icon_{name}",
            name=name,
            extra={"url": url},
            connection=run.connection,
            seen_in=run.pk,
        )


def _copy(run: SyncRun, base: str) -> dict[str, int]:
    target = Target("aitronos", f"{base}/aitronos", DEMO_KEY, "org_demo")
    # A client of its own: the shared one keeps connections alive from earlier tests, which
    # were opened (and checked) under other settings.
    with upstream_client(outbound.transport()) as client:
        return directory_images_sync(run=run, kind="icons", client=client, target=target)


def test_what_is_not_a_picture_is_refused_whatever_its_content_type(platform):
    connection = connect(platform)
    run = SyncRun.objects.create(organization=connection.organization, connection=connection)
    good = directory_data.icons("org_demo", f"{platform}/_media")[0]["url"]
    _entries_at(
        run,
        {
            "json": f"{platform}/_directory/faults",  # 200, application/json
            "missing": f"{platform}/_media/icons/icon_nope.svg",  # 404
            "good": good,
        },
    )

    counts = _copy(run, platform)

    assert counts == {"pictures": 1, "picture_problems": 2}
    problems = dict(DirectoryImage.objects.values_list("entry__name", "problem"))
    assert problems["json"] == "It is not a PNG, JPEG, GIF, WebP or SVG picture."
    assert problems["missing"] == "The platform answered HTTP 404."
    assert problems["good"] == ""


def test_an_internal_address_is_refused_under_production_settings(platform, settings):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    settings.OUTBOUND_ALLOWLIST = []
    connection = connect(platform)
    run = SyncRun.objects.create(organization=connection.organization, connection=connection)
    good = directory_data.icons("org_demo", f"{platform}/_media")[0]["url"]
    _entries_at(run, {"internal": good, "metadata": "http://169.254.169.254/latest/x.png"})

    counts = _copy(run, platform)

    assert counts == {"pictures": 0, "picture_problems": 2}
    for image in DirectoryImage.objects.all():
        assert not image.stored and "internal network address" in image.problem, image.problem


def test_sniffing_accepts_pictures_and_refuses_html_and_svg_with_a_doctype():
    assert sniff(PNG) == "image/png"
    assert sniff(b"\xff\xd8\xff\xe0....") == "image/jpeg"
    assert sniff(b"GIF89a....") == "image/gif"
    assert sniff(b"RIFF\0\0\0\0WEBPVP8 ") == "image/webp"
    assert sniff(b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg"/>')
    assert sniff(b"<html><svg></svg></html>") is None
    assert sniff(b'<!DOCTYPE svg [<!ENTITY a "b">]><svg>&a;</svg>') is None
    assert sniff(b"<svg><!DOCTYPE x></svg>") is None


# --- Serving ----------------------------------------------------------------------------


def _stored_picture(organization: Organization, data: bytes = PNG) -> DirectoryImage:
    entry = DirectoryEntry.objects.create(
        organization=organization, kind="icons", ident="icon_1", name="Rocket"
    )
    return DirectoryImage.objects.create(
        entry=entry,
        source_url="https://cdn.example/rocket.png",
        content_type="image/png",
        data=data,
        digest=hashlib.sha256(data).hexdigest(),
    )


def _url(image: DirectoryImage) -> str:
    return f"/directory/pictures/{image.entry_id}/{image.digest[:16]}/"


def test_a_member_gets_the_picture_with_headers_that_keep_it_a_picture(organization, viewer_user):
    image = _stored_picture(organization)
    client = Client()
    client.force_login(viewer_user)

    answer = client.get(_url(image))

    assert answer.status_code == 200 and answer.content == PNG
    assert answer["Content-Type"] == "image/png"
    assert answer["X-Content-Type-Options"] == "nosniff"
    assert (
        answer["Content-Security-Policy"]
        == "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    assert answer["Cache-Control"] == "private, max-age=31536000, immutable"
    again = client.get(_url(image), HTTP_IF_NONE_MATCH=answer["ETag"])
    assert again.status_code == 304 and again.content == b""
    stale = client.get(f"/directory/pictures/{image.entry_id}/0000000000000000/")
    assert stale.status_code == 200 and stale["Cache-Control"] == "private, no-cache"


def test_pictures_are_only_served_to_members_of_their_organisation(
    organization, other_organization
):
    image = _stored_picture(organization)
    outsider = make_member(other_organization, "olga", Role.ADMIN)
    client = Client()
    client.force_login(outsider)

    assert client.get(_url(image)).status_code == 404
    assert Client().get(_url(image)).status_code == 302  # signed out: to the sign-in page


def test_an_entry_whose_picture_was_refused_has_no_picture_address(organization, admin_client):
    entry = DirectoryEntry.objects.create(
        organization=organization, kind="icons", ident="icon_2", name="Shield"
    )
    DirectoryImage.objects.create(
        entry=entry, source_url="http://10.0.0.1/x.png", problem="internal network address"
    )
    assert admin_client.get(f"/directory/pictures/{entry.pk}/x/").status_code == 404
    gallery = admin_client.get(
        "/directory/gallery/", {"kind": "icons", "field": "basics-icon_id"}
    ).content.decode()
    assert "Shield" in gallery and "/directory/pictures/" not in gallery
    assert 'class="pics-thumb pics-placeholder"' in gallery


def test_the_directory_page_shows_thumbnails_and_why_a_picture_is_missing(
    organization, admin_client
):
    image = _stored_picture(organization)
    refused = DirectoryEntry.objects.create(
        organization=organization, kind="icons", ident="icon_2", name="Shield"
    )
    DirectoryImage.objects.create(
        entry=refused, source_url="https://cdn.example/s.html", problem="It is not a picture."
    )

    page = admin_client.get("/directory/", {"kind": "icons"}).content.decode()

    assert f'src="{_url(image)}"' in page
    assert "Picture not copied: It is not a picture." in page
