"""The icon and avatar gallery: the pictures a sync copied (directory/images.py), served to the
members of their organisation only, and the editor's grid of them (an htmx fragment, so the
editor page does not grow with the library)."""

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotModified
from django.shortcuts import render
from django.views.decorators.http import require_GET

from assistants.views.decorators import organization_required
from directory.identifiers import noun
from directory.images import IMAGE_KINDS
from directory.models import DirectoryEntry, DirectoryImage

# Served pictures are never a document: no script runs, nothing loads, even when one is
# opened on its own (an SVG can hold script; in an <img> it never runs anyway).
PICTURE_CSP = "default-src 'none'; style-src 'unsafe-inline'; sandbox"


@require_GET
@organization_required()
def directory_picture(request: HttpRequest, pk: int, version: str) -> HttpResponse:
    image = (
        DirectoryImage.objects.filter(entry_id=pk, entry__organization=request.organization)
        .exclude(digest="")
        .first()
    )
    if image is None:
        raise Http404("No such picture.")
    etag = f'"{image.digest[:32]}"'
    current = image.digest.startswith(version)
    if request.headers.get("If-None-Match") == etag:
        response: HttpResponse = HttpResponseNotModified()
    else:
        response = HttpResponse(bytes(image.data), content_type=image.content_type)
    response["ETag"] = etag
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = PICTURE_CSP
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    # Private: only members of the organisation may see it. An old version's address (the
    # picture changed since the page was drawn) is answered with the new picture, uncached.
    response["Cache-Control"] = (
        "private, max-age=31536000, immutable" if current else "private, no-cache"
    )
    return response


@require_GET
@organization_required()
def directory_gallery(request: HttpRequest) -> HttpResponse:
    """`?kind=icons&field=basics-icon_id&basics-icon_id=<chosen id>&q=<search>`: the grid of
    thumbnails, at most DIRECTORY_GALLERY_LIMIT, the chosen one checked."""
    kind = request.GET.get("kind", "")
    if kind not in IMAGE_KINDS:
        raise Http404("No gallery for that.")
    field = request.GET.get("field", "").replace("\x00", "")[:100]
    chosen = request.GET.get(field, "").replace("\x00", "").strip()[:200] if field else ""
    query = request.GET.get("q", "").replace("\x00", "").strip()[:200]
    limit = settings.DIRECTORY_GALLERY_LIMIT
    scope = DirectoryEntry.objects.filter(organization=request.organization, kind=kind)
    listed = scope.filter(gone_at__isnull=True)
    if query:
        listed = listed.filter(name__icontains=query)
    shown = listed.select_related("image").defer("image__data").order_by("name")
    entries = list(shown[: limit + 1])
    more = len(entries) > limit
    entries = entries[:limit]
    if chosen and not query and all(e.ident != chosen for e in entries):
        # The chosen one first, even when gone or past the limit: the grid shows the value.
        entries[:0] = scope.filter(ident=chosen).select_related("image").defer("image__data")
    for entry in entries:
        image = getattr(entry, "image", None)
        entry.picture = image.url if image and image.stored else ""
    context = {
        "entries": entries,
        "chosen": chosen,
        "query": query,
        "group": f"{field}__gallery",
        "label": request.GET.get("label", "")[:100] or noun(kind).capitalize(),
        "noun": noun(kind),
        "nouns": noun(kind, True),
        "more": more,
        "total": listed.count() if more else len(entries),
        "limit": limit,
    }
    return render(request, "directory/gallery.html", context)
