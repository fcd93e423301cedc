"""Update or delete a live assistant: validate, store the submission, enqueue it.

The same pipeline as a create (start.py): one submission of a draft on its way at a time
(the `one_active_submission_per_draft` constraint, which is also what keeps two updates of
one assistant from ever running at once), the request stored redacted and encrypted, a
refusal naming the fields to fix.
"""

import json

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from assistants import crypto
from assistants.dialects import UpstreamRequest, delete_request, mask_request, update_request
from assistants.models import (
    ACTIVE_STATUSES,
    Connection,
    Draft,
    Submission,
    SubmissionKind,
)
from assistants.services.submissions.scheduling import submission_enqueue
from assistants.services.submissions.start import (
    ConnectionUnusable,
    DraftNotSendable,
    SubmissionInProgress,
    SubmissionRefused,
    submission_start,
)
from audit.services import audit_record


class DraftNotLive(SubmissionRefused):
    """The draft manages no live assistant, so there is nothing to update or delete."""


class StaleChange(SubmissionRefused):
    """Someone changed the live assistant since this person looked at it."""


def _stale(draft: Draft) -> StaleChange:
    who = draft.live_by.get_username() if draft.live_by else "someone"
    when = f"{draft.live_at:%d %b %Y %H:%M} UTC" if draft.live_at else "meanwhile"
    return StaleChange(
        f"{who} changed the live assistant ({when}) since you loaded this page, so your "
        "update was not sent: it would overwrite theirs. Look at what is live now (the "
        "differences are listed again), then update."
    )


def _locked_live(draft: Draft, base_live_version: int | None) -> tuple[Draft, Connection]:
    locked = (
        Draft.objects.select_for_update(of=("self",))
        .select_related("live_by", "organization", "upstream_connection")
        .get(pk=draft.pk)
    )
    if not locked.upstream_assistant_id or locked.upstream_connection is None:
        raise DraftNotLive(f"“{locked.name}” is not linked to an assistant upstream.")
    if base_live_version is not None and base_live_version != locked.live_version:
        raise _stale(locked)
    if Submission.objects.filter(draft=locked, status__in=ACTIVE_STATUSES).exists():
        raise SubmissionInProgress(
            f"A change to “{locked.name}” is already being sent. Changes to one assistant are "
            "applied one after the other: wait for it to finish (its progress is shown on "
            "this page), then send yours."
        )
    connection = locked.upstream_connection
    if not connection.has_api_key:
        raise ConnectionUnusable(
            f"The connection “{connection.name}” has no API key. An admin can add one on the "
            "Connections page."
        )
    return locked, connection


def _store(
    locked: Draft,
    connection: Connection,
    request: UpstreamRequest,
    *,
    kind: SubmissionKind,
    user: AbstractBaseUser,
) -> Submission:
    try:
        with transaction.atomic():
            submission = Submission.objects.create(
                organization=locked.organization,
                draft=locked,
                kind=kind,
                revision=locked.revisions.order_by("-number").first(),
                connection=connection,
                dialect=connection.dialect,
                config=locked.config if kind == SubmissionKind.UPDATE else None,
                base_live_version=locked.live_version,
                upstream_assistant_id=locked.upstream_assistant_id,
                request_body=mask_request(request).body,
                body_encrypted=crypto.encrypt(json.dumps(request.body)),
                unsupported_fields=[
                    {"path": u.path, "reason": u.reason} for u in request.unsupported
                ],
                submitted_by=user,
            )
    except IntegrityError as race:
        if "one_active_submission_per_draft" in str(race):
            raise SubmissionInProgress(f"A change to “{locked.name}” is being sent.") from race
        raise
    transaction.on_commit(lambda: submission_enqueue(submission=submission))
    return submission


def submission_update_start(
    *, draft: Draft, user: AbstractBaseUser, base_live_version: int | None = None
) -> Submission:
    """Send the draft as it is to its live assistant (kind "update").

    `base_live_version` is the live version the person saw (the page, or the API's
    `live_version`); refused with StaleChange when the live assistant changed since.
    """
    with transaction.atomic():
        locked, connection = _locked_live(draft, base_live_version)
        request = update_request(
            connection.dialect,
            locked.config,
            previous=locked.live_config,
            assistant_id=locked.upstream_assistant_id,
            organization_id=locked.organization.upstream_id,
            api_key=connection.api_key,
        )
        if request.errors:
            raise DraftNotSendable(
                f"{connection.get_dialect_display()} cannot take this draft as it is. Fix the "
                "fields below, then update again.",
                request.errors,
            )
        submission = _store(locked, connection, request, kind=SubmissionKind.UPDATE, user=user)
        audit_record(
            organization=locked.organization,
            actor=user,
            action="draft.update_submitted",
            target=locked,
            details={
                "connection": connection.name,
                "submission": submission.pk,
                "assistant": locked.upstream_assistant_id,
            },
        )
    return submission


def submission_delete_start(
    *, draft: Draft, user: AbstractBaseUser, base_live_version: int | None = None
) -> Submission:
    """Delete the draft's live assistant upstream (kind "delete"); the draft stays, unlinked."""
    with transaction.atomic():
        locked, connection = _locked_live(draft, base_live_version)
        request = delete_request(
            connection.dialect,
            locked.upstream_assistant_id,
            organization_id=locked.organization.upstream_id,
            api_key=connection.api_key,
        )
        submission = _store(locked, connection, request, kind=SubmissionKind.DELETE, user=user)
        audit_record(
            organization=locked.organization,
            actor=user,
            action="draft.delete_upstream_submitted",
            target=locked,
            details={
                "connection": connection.name,
                "submission": submission.pk,
                "assistant": locked.upstream_assistant_id,
            },
        )
    return submission


def submission_send(
    *,
    draft: Draft,
    user: AbstractBaseUser,
    connection: Connection | None = None,
    base_live_version: int | None = None,
) -> Submission:
    """What Submit does: update the live assistant when the draft has one, else create one
    through `connection`."""
    if draft.upstream_assistant_id:
        return submission_update_start(draft=draft, user=user, base_live_version=base_live_version)
    if connection is None:
        raise SubmissionRefused("Choose a connection to send it to.")
    return submission_start(draft=draft, connection=connection, user=user)
