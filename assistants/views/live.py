"""The live assistant from the draft page: Check live, take its values, delete it upstream,
restore a revision, and import a connection's assistants as drafts."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assistants.models import Connection, DraftRevision
from assistants.services.adopt import UpstreamUnreadable, assistants_import, upstream_assistants
from assistants.services.drafts import DraftInvalid, StaleEdit
from assistants.services.live import (
    LiveCheckFailed,
    draft_restore_revision,
    draft_take_live_values,
    live_check,
)
from assistants.services.submissions import SubmissionRefused, submission_delete_start
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft


def _version(request: HttpRequest) -> int:
    value = request.POST.get("version", "")
    return int(value) if value.isdigit() else -1


@require_POST
@organization_required()
def draft_check_live(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    error = ""
    try:
        live_check(draft=draft)
    except LiveCheckFailed as failure:
        error = str(failure)
    if not request.htmx:
        if error:
            messages.error(request, error)
        return redirect(reverse("draft_edit", args=[draft.pk]) + "#live-check")
    return render(request, "editor/live_check.html", {"draft": draft, "check_error": error})


@require_POST
@organization_required("editor")
def draft_take_live(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    paths = request.POST.getlist("path")
    try:
        draft = draft_take_live_values(
            draft=draft, user=request.user, paths=paths, version=_version(request)
        )
    except (LiveCheckFailed, StaleEdit) as problem:
        messages.error(request, str(problem))
    except DraftInvalid as invalid:
        messages.error(
            request,
            "The live values break the contract, so they were not taken: "
            + "; ".join(f"{e.path}: {e.message}" for e in invalid.errors[:3]),
        )
    else:
        count = len(paths)
        messages.success(
            request, f"Took {count} value{'s' if count != 1 else ''} from the live assistant."
        )
    return redirect(reverse("draft_edit", args=[draft.pk]) + "#submit")


@organization_required("admin")
def draft_delete_upstream(request: HttpRequest, pk: int) -> HttpResponse:
    """Admins: delete the live assistant upstream, after a confirmation naming it."""
    draft = get_draft(request, pk)
    if not draft.upstream_assistant_id:
        messages.info(request, f"“{draft.name}” is not linked to an assistant upstream.")
        return redirect("draft_edit", pk=draft.pk)
    if request.method == "POST":
        try:
            submission_delete_start(draft=draft, user=request.user)
        except SubmissionRefused as refused:
            messages.error(request, refused.message)
        else:
            messages.info(
                request,
                f"Deleting “{draft.name}” from {draft.upstream_connection.name}. The draft stays "
                "here as a record; progress shows below.",
            )
        return redirect(reverse("draft_edit", args=[draft.pk]) + "#submit")
    return render(request, "drafts/confirm_delete_upstream.html", {"draft": draft})


@require_POST
@organization_required("editor")
def draft_restore_revision_view(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    draft = get_draft(request, pk)
    try:
        draft_restore_revision(
            draft=draft, user=request.user, number=number, version=_version(request)
        )
    except DraftRevision.DoesNotExist:
        messages.error(request, f"There is no revision {number} of this draft.")
    except StaleEdit as stale:
        messages.error(request, str(stale))
    except DraftInvalid as invalid:
        messages.error(
            request,
            f"Revision {number} no longer passes the checks, so it was not restored: "
            + "; ".join(f"{e.path}: {e.message}" for e in invalid.errors[:3]),
        )
    else:
        messages.success(
            request,
            f"Restored revision {number} into the draft (saved as a new revision). Nothing "
            "was sent: update the live assistant when you are ready.",
        )
    return redirect("draft_edit", pk=draft.pk)


class UpstreamSearchForm(forms.Form):
    connection = forms.ModelChoiceField(
        label="Connection", queryset=Connection.objects.none(), empty_label=None
    )
    q = forms.CharField(label="Name contains", required=False, max_length=200)

    def __init__(self, *args, organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["connection"].queryset = Connection.objects.filter(organization=organization)


@organization_required("editor")
def upstream_import(request: HttpRequest) -> HttpResponse:
    """List a connection's assistants (paged, searchable) and import the ticked ones."""
    organization = request.organization
    data = request.POST if request.method == "POST" else request.GET
    form = UpstreamSearchForm(data or None, organization=organization)
    if not data:
        default = Connection.objects.filter(organization=organization).order_by(
            "-is_default", "name"
        )
        form = UpstreamSearchForm(
            {"connection": default[0].pk if default else ""}, organization=organization
        )
    context: dict = {"form": form, "page": None, "error": ""}
    if form.is_valid():
        connection = form.cleaned_data["connection"]
        if request.method == "POST":
            outcome = assistants_import(
                connection=connection,
                user=request.user,
                assistant_ids=request.POST.getlist("assistant"),
            )
            for draft in outcome.drafts:
                messages.success(request, f"Imported “{draft.name}”: its next change is an update.")
            for sentence in outcome.skipped:
                messages.warning(request, f"Not imported: {sentence}")
            if len(outcome.drafts) == 1 and not outcome.skipped:
                return redirect("draft_edit", pk=outcome.drafts[0].pk)
            return redirect("draft_list")
        try:
            context["page"] = upstream_assistants(
                connection=connection,
                search=form.cleaned_data["q"],
                cursor=request.GET.get("cursor", ""),
            )
        except UpstreamUnreadable as unreadable:
            context["error"] = str(unreadable)
        context["connection"] = connection
    return render(request, "drafts/import_upstream.html", context)
