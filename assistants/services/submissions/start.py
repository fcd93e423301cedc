"""Submit: validate a draft for a connection's dialect, store the submission, enqueue it."""

import json
import uuid

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction

from assistants import crypto
from assistants.contract import FieldError
from assistants.dialects import build_request, mask_request
from assistants.dialects.marker import with_marker
from assistants.models import (
    ACTIVE_STATUSES,
    Connection,
    Draft,
    DraftStatus,
    Submission,
    SubmissionStatus,
)
from assistants.services.submissions.scheduling import submission_enqueue
from audit.services import audit_record


class SubmissionRefused(Exception):
    """The draft cannot be submitted now: `message` says why, `errors` which fields to fix."""

    def __init__(self, message: str, errors: list[FieldError] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.errors = list(errors or [])


class DraftNotSendable(SubmissionRefused):
    """The connection's dialect cannot express the draft as it is."""


class DraftAlreadyCreated(SubmissionRefused):
    """The draft was created upstream already; only a renamed copy can be submitted."""


class SubmissionInProgress(SubmissionRefused):
    """A submission of this draft is still on its way."""


class ConnectionUnusable(SubmissionRefused):
    """The connection cannot be used (no API key)."""


def _check_submittable(draft: Draft, connection: Connection) -> None:
    if draft.status == DraftStatus.CREATED or draft.upstream_assistant_id:
        raise DraftAlreadyCreated(
            f"“{draft.name}” was already created upstream as {draft.upstream_assistant_id}. "
            "Submitting it again would make a second assistant; to make one, create a copy "
            "with a new name and submit that."
        )
    if Submission.objects.filter(draft=draft, status=SubmissionStatus.CREATED).exists():
        raise DraftAlreadyCreated(
            f"“{draft.name}” was created upstream before and that assistant was deleted; the "
            "draft is kept as a record of it. To make the assistant again, create a copy and "
            "submit the copy."
        )
    if Submission.objects.filter(draft=draft, status__in=ACTIVE_STATUSES).exists():
        raise SubmissionInProgress(
            f"“{draft.name}” is already being sent. Wait for that submission to finish; its "
            "progress is shown on this page."
        )
    if not connection.has_api_key:
        raise ConnectionUnusable(
            f"The connection “{connection.name}” has no API key. An admin can add one on the "
            "Connections page."
        )


def submission_start(*, draft: Draft, connection: Connection, user: AbstractBaseUser) -> Submission:
    """Store a submission of `draft` through `connection` and enqueue it once committed.

    Raises DraftNotSendable (with field errors) when the connection's dialect refuses the
    draft, DraftAlreadyCreated when it was created upstream already, SubmissionInProgress
    while another submission of it is on its way, ConnectionUnusable without an API key.
    The stored request body has its secrets masked; the body to send is kept encrypted.
    If the broker cannot be reached the submission stays queued (`enqueued_at` is None) and
    the periodic sweep sends it.
    """
    if connection.organization_id != draft.organization_id:
        raise ValueError("The connection belongs to another organisation.")
    with transaction.atomic():
        # Serialises two people pressing Submit at once; the constraint backs it up.
        locked = Draft.objects.select_for_update(of=("self",)).get(pk=draft.pk)
        _check_submittable(locked, connection)
        organization = locked.organization
        # The key is made here so the body can carry it as its marker (dialects/marker.py).
        idempotency_key = uuid.uuid4()
        request = with_marker(
            build_request(
                connection.dialect,
                locked.config,
                organization_id=organization.upstream_id,
                api_key=connection.api_key,
            ),
            connection.dialect,
            str(idempotency_key),
        )
        if request.errors:
            raise DraftNotSendable(
                f"{connection.get_dialect_display()} cannot take this draft as it is. Fix the "
                "fields below, then submit again.",
                request.errors,
            )
        try:
            with transaction.atomic():
                submission = Submission.objects.create(
                    organization=organization,
                    draft=locked,
                    revision=locked.revisions.order_by("-number").first(),
                    connection=connection,
                    dialect=connection.dialect,
                    config=locked.config,
                    base_live_version=locked.live_version,
                    idempotency_key=idempotency_key,
                    request_body=mask_request(request).body,
                    body_encrypted=crypto.encrypt(json.dumps(request.body)),
                    unsupported_fields=[
                        {"path": u.path, "reason": u.reason} for u in request.unsupported
                    ],
                    submitted_by=user,
                )
        except IntegrityError as race:
            if "one_active_submission_per_draft" in str(race):
                raise SubmissionInProgress(f"“{locked.name}” is already being sent.") from race
            raise
        Draft.objects.filter(pk=locked.pk).update(status=DraftStatus.QUEUED)
        audit_record(
            organization=organization,
            actor=user,
            action="draft.submitted",
            target=locked,
            details={"connection": connection.name, "submission": submission.pk},
        )
        transaction.on_commit(lambda: submission_enqueue(submission=submission))
    return submission
