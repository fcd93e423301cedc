"""Compare two saved states of a draft (or a draft with what was last submitted)."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assistants.services.compare import config_diff
from assistants.services.secrets_left_out import left_out_message, secrets_left_out
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft
from directory.services import template_from_draft

CURRENT = "current"
SUBMITTED = "submitted"
LIVE = "live"


def _versions(draft) -> dict[str, tuple[str, dict]]:
    """Choosable states: the current draft, what was last submitted, every revision."""
    versions = {CURRENT: ("The draft as it is now", draft.config)}
    sent = draft.submissions.exclude(kind="delete").order_by("-created_at")
    last = sent.select_related("revision").first()
    # What was sent, as kept by the submission; the revision (which may have folded later
    # saves in) only for submissions made before snapshots were kept.
    config = last.config if last is not None and last.config is not None else None
    if config is None and last is not None and last.revision is not None:
        config = last.revision.config
    if config is not None:
        versions[SUBMITTED] = (f"Last submitted ({last.created_at:%d %b %Y %H:%M})", config)
    if draft.live_config is not None:
        versions[LIVE] = ("Live now (what was last sent or imported)", draft.live_config)
    for revision in draft.revisions.select_related("author"):
        who = revision.author.get_username() if revision.author else "someone"
        versions[str(revision.number)] = (
            f"Revision {revision.number} — {who}, {revision.updated_at:%d %b %Y %H:%M}",
            revision.config,
        )
    return versions


@organization_required()
def draft_compare(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    versions = _versions(draft)
    keys = list(versions)
    default_before = SUBMITTED if SUBMITTED in versions else keys[min(2, len(keys) - 1)]
    before = request.GET.get("before") if request.GET.get("before") in versions else default_before
    after = request.GET.get("after") if request.GET.get("after") in versions else CURRENT
    changes = config_diff(versions[before][1], versions[after][1])
    return render(
        request,
        "drafts/compare.html",
        {
            "draft": draft,
            "choices": [(k, v[0]) for k, v in versions.items()],
            "before": before,
            "after": after,
            "changes": changes,
        },
    )


class TemplateForm(forms.Form):
    name = forms.CharField(label="Template name", max_length=200)
    description = forms.CharField(label="What it is good for", max_length=500, required=False)


@organization_required("admin")
def template_save(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    form = TemplateForm(request.POST or None, initial={"name": draft.name})
    if request.method == "POST" and form.is_valid():
        template = template_from_draft(draft=draft, user=request.user, **form.cleaned_data)
        messages.success(
            request,
            f"Saved “{template.name}”: everyone in "
            f"{request.organization.name} can now start from it.",
        )
        left_out = secrets_left_out(draft.config, template.config)
        if left_out:
            messages.warning(
                request, left_out_message(left_out, who="Whoever starts from the template")
            )
        return redirect("draft_edit", pk=draft.pk)
    return render(request, "drafts/template_save.html", {"draft": draft, "form": form})
