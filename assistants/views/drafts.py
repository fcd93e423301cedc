"""The assistants list and the draft actions around it: new, clone, delete, restore."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assistants.models import Draft, DraftStatus
from assistants.params import BadParameter, id_param
from assistants.selectors.drafts import draft_for, drafts_for
from assistants.services.drafts import (
    DraftInvalid,
    draft_clone,
    draft_create,
    draft_delete,
    draft_restore,
    name_is_taken,
)
from assistants.services.secrets_left_out import left_out_message, secrets_left_out
from assistants.starters import starters
from assistants.views.decorators import organization_required
from directory.models import AssistantTemplate

PAGE_SIZE = 25


def get_draft(request: HttpRequest, pk: int, *, deleted: bool = False) -> Draft:
    """The draft `pk` of the current organisation, or 404: the one way views load a draft."""
    try:
        return draft_for(request.organization, pk, deleted=deleted)
    except Draft.DoesNotExist as missing:
        raise Http404("No such assistant in this organisation.") from missing


class DraftFilterForm(forms.Form):
    q = forms.CharField(label="Search by name", required=False)
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *DraftStatus.choices]
    )


class NewDraftForm(forms.Form):
    name = forms.CharField(
        label="Name",
        max_length=256,
        error_messages={"required": "Give the assistant a name."},
        help_text="What people will see in the assistant list. It must be unique in "
        "your organisation; you can change it later.",
    )
    start = forms.ChoiceField(
        label="Start from", widget=forms.RadioSelect, initial="blank", required=False
    )

    def __init__(self, *args, organization=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.starting_points = starting_points(organization)
        self.fields["start"].choices = [
            (key, p["title"]) for key, p in self.starting_points.items()
        ]


def starting_points(organization) -> dict[str, dict]:
    """Blank, the built-in gallery, then the organisation's own templates."""
    points = {
        "blank": {
            "title": "A blank assistant",
            "summary": "Every setting at the API's default.",
            "config": {},
            "origin": "",
        }
    }
    for key, starter in starters().items():
        points[key] = {
            "title": starter.title,
            "summary": starter.summary,
            "config": starter.config,
            "origin": "Gallery",
        }
    for template in AssistantTemplate.objects.filter(organization=organization):
        points[f"org-{template.pk}"] = {
            "title": template.name,
            "summary": template.description,
            "config": template.config,
            "origin": "Your organisation",
        }
    return points


@organization_required()
def draft_list(request: HttpRequest) -> HttpResponse:
    show_deleted = request.GET.get("deleted") == "1" and request.membership.is_admin
    filters = DraftFilterForm(request.GET)
    filters.is_valid()
    drafts = drafts_for(
        request.organization,
        search=filters.cleaned_data.get("q", ""),
        status=filters.cleaned_data.get("status", ""),
        deleted=show_deleted,
    )
    page = Paginator(drafts, PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"filters": filters, "page": page, "show_deleted": show_deleted}
    template = "drafts/list.html#results" if request.htmx else "drafts/list.html"
    return render(request, template, context)


@organization_required("editor")
def draft_new(request: HttpRequest) -> HttpResponse:
    form = NewDraftForm(
        request.POST or None,
        organization=request.organization,
        initial={"start": request.GET.get("start", "blank")},
    )
    if request.method == "POST" and form.is_valid():
        start = form.starting_points[form.cleaned_data["start"] or "blank"]
        try:
            draft = draft_create(
                organization=request.organization,
                user=request.user,
                name=form.cleaned_data["name"],
                config=start["config"],
            )
        except DraftInvalid as invalid:
            for error in invalid.errors:
                form.add_error("name" if error.field == "name" else None, error.message)
        else:
            messages.success(request, f"“{draft.name}” was created. Fill in the sections below.")
            return redirect("draft_edit", pk=draft.pk)
    return render(request, "drafts/new.html", {"form": form})


@require_POST
@organization_required("editor")
def draft_clone_view(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_draft(request, pk)
    try:
        copy = draft_clone(draft=source, user=request.user)
    except DraftInvalid as invalid:
        # E.g. an MCP server whose address a stricter rule now refuses: say what to fix.
        problems = " ".join(error.message for error in invalid.errors[:3])
        messages.error(request, f"No copy was made: {problems} Fix it here, then copy again.")
        return redirect("draft_edit", pk=source.pk)
    messages.success(request, f"Created “{copy.name}”, a copy you can edit.")
    left_out = secrets_left_out(source.config, copy.config)
    if left_out:
        messages.warning(request, left_out_message(left_out, who="You"))
    return redirect("draft_edit", pk=copy.pk)


@organization_required("editor")
def draft_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    if request.method == "POST":
        draft_delete(draft=draft, user=request.user)
        messages.success(
            request, f"“{draft.name}” was deleted. An admin can restore it from Deleted drafts."
        )
        return redirect("draft_list")
    return render(request, "drafts/confirm_delete.html", {"draft": draft})


@require_POST
@organization_required("admin")
def draft_restore_view(request: HttpRequest, pk: int) -> HttpResponse:
    draft = draft_restore(draft=get_draft(request, pk, deleted=True), user=request.user)
    messages.success(request, f"“{draft.name}” was restored.")
    return redirect(reverse("draft_edit", args=[draft.pk]))


@organization_required()
def draft_name_check(request: HttpRequest) -> JsonResponse:
    """As-you-type check that a name is free in the organisation (the save checks again)."""
    name = request.GET.get("name", "").strip()
    try:
        exclude = id_param(request.GET, "exclude")
    except BadParameter as bad:
        return JsonResponse({"ok": False, "message": str(bad)}, status=400)
    if not name:
        return JsonResponse({"ok": False, "message": "Give the assistant a name."})
    taken = name_is_taken(request.organization, name, exclude_id=exclude)
    message = (
        f"Another assistant in this organisation is already called “{name}”."
        if taken
        else f"“{name}” is available."
    )
    return JsonResponse({"ok": not taken, "message": message})
