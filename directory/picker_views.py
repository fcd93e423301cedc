"""What the editor's id pickers ask the server while someone types: suggestions (an htmx
fragment or JSON) and whether a value is a known id."""

from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render

from assistants.views.decorators import organization_required
from directory.identifiers import Directory, noun
from directory.members import member_people
from directory.suggest import directory_names, directory_suggest


@organization_required()
def directory_suggestions(request: HttpRequest) -> HttpResponse:
    """`?kind=users&q=jan[&detail=openai]`: the best matches, at most DIRECTORY_SUGGEST_LIMIT."""
    kind = request.GET.get("kind", "")
    query = request.GET.get("q", "")
    entries = directory_suggest(
        organization_id=request.organization.pk,
        kind=kind,
        query=query,
        detail=request.GET.get("detail", ""),
    )
    if "application/json" in request.headers.get("Accept", ""):
        return JsonResponse(
            {
                "results": [
                    {"id": e.ident, "name": e.name, "detail": e.detail, "extra": e.extra}
                    for e in entries
                ]
            }
        )
    members = member_people(organization_id=request.organization.pk) if kind == "users" else {}
    for entry in entries:
        entry.member = members.get(entry.ident, "")
    context = {"entries": entries, "kind": kind, "query": query, "noun": noun(kind, True)}
    return render(request, "directory/suggestions.html", context)


@organization_required()
def directory_check(request: HttpRequest) -> JsonResponse:
    """`?kind=users&value=Jane Smith`: is it a known id? If not, what to tell the person,
    and the entries whose name it is (so the page can offer them)."""
    kind = request.GET.get("kind", "")
    value = request.GET.get("value", "").strip()
    directory = Directory(request.organization.pk)
    entry = directory.entry(kind, value) if value else None
    problem = directory.problem(kind, value) if value else None
    named = (
        directory_names(organization_id=request.organization.pk, kind=kind, name=value)
        if problem
        else []
    )
    return JsonResponse(
        {
            "known": problem is None,
            "name": entry.name if entry else "",
            "message": problem[0] if problem else "",
            "confirmable": problem[1] if problem else True,
            "matches": [{"id": e.ident, "name": e.name, "detail": e.detail} for e in named],
        }
    )
