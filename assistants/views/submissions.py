"""Submitting a draft, its live timeline, and the organisation's list of submissions."""

from dataclasses import dataclass, field
from datetime import datetime

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_POST

from assistants.models import Connection, Draft, Submission, SubmissionAttempt, SubmissionStatus
from assistants.params import BadParameter, id_param, strict_int
from assistants.services.drafts import DraftInvalid, draft_clone
from assistants.services.secrets_left_out import left_out_message, secrets_left_out
from assistants.services.sending import submission_send_checked
from assistants.services.submissions import SubmissionRefused
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft
from directory.identifiers import identifiers_unknown

PAGE_SIZE = 25


# --- The timeline ----------------------------------------------------------------------------


@dataclass
class Step:
    state: str  # queued, sending, retrying, created, failed, lookup: the badge it wears
    title: str
    at: datetime | None = None
    detail: str = ""
    trace_id: str = ""
    http_status: int | None = None
    fields: list[dict] = field(default_factory=list)  # errors with their section anchors

    @property
    def label(self) -> str:
        return STATE_LABELS.get(self.state, self.state.capitalize())


STATE_LABELS = {"lookup": "Check", **dict(SubmissionStatus.choices)}


CREATE_TITLES = {
    "created": "created",
    "rate_limited": "rate limited",
    "retry": "failed, will be tried again",
    "ambiguous": "no clear answer: the assistant may have been created",
    "interrupted": "interrupted: the worker stopped",
    "rejected": "refused",
    "applied": "done",
}
# What a try of each kind is called on the timeline.
KIND_NOUNS = {"create": "Try", "update": "Update, try", "delete": "Delete, try"}
LOOKUP_TITLES = {
    "found": "Looked for this submission's assistant: found it, so nothing is sent again",
    "not_found": "Looked for this submission's assistant: not there, so it is safe to send",
    "not_yet": "Looked for this submission's assistant: not there yet, looking again soon",
    "retry": "Looking the assistant up failed",
    "rejected": "Looking the assistant up was refused",
    "interrupted": "Looking the assistant up was interrupted",
}


def _attempt_step(attempt: SubmissionAttempt, number: int) -> Step:
    status = f" (HTTP {attempt.http_status})" if attempt.http_status else ""
    if attempt.kind == "lookup":
        title = LOOKUP_TITLES.get(attempt.outcome, "Looking for this submission's assistant…")
        state = "failed" if attempt.outcome in ("retry", "rejected") else "lookup"
    elif attempt.finished_at is None:
        title, state = f"Try {number}: sending…", "sending"
    else:
        noun = KIND_NOUNS.get(attempt.kind, "Try")
        title = f"{noun} {number}: {CREATE_TITLES.get(attempt.outcome, attempt.outcome)}{status}"
        state = {
            "created": "created",
            "applied": "created",
            "rate_limited": "retrying",
            "retry": "retrying",
        }.get(attempt.outcome, "failed" if attempt.outcome == "rejected" else "retrying")
    detail = attempt.error_message
    if attempt.outcome == "rate_limited" and attempt.retry_after_seconds is not None:
        detail = f"{detail} The upstream asked to wait {attempt.retry_after_seconds:g} s.".strip()
    return Step(state, title, attempt.started_at, detail, attempt.trace_id, attempt.http_status)


def timeline_steps(submission: Submission, *, now: datetime | None = None) -> list[Step]:
    """What happened to a submission, oldest first, ending with where it is now."""
    now = now or timezone.now()
    who = submission.submitted_by.get_username() if submission.submitted_by else "someone"
    doing = {"update": "Update queued", "delete": "Delete queued"}.get(submission.kind, "Queued")
    steps = [
        Step(
            "queued",
            f"{doing} by {who} for {submission.connection.name}",
            submission.created_at,
        )
    ]
    attempts = list(submission.attempts.all())  # read once: the timeline is polled
    creates = 0
    for attempt in attempts:
        if attempt.kind != "lookup":
            creates += 1
        steps.append(_attempt_step(attempt, creates))
    steps.append(_current_step(submission, attempts, now))
    return steps


