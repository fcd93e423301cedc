"""The draft editor: one page of sections, each saved on its own (htmx or a plain POST)."""

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assistants.contract import SECTIONS, Section
from assistants.forms.section import SectionEditor
from assistants.models import Draft
from assistants.services.drafts import DraftInvalid, StaleEdit, draft_update_section
from assistants.services.preview import preview_for
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft
from directory.services import directory_for


def _section(slug: str) -> Section:
    try:
        return Section(slug)
    except ValueError as unknown:
        raise Http404("No such section.") from unknown


def _editors(request: HttpRequest, draft: Draft, bound: SectionEditor | None = None) -> list:
    readonly = not request.membership.can_edit
    directory = directory_for(request.organization)
    editors = []
    for section in SECTIONS:
        if bound is not None and bound.section == section:
            editors.append(bound)
        else:
            editors.append(
                SectionEditor(
                    section,
                    draft.config,
                    readonly=readonly,
                    base_version=draft.section_version(section.value),
                    directory=directory,
                )
            )
    return editors


def _page_context(request: HttpRequest, draft: Draft, editors: list) -> dict:
    return {
        "draft": draft,
        "editors": editors,
        "readonly": not request.membership.can_edit,
        "preview": preview_for(request.organization, draft, request.GET.get("target", "")),
        "revisions": draft.revisions.select_related("author")[:10],
    }


@organization_required()
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    return render(
        request, "editor/page.html", _page_context(request, draft, _editors(request, draft))
    )


@require_POST
@organization_required("editor")
def draft_section_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    draft = get_draft(request, pk)
    directory = directory_for(request.organization)
    editor = SectionEditor(_section(section), draft.config, data=request.POST, directory=directory)
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
    if saved and not request.htmx:
        messages.success(request, f"{editor.section.label} saved.")
        return redirect(reverse("draft_edit", args=[draft.pk]) + f"#section-{section}")
    if saved:
        # Re-render from what is now stored, with the new version to save against.
        editor = SectionEditor(
            editor.section,
            draft.config,
            base_version=draft.section_version(section),
            directory=directory,
        )
    if not request.htmx:
        context = _page_context(request, draft, _editors(request, draft, bound=editor))
        return render(request, "editor/page.html", context, status=422)
    context = {
        "draft": draft,
        "editor": editor,
        "saved": saved,
        "oob": True,
        "preview": preview_for(request.organization, draft, request.POST.get("target", "")),
        "revisions": draft.revisions.select_related("author")[:10],
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
