"""Submissions of kind update and delete: the same lease, attempts, retries and timeline as a
create (process.SubmissionRun), with their own request and success rule.

- The request goes to the assistant itself (`/v1/assistants/{id}`), built by the dialect.
- Resending is safe: an update sends the whole configuration and a delete of a deleted
  assistant changes nothing, so an ambiguous attempt is simply tried again; there is no
  look-up by marker as there is for a create.
- Success: 2xx. A delete answered 404 succeeded too (the assistant is gone, perhaps by an
  earlier attempt whose answer was lost); an update answered 404 failed (nothing to update).
- An update or delete is applied only if the draft's live version is still the one it was
  built on: someone else's change in between is never overwritten silently.
"""

import logging
from dataclasses import replace
from typing import Any

from django.conf import settings
from django.db import transaction
from django.db.models.functions import Now

from assistants import upstream
from assistants.dialects import delete_request, update_request
from assistants.models import Draft, SubmissionKind, SubmissionStatus
from assistants.services.submissions import messages
from assistants.services.submissions.live import live_fields, unlinked_fields
from assistants.services.submissions.process import SubmissionRun
from assistants.upstream import Outcome, Reply

logger = logging.getLogger(__name__)

OUTCOMES = {
    Outcome.SUCCESS: "applied",
    Outcome.RETRY_AFTER: "rate_limited",
    Outcome.RETRY_BACKOFF: "retry",
    Outcome.AMBIGUOUS: "ambiguous",
    Outcome.REJECTED: "rejected",
}
FINAL_STATUS = {
    SubmissionKind.UPDATE: SubmissionStatus.UPDATED,
    SubmissionKind.DELETE: SubmissionStatus.DELETED,
}


class ChangeRun(SubmissionRun):
    """One claimed run of an update or a delete."""

    @property
    def _config(self) -> dict[str, Any]:
        return self.submission.config or {}

    def _request(self) -> tuple[str, dict[str, str]]:
        submission, connection = self.submission, self.submission.connection
        arguments = {
            "assistant_id": submission.upstream_assistant_id,
            "organization_id": submission.organization.upstream_id,
            "api_key": connection.api_key,
        }
        if submission.kind == SubmissionKind.DELETE:
            shape = delete_request(submission.dialect, **arguments)
        else:  # an empty configuration still gives the path and headers
            shape = update_request(submission.dialect, {}, previous=None, **arguments)
        self._method = shape.method
        return connection.base_url.rstrip("/") + shape.path, shape.headers

    def _needs_lookup(self) -> bool:
        return False  # resending is safe (see the module's docstring)

    def execute(self) -> None:
        if self._stale():
            return
        super().execute()

    def _stale(self) -> bool:
        """Refuse a change built on a live version that is no longer current."""
        draft = Draft.objects.select_related("live_by").get(pk=self.submission.draft_id)
        base = self.submission.base_live_version
        if base is None or draft.live_version == base:
            return False
        self._fail("stale", messages.stale_change(draft))
        return True

    def _send(self) -> Reply:
        attempt = self._attempt_start(self.submission.kind)
        self.submission.attempt_count += 1
        url, headers = self._request()
        body = self.body if self.submission.kind == SubmissionKind.UPDATE else None
        reply = upstream.send_change(
            dialect=self.submission.dialect,
            method=self._method,
            url=url,
            headers=headers,
            body=body,
            idempotency_key=str(self.submission.idempotency_key),
        )
        self._attempt_finish(attempt, reply, OUTCOMES[reply.outcome])
        return reply

    def _handle(self, reply: Reply) -> None:
        kind = self.submission.kind
        if reply.outcome is Outcome.SUCCESS:
            self._applied(reply)
            return
        if reply.outcome is Outcome.REJECTED and reply.http_status == 404:
            if kind == SubmissionKind.DELETE:
                self._applied(reply)  # already gone: what a delete wants
            else:
                self._fail("not_found", messages.not_found_upstream(self.submission))
            return
        if reply.outcome is Outcome.REJECTED:
            self._reject(_in_config_terms(reply))
            return
        if self.submission.attempt_count >= settings.SUBMISSION_MAX_TRIES:
            self._fail(
                reply.code or "too_many_tries",
                messages.gave_up(self.submission.attempt_count, reply.message),
            )
            return
        self._retry_in(self._wait_for(reply), reply)

    def _applied(self, reply: Reply) -> None:
        submission = self.submission
        status = FINAL_STATUS[SubmissionKind(submission.kind)]
        fields = live_fields(submission)
        if submission.kind == SubmissionKind.DELETE:
            fields = {**unlinked_fields(), "status": "draft"}
        with transaction.atomic():
            self._release(
                status=status,
                upstream_object=reply.body if isinstance(reply.body, dict) else None,
                error_code="",
                error_message="",
                field_errors=[],
                next_attempt_at=None,
                enqueued_at=None,
                deliveries=0,
                finished_at=Now(),  # the database's clock, as every lease time
            )
            Draft.objects.filter(pk=submission.draft_id).update(**fields)
        logger.info("Submission %s: %s %s", submission.pk, status, submission.upstream_assistant_id)


def _in_config_terms(reply: Reply) -> Reply:
    """Aitronos calls labels `assistant_metadata` on update: blame `metadata` in the form."""
    reply.field_errors = [
        replace(error, path="metadata" + error.path[len("assistant_metadata") :])
        if error.path.startswith("assistant_metadata")
        else error
        for error in reply.field_errors
    ]
    return reply


def run_for(submission, worker: str) -> SubmissionRun:
    """The run that drives `submission`: a create's own, or the change run."""
    if submission.kind == SubmissionKind.CREATE:
        return SubmissionRun(submission, worker)
    return ChangeRun(submission, worker)