def _current_step(submission: Submission, attempts: list[SubmissionAttempt], now: datetime) -> Step:
    status = submission.status
    if status == SubmissionStatus.QUEUED:
        if submission.enqueued_at is None and not attempts:
            return Step(
                "queued",
                "Waiting for the task queue",
                detail="The task queue could not be reached when this was submitted. It is "
                "saved and will be sent automatically once the queue is back; you can leave "
                "this page.",
            )
        return Step(
            "queued",
            "Waiting for a worker",
            detail="If this stays here, the background worker is not running.",
        )
    if status == SubmissionStatus.SENDING:
        return Step("sending", "Sending…")
    if status == SubmissionStatus.RETRYING:
        seconds = 0.0
        if submission.next_attempt_at:
            seconds = max(0.0, (submission.next_attempt_at - now).total_seconds())
        return Step(
            "retrying",
            f"Retrying in {seconds:.0f} s" if seconds >= 1 else "Retrying now",
            detail=submission.error_message,
        )
    if status == SubmissionStatus.CREATED:
        detail = ""
        not_kept = submission.not_kept
        if not_kept:
            labels = ", ".join(item.get("label") or item.get("key", "") for item in not_kept)
            detail = (
                f"The upstream did not keep {len(submission.not_kept)} of the settings sent: "
                f"{labels}. It accepted them but its assistant came back without them, so they "
                "have no effect there."
            )
        return Step(
            "created",
            f"Created as {submission.upstream_assistant_id}",
            submission.finished_at,
            detail=detail,
        )
    if status == SubmissionStatus.UPDATED:
        return Step(
            "created",
            f"Live assistant {submission.upstream_assistant_id} updated",
            submission.finished_at,
        )
    if status == SubmissionStatus.DELETED:
        return Step(
            "created",
            f"Deleted {submission.upstream_assistant_id} upstream; the draft is kept as a record",
            submission.finished_at,
        )
    traced = [attempt.trace_id for attempt in attempts if attempt.trace_id]
    return Step(
        "failed",
        "Failed",
        submission.finished_at,
        detail=submission.error_message,
        trace_id=traced[-1] if traced else "",
        fields=submission.field_errors,
    )


# --- The submit panel on the draft page ------------------------------------------------------


class CopyForm(forms.Form):
    name = forms.CharField(label="Name of the copy", max_length=256)


def _panel(
    request: HttpRequest,
    draft: Draft,
    *,
    refused: SubmissionRefused | None = None,
    notice: str = "",
    copy_form: CopyForm | None = None,
    chosen_connection_id: int | None = None,
    status: int = 200,
) -> HttpResponse:
    """The draft's submit panel (htmx), or a page of its own without JavaScript.

    `chosen_connection_id` keeps the person's "Send to" after a refusal, so the next Submit
    goes where they meant, not back to the default connection.
    """
    latest = draft.submissions.select_related("connection", "submitted_by").first()
    context = {
        "draft": draft,
        "latest": latest,
        "steps": timeline_steps(latest) if latest else [],
        "refused": refused,
        "notice": notice,
        "copy_form": copy_form,
        "chosen_connection_id": chosen_connection_id,
    }
    template = "editor/submissions.html" if request.htmx else "submissions/draft.html"
    return render(request, template, context, status=status)


@organization_required()
def draft_submissions(request: HttpRequest, pk: int) -> HttpResponse:
    return _panel(request, get_draft(request, pk))


def _unknown_ids_refusal(request: HttpRequest, draft: Draft) -> SubmissionRefused | None:
    """Names are never sent as ids: refuse values the directory does not know, unless every
    one of them is of a kind the platform does not list and the person confirmed them."""
    unknown = identifiers_unknown(organization_id=draft.organization_id, config=draft.config)
    if not unknown:
        return None
    confirmable = all(u.confirmable for u in unknown)
    if confirmable and request.POST.get("confirm_unknown") == "1":
        return None
    count = len(unknown)
    values = "This value is" if count == 1 else f"{count} values are"
    message = f"{values} not known ids, so nothing was sent. Pick them from the lists."
    if confirmable:
        message += (
            " If they are ids the platform does not list, tick the box to send them as they are."
        )
    refused = SubmissionRefused(message, [u.as_field_error() for u in unknown])
    refused.confirm_unknown = confirmable
    return refused


