"""Icon and avatar pictures: copied from the platform during a sync, served by the dashboard.

The platform lists an icon's `url` (IconResponse) and an avatar's optional `image_url`
(AvatarResponse). The browser never loads those addresses: the page's CSP allows images from
the dashboard only, the dashboard must work offline, and a hot-linked image would tell the
platform (or whoever the URL names) who opened which page. So the sync fetches each picture
once, through the same outbound checks as every other request (assistants/outbound.py: no
internal addresses in production, checked again at connect time), and keeps the bytes with
the directory entry. It accepts only pictures it can serve safely, recognised by their
content (never by the Content-Type they came with): PNG, JPEG, GIF, WebP, and SVG without
a DOCTYPE (served with a CSP `sandbox`, so a script inside never runs, even when the picture
is opened on its own). At most DIRECTORY_IMAGE_MAX_BYTES, read in chunks so a larger answer
is dropped before it is all in memory.

A picture that cannot be fetched or is refused leaves its entry as it is (the gallery shows
a placeholder) and never fails the sync. A picture is fetched again only when its address
changes, or when the last try failed.
"""

import hashlib
import logging
import re
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx
from django.conf import settings

from assistants.upstream import timeouts
from directory.models import DirectoryEntry, DirectoryImage, SyncRun
from directory.platform import Target
from directory.platform.fetch import headers_for

logger = logging.getLogger(__name__)

# The kinds whose entries carry a picture address in extra["url"] (directory/platform/*.py).
IMAGE_KINDS = ("icons", "avatars")

_SVG_ROOT = re.compile(rb"^\s*(?:<\?xml[^>]*\?>\s*)?(?:<!--.*?-->\s*)*<svg[\s>]", re.S)


class ImageRefused(Exception):
    """The picture was not stored; the message says why, for the admin reading the sync."""


@dataclass(frozen=True)
class Picture:
    content_type: str
    data: bytes


def sniff(data: bytes) -> str | None:
    """The picture's type from its first bytes; None for anything else (HTML included)."""
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "image/png"
    if data.startswith(b"\xff\xd8\xff"):
        return "image/jpeg"
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "image/gif"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "image/webp"
    head = data[:4096]
    if _SVG_ROOT.match(head) and b"<!DOCTYPE" not in data.upper() and b"<!ENTITY" not in data:
        # No DOCTYPE or entities: nothing for an XML parser to expand or fetch.
        return "image/svg+xml"
    return None


def picture_url(target: Target, url: str) -> str:
    """An absolute address: a relative one is the platform's own (its base URL's host)."""
    return urljoin(target.base_url.rstrip("/") + "/", url.strip())


def _same_origin(a: str, b: str) -> bool:
    x, y = urlsplit(a), urlsplit(b)
    return (x.scheme, x.hostname, x.port) == (y.scheme, y.hostname, y.port)


def picture_fetch(client: httpx.Client, target: Target, url: str) -> Picture:
    """One GET of a picture, checked as it arrives. Raises ImageRefused.

    The connection's key goes along only to the platform's own host: a picture on a CDN or
    anywhere else never sees it. No redirects are followed (the client's setting)."""
    if urlsplit(url).scheme not in ("http", "https"):
        raise ImageRefused("Its address is not a web address.")
    headers = {"Accept": "image/png, image/jpeg, image/gif, image/webp, image/svg+xml"}
    if _same_origin(url, target.base_url):
        headers = {**headers_for(target), **headers}
    limit = settings.DIRECTORY_IMAGE_MAX_BYTES
    try:
        with client.stream("GET", url, headers=headers, timeout=timeouts()) as response:
            if response.status_code != 200:
                raise ImageRefused(f"The platform answered HTTP {response.status_code}.")
            data = bytearray()
            for chunk in response.iter_bytes():
                data += chunk
                if len(data) > limit:
                    raise ImageRefused(f"It is larger than {limit // 1024} KB.")
    except httpx.HTTPError as error:
        # The outbound check refusing an internal address arrives as a ConnectError too.
        raise ImageRefused(f"It could not be fetched: {error}") from error
    content_type = sniff(bytes(data))
    if content_type is None:
        raise ImageRefused("It is not a PNG, JPEG, GIF, WebP or SVG picture.")
    return Picture(content_type, bytes(data))


def directory_images_sync(
    *, run: SyncRun, kind: str, client: httpx.Client, target: Target
) -> dict[str, int]:
    """Copy the pictures of the kind's entries this run listed whose address is new or
    changed (or whose last copy failed). Returns {"pictures": stored, "picture_problems": n}."""
    entries = (
        DirectoryEntry.objects.filter(
            organization=run.organization, kind=kind, connection=run.connection, seen_in=run.pk
        )
        .select_related("image")
        # Not the stored bytes: only the address and digest decide whether to fetch.
        .only(
            "pk",
            "ident",
            "extra",
            "image__id",
            "image__source_url",
            "image__digest",
            "image__fetched_at",
        )
        .order_by("pk")
    )
    stored = problems = 0
    for entry in entries.iterator(chunk_size=200):
        address = str((entry.extra or {}).get("url") or "").strip()
        image = getattr(entry, "image", None)
        if not address:
            if image is not None:
                image.delete()  # the platform no longer gives it a picture
            continue
        url = picture_url(target, address)
        if image is not None and image.source_url == url[:500] and image.stored:
            stored += 1
            continue
        image = image or DirectoryImage(entry=entry)
        image.source_url = url[:500]
        try:
            picture = picture_fetch(client, target, url)
        except ImageRefused as refused:
            logger.info("Sync %s: picture of %s not copied: %s", run.pk, entry.ident, refused)
            image.content_type, image.data, image.digest = "", b"", ""
            image.problem = str(refused)[:300]
            problems += 1
        else:
            image.content_type, image.data = picture.content_type, picture.data
            image.digest, image.problem = hashlib.sha256(picture.data).hexdigest(), ""
            stored += 1
        image.save()
    return {"pictures": stored, "picture_problems": problems}
