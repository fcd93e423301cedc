"""The draft editor: one page of sections, each saved on its own (htmx or a plain POST).

The page renders one section in full (the first, or the one named by `?section=`) and the
others as shells that htmx fills in as they scroll into view: rendering all nine sections'
~200 widgets made the page several times slower than Django admin's change form. Without
JavaScript each shell links to the page with that section open.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assistants.contract import SECTIONS, Section
from assistants.forms.section import SectionEditor
from assistants.models import Draft
from assistants.services.compare import revision_history
from assistants.services.drafts import (
    DraftInvalid,
    StaleEdit,
    draft_check_section,
    draft_update_section,
)
from assistants.services.preview import preview_for
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft
from directory.services import directory_for


@dataclass(frozen=True)
class SectionShell:
    """A section the page lists but has not rendered yet (see the module's docstring)."""

    section: Section
    is_shell = True
    has_errors = False


def _section(slug: str) -> Section:
    try:
        return Section(slug)
    except ValueError as unknown:
        raise Http404("No such section.") from unknown


def _opened(request: HttpRequest) -> Section:
    """The section the page opens with: `?section=` when it names one, else the first."""
    try:
        return Section(request.GET.get("section", ""))
    except ValueError:
        return SECTIONS[0]


def _editor(
    request: HttpRequest,
    draft: Draft,
    section: Section,
    *,
    data=None,
    directory: dict | None = None,
) -> SectionEditor:
    """The section's editor for this person; bound to `data` when it was posted."""
    return SectionEditor(
        section,
        draft.config,
        data=data,
        readonly=not request.membership.can_edit,
        base_version=draft.section_version(section.value),
        directory=directory if directory is not None else directory_for(request.organization),
    )


def _beside(request: HttpRequest, draft: Draft, target: str) -> dict:
    """What the page shows beside the sections: the request preview for `target`, history."""
    preview = preview_for(request.organization, draft, target)
    kind, _, ident = preview.target.partition(":")
    return {
        "draft": draft,
        "preview": preview,
        "preview_target": preview.target,
        # Submit's "Send to" starts where the preview is (one target for both).
        "chosen_connection_id": int(ident) if kind == "connection" else None,
        "history": revision_history(list(draft.revisions.select_related("author")[:11])),
    }


def _page(
    request: HttpRequest, draft: Draft, opened: SectionEditor, status: int = 200
) -> HttpResponse:
    """The editor page: `opened` rendered, every other section as a shell."""
    context = {
        **_beside(request, draft, request.GET.get("target", "")),
        "editors": [opened if s == opened.section else SectionShell(s) for s in SECTIONS],
        "readonly": not request.membership.can_edit,
    }
    return render(request, "editor/page.html", context, status=status)


@organization_required()
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    return _page(request, draft, _editor(request, draft, _opened(request)))


@require_http_methods(["GET", "POST"])
@organization_required()
def draft_section(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    """GET: one section's form (what a shell loads); POST: save it (editors only)."""
    if request.method == "POST":
        return draft_section_save(request, pk, section)
    draft = get_draft(request, pk)
    slug = _section(section)
    if not request.htmx:
        return redirect(reverse("draft_edit", args=[draft.pk]) + f"?section={slug}#section-{slug}")
    context = {
        "draft": draft,
        "editor": _editor(request, draft, slug),
        "readonly": not request.membership.can_edit,
        "preview_target": request.GET.get("target", ""),
    }
    return render(request, "editor/section.html", context)


@require_POST
@organization_required("editor")
def draft_section_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    draft = get_draft(request, pk)
    directory = directory_for(request.organization)
    editor = _editor(request, draft, _section(section), data=request.POST, directory=directory)
    saved = False
    if editor.is_valid():
        values, removed = editor.changes()
        try:
            draft = draft_update_section(
                draft=draft,
                user=request.user,
                section=section,
                values=values,
                removed=removed,
                base_version=editor.base_version,
            )
        except DraftInvalid as invalid:
            editor.add_contract_errors(invalid.errors)
        except StaleEdit as stale:
            editor.form.add_error(None, str(stale))
        else:
            saved = True
    else:
        # One pass: what the contract says about the fields that could be read, beside the
        # form's own complaints about those that could not.
        values, removed = editor.changes(partial=True)
        editor.add_contract_errors(
            draft_check_section(draft=draft, section=section, values=values, removed=removed)
        )
    if saved and not request.htmx:
        messages.success(request, f"{editor.section.label} saved.")
        url = reverse("draft_edit", args=[draft.pk])
        return redirect(f"{url}?section={section}#section-{section}")
    if saved:
        # Re-render from what is now stored, with the new version to save against.
        editor = _editor(request, draft, editor.section, directory=directory)
    if not request.htmx:
        return _page(request, draft, editor, status=422)
    context = {
        **_beside(request, draft, request.POST.get("target", "")),
        "editor": editor,
        "saved": saved,
        "oob": True,
    }
    return render(request, "editor/section_saved.html", context)


@organization_required()
def draft_preview(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    context = {
        "draft": draft,
        "preview": preview_for(request.organization, draft, request.GET.get("target", "")),
    }
    return render(request, "editor/preview.html", context)
