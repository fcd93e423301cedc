"""The draft editor: one page of sections, each saved on its own (htmx or a plain POST).

The page renders one section in full (the first, or the one named by `?section=`) and the
others as shells that htmx fills in as they scroll into view: rendering all nine sections'
~200 widgets made the page several times slower than Django admin's change form. Without
JavaScript each shell links to the page with that section open.
"""

from dataclasses import dataclass
from functools import wraps

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods, require_POST

from assistants.contract import SECTIONS, Section
from assistants.forms.section import SectionEditor
from assistants.models import Draft
from assistants.params import strict_int
from assistants.services.compare import revision_history
from assistants.services.drafts import (
    DraftInvalid,
    StaleEdit,
    draft_check_section,
    draft_update_section,
)
from assistants.services.preview import preview_for
from assistants.views import pending_secrets
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft
from directory.identifiers import directory_scope


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


def _editor(request: HttpRequest, draft: Draft, section: Section, *, data=None) -> SectionEditor:
    """The section's editor for this person; bound to `data` when it was posted."""
    return SectionEditor(
        section,
        draft.config,
        data=data,
        readonly=not request.membership.can_edit,
        base_version=draft.section_version(section.value),
    )


def _with_directory(view):
    """Render inside the draft's directory scope: pickers look up the names of the ids the
    draft holds (a few queries), never the whole directory."""

    @wraps(view)
    def wrapped(request: HttpRequest, pk: int, *args, **kwargs) -> HttpResponse:
        target = request.GET.get("target") or request.POST.get("target") or ""
        kind, _, ident = target.partition(":")
        connection_id = strict_int(ident) if kind == "connection" else None
        with directory_scope(request.organization.pk, connection_id=connection_id):
            return view(request, pk, *args, **kwargs)

    return wrapped


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
@_with_directory
def draft_edit(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    return _page(request, draft, _editor(request, draft, _opened(request)))


@require_http_methods(["GET", "POST"])
@organization_required()
@_with_directory
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


# The boxes of a section that hold secrets (MCP tokens and header values), by name ending.
SECRET_BOXES = ("-authorization", "-headers__value")


def _row_destination(data, name: str) -> str:
    """The MCP row's server name: a token kept for a row only fills the row of the same
    server (rows can be moved or removed between tries). Its URL may change: fixing a
    mistyped URL is the usual reason a save failed."""
    row = name.split("[", 1)[0].rsplit("-", 1)[0]
    return data.get(row + "-server_label", "").strip()


def with_kept_secrets(request: HttpRequest, scope: str):
    """The post, with secrets typed before a failed save filled into boxes left empty."""
    clear = {
        name: name.removesuffix("authorization") + "clear_authorization"
        for name in request.POST
        if name.endswith("-authorization")
    }
    data, _ = pending_secrets.restore(
        request, scope, request.POST, unless=clear, bind=_row_destination
    )
    return data


def _keep_typed_secrets(request: HttpRequest, scope: str, data, editor: SectionEditor) -> None:
    """After a failed save: keep what was typed into secret boxes, and say so beside them."""
    names = pending_secrets.secret_names(data, SECRET_BOXES)
    if not pending_secrets.remember(request, scope, data, names, bind=_row_destination):
        return
    editor.kept_secrets = True
    kept = pending_secrets.kept_names(request, scope)
    for form in editor.every_form():
        box = form.fields.get("authorization")
        if box is not None and form.add_prefix("authorization") in kept:
            box.widget.attrs["placeholder"] = "Kept from your last try (not shown)"


@require_POST
@organization_required("editor")
@_with_directory
def draft_section_save(request: HttpRequest, pk: int, section: str) -> HttpResponse:
    draft = get_draft(request, pk)
    scope = f"draft:{draft.pk}:{section}"
    data = with_kept_secrets(request, scope)
    editor = _editor(request, draft, _section(section), data=data)
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
    notices = list(draft.secret_notices) if saved else []
    if saved:
        pending_secrets.forget(request, scope)
    else:
        _keep_typed_secrets(request, scope, data, editor)
    if saved and not request.htmx:
        messages.success(request, f"{editor.section.label} saved.")
        for notice in notices:
            messages.warning(request, notice)
        url = reverse("draft_edit", args=[draft.pk])
        return redirect(f"{url}?section={section}#section-{section}")
    if saved:
        # Re-render from what is now stored, with the new version to save against.
        editor = _editor(request, draft, editor.section)
    if not request.htmx:
        return _page(request, draft, editor, status=422)
    context = {
        **_beside(request, draft, request.POST.get("target", "")),
        "editor": editor,
        "saved": saved,
        "secret_notices": notices,
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