@require_POST
@organization_required("editor")
def draft_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """Submit: create the assistant through the chosen connection, or, for a draft that
    manages a live assistant, update it (refused when it changed since the page was loaded:
    `live_version` is the live version the page showed)."""
    draft = get_draft(request, pk)
    connection = Connection.objects.filter(
        organization=request.organization, pk=strict_int(request.POST.get("connection")) or 0
    ).first()
    unknown = _unknown_ids_refusal(request, draft)
    if unknown is not None:
        return _panel(request, draft, refused=unknown, status=200 if request.htmx else 422)
    try:
        submission = submission_send_checked(
            draft=draft,
            user=request.user,
            connection=connection,
            base_live_version=strict_int(request.POST.get("live_version")),
        )
    except SubmissionRefused as refused:
        draft.refresh_from_db()
        return _panel(
            request,
            draft,
            refused=refused,
            chosen_connection_id=connection.pk,
            status=200 if request.htmx else 422,
        )
    if submission.enqueued_at is None:
        notice = (
            "Saved. The task queue cannot be reached right now, so it will be sent "
            "automatically as soon as it is back. You can leave this page."
        )
    elif submission.kind == "update":
        notice = (
            f"Updating the live assistant on {submission.connection.name}. Progress shows below."
        )
    else:
        notice = f"Submitted to {submission.connection.name}. Progress shows below."
    if not request.htmx:
        messages.info(request, notice)
        return redirect(reverse("draft_submissions", args=[draft.pk]))
    draft.refresh_from_db()
    return _panel(request, draft, notice=notice)


@require_POST
@organization_required("editor")
def draft_copy_created(request: HttpRequest, pk: int) -> HttpResponse:
    """A created draft is only sent again as a copy with a new name, on purpose."""
    draft = get_draft(request, pk)
    form = CopyForm(request.POST)
    if form.is_valid():
        try:
            copy = draft_clone(draft=draft, user=request.user, name=form.cleaned_data["name"])
        except DraftInvalid as invalid:
            for error in invalid.errors:
                form.add_error("name", error.message)
        else:
            messages.success(
                request, f"Created “{copy.name}”, a copy you can submit as a new assistant."
            )
            left_out = secrets_left_out(draft.config, copy.config)
            if left_out:
                messages.warning(request, left_out_message(left_out, who="You"))
            response = redirect("draft_edit", pk=copy.pk)
            if request.htmx:
                response = HttpResponse(status=204, headers={"HX-Redirect": response.url})
            return response
    return _panel(request, draft, copy_form=form, status=200 if request.htmx else 422)


# --- One submission, and the list ------------------------------------------------------------


def _submission(request: HttpRequest, pk: int) -> Submission:
    found = (
        Submission.objects.filter(organization=request.organization, pk=pk)
        .select_related("connection", "draft", "submitted_by", "revision")
        .first()
    )
    if found is None:
        raise Http404("No such submission in this organisation.")
    return found


@organization_required()
def submission_detail(request: HttpRequest, pk: int) -> HttpResponse:
    submission = _submission(request, pk)
    context = {
        "submission": submission,
        "steps": timeline_steps(submission),
        "attempts": submission.attempts.all(),
    }
    return render(request, "submissions/detail.html", context)


@organization_required()
def submission_timeline(request: HttpRequest, pk: int) -> HttpResponse:
    """The timeline alone, polled by htmx every second until the submission is final."""
    submission = _submission(request, pk)
    panel, shown = request.GET.get("panel") == "1", request.GET.get("shown", "")
    context = {
        "submission": submission,
        "steps": timeline_steps(submission),
        # Once final, also refresh the panel around it (created: the id; failed: Submit),
        # unless the page already shows that (`shown`: the status it last showed).
        "draft": submission.draft,
        "latest": submission,
        "panel": panel,
        "refresh_panel": panel and submission.is_final and shown != submission.status,
    }
    return render(request, "submissions/timeline.html", context)


class SubmissionFilterForm(forms.Form):
    status = forms.ChoiceField(
        label="Status", required=False, choices=[("", "Any status"), *SubmissionStatus.choices]
    )
    connection = forms.ModelChoiceField(
        label="Connection", required=False, queryset=Connection.objects.none(), empty_label="Any"
    )

    def __init__(self, *args, organization, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["connection"].queryset = Connection.objects.filter(organization=organization)


@organization_required()
def submission_list(request: HttpRequest) -> HttpResponse:
    filters = SubmissionFilterForm(request.GET, organization=request.organization)
    filters.is_valid()
    submissions = Submission.objects.filter(organization=request.organization).select_related(
        "draft", "connection", "submitted_by"
    )
    if filters.cleaned_data.get("status"):
        submissions = submissions.filter(status=filters.cleaned_data["status"])
    if filters.cleaned_data.get("connection"):
        submissions = submissions.filter(connection=filters.cleaned_data["connection"])
    try:
        draft_id = id_param(request.GET, "draft")
    except BadParameter as bad:
        return HttpResponseBadRequest(str(bad))
    if draft_id is not None:
        submissions = submissions.filter(draft_id=draft_id)
    page = Paginator(submissions.order_by("-created_at", "-id"), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    context = {"filters": filters, "page": page}
    template = "submissions/list.html#results" if request.htmx else "submissions/list.html"
    return render(request, template, context)
