"""Removing a second copy that a worker which lost its lease created after all.

The lease is checked right before a create leaves (process.py, `_lease_still_fresh`), but no
check can close the last instant between it and the bytes reaching the socket: a worker
stopped there (SIGSTOP, a frozen VM) sends its create whenever it resumes — possibly after a
replacement looked for the assistant, found nothing, and created it. Both copies carry this
submission's marker, so the copy that is not the recorded one is ours beyond doubt.

The stalled worker writes nothing (it lost its lease), so it only asks for a reconciliation
when its create may have created something; a live worker runs it. Once the submission has
ended "created", every other assistant carrying its marker is deleted upstream (each re-read
first, so only an assistant that still carries the marker is ever deleted) and the audit
log says so. While it is still in progress, the reconciliation comes back later. A
submission that ended otherwise keeps what exists upstream: it is reported, never adopted or
deleted, because nobody decided which copy is the assistant.
"""

import logging
from dataclasses import dataclass, field

from django.conf import settings

from assistants import upstream
from assistants.dialects import delete_request
from assistants.dialects.marker import body_marker, marker_of
from assistants.models import Submission, SubmissionStatus
from assistants.services.submissions.sent import create_endpoint, sent_body
from assistants.upstream import Outcome
from audit.services import audit_record

logger = logging.getLogger(__name__)

# Deletions per reconciliation: a handful of stalled workers at most, never a loop.
MOST_COPIES = 5


@dataclass
class Reconciliation:
    """What a reconciliation did: `later` when the submission is still in progress."""

    later: bool = False
    removed: list[str] = field(default_factory=list)
    left: list[str] = field(default_factory=list)  # found, not removed (and why, logged)
    error: str = ""


def reconcile_delay() -> float:
    """When a stalled worker's copy is looked for: after a replacement has had the settle
    window and one whole request to find or create its own."""
    return settings.SUBMISSION_SETTLE_WINDOW + settings.SUBMISSION_REQUEST_DEADLINE


def reconcile_publish(*, submission_id: int) -> bool:
    """Queue a reconciliation; False (logged) when the broker cannot be reached."""
    from assistants.tasks import submission_reconcile_task

    try:
        submission_reconcile_task.apply_async((submission_id,), retry=True)
    except Exception as error:  # kombu's OperationalError, socket errors, …
        logger.error(
            "Submission %s: a paused worker may have made a second copy upstream, and the "
            "broker could not be reached to check (%s).",
            submission_id,
            error,
        )
        return False
    return True


def submission_reconcile(*, submission_id: int) -> Reconciliation:
    """Delete upstream every copy of a created submission's assistant but the recorded one."""
    submission = Submission.objects.select_related("connection", "organization", "draft").get(
        pk=submission_id
    )
    if not submission.is_final:
        return Reconciliation(later=True)
    body = sent_body(submission)
    marker = body_marker(body)
    if marker is None:
        return Reconciliation()  # sent without a marker: copies cannot be told apart
    result = Reconciliation()
    url, headers = create_endpoint(submission)
    keep = {submission.upstream_assistant_id} - {""}
    for _ in range(MOST_COPIES):
        lookup = upstream.find_assistant(
            dialect=submission.dialect,
            url=url,
            headers=headers,
            organization_id=submission.organization.upstream_id,
            name=str(body.get("name") or ""),
            marker=marker,
            created_since=submission.created_at.timestamp() - settings.SUBMISSION_CLOCK_SKEW,
            idempotency_key=str(submission.idempotency_key),
            skip_ids=frozenset(keep | set(result.removed) | set(result.left)),
        )
        if lookup.reply.outcome is not Outcome.SUCCESS:
            result.error = lookup.reply.message
            return result
        if lookup.found is None:
            break
        copy_id = str(lookup.found.get("id"))
        if submission.status != SubmissionStatus.CREATED or not keep:
            # Nobody recorded which copy is the assistant: tell, do not choose.
            logger.warning(
                "Submission %s ended %s, yet %s carries its marker upstream.",
                submission.pk,
                submission.status,
                copy_id,
            )
            result.left.append(copy_id)
            continue
        if _delete_copy(submission, copy_id, marker):
            result.removed.append(copy_id)
        else:
            result.left.append(copy_id)
    if result.removed:
        audit_record(
            organization=submission.organization,
            actor=None,
            action="submission.copy_removed",
            target=submission.draft,
            details={
                "changes": [
                    f"Kept the assistant {submission.upstream_assistant_id}.",
                    f"Removed the copy {', '.join(result.removed)}: a worker that had been "
                    "paused sent the create again after its replacement had created it.",
                ],
                "kept": submission.upstream_assistant_id,
                "removed": result.removed,
            },
        )
    return result


def _delete_copy(submission: Submission, copy_id: str, marker: str) -> bool:
    """Re-read the copy, then delete it, only if it still carries this submission's marker."""
    arguments = {
        "organization_id": submission.organization.upstream_id,
        "api_key": submission.connection.api_key,
    }
    base = submission.connection.base_url.rstrip("/")
    shape = delete_request(submission.dialect, copy_id, **arguments)
    current = upstream.read(
        dialect=submission.dialect, url=base + shape.path, headers=shape.headers
    )
    if current.outcome is not Outcome.SUCCESS or marker_of(current.raw) != marker:
        return False
    reply = upstream.send_change(
        dialect=submission.dialect,
        method=shape.method,
        url=base + shape.path,
        headers=shape.headers,
        body=None,
        idempotency_key=f"{submission.idempotency_key}:remove:{copy_id}",
    )
    if reply.outcome is Outcome.SUCCESS or reply.http_status == 404:
        logger.warning(
            "Submission %s: removed the stalled worker's copy %s.", submission.pk, copy_id
        )
        return True
    return False
