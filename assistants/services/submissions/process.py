"""The state machine a worker runs for one submission.

    queued ──claim──▶ sending ──▶ created
                        │   ▲
                        ▼   │ (next_attempt_at)
                      retrying ──(tries used up / refused)──▶ failed

A run claims the row with a lease (one conditional UPDATE, so two deliveries of the same
message cannot both send), settles any earlier attempt that may have created the assistant
by looking it up by name, sends at most one create request, records it, and then finishes or
schedules the next try. No transaction or row lock is held during HTTP: every write is a
short statement of its own, and every write after the claim checks the lease is still ours.
"""

import contextlib
import json
import logging
import random
import socket
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from assistants import crypto, upstream
from assistants.dialects import build_request
from assistants.models import (
    ACTIVE_STATUSES,
    Draft,
    DraftStatus,
    Submission,
    SubmissionAttempt,
    SubmissionStatus,
)
from assistants.outbound import outbound_url_problem
from assistants.services.submissions import messages
from assistants.services.submissions.field_errors import draft_field_errors, field_errors_as_json
from assistants.services.submissions.live import live_fields
from assistants.services.submissions.messages import is_duplicate_name
from assistants.services.submissions.scheduling import backoff_seconds, enqueue_at, recheck_later
from assistants.upstream import Outcome, Reply

logger = logging.getLogger(__name__)

CREATE, LOOKUP = "create", "lookup"
# How a create attempt ended, as recorded on SubmissionAttempt.outcome.
CREATE_OUTCOMES = {
    Outcome.SUCCESS: "created",
    Outcome.RETRY_AFTER: "rate_limited",
    Outcome.RETRY_BACKOFF: "retry",
    Outcome.AMBIGUOUS: "ambiguous",
    Outcome.REJECTED: "rejected",
}
# After these the assistant may exist upstream, so it is looked up before any new POST.
# ("created" too: a worker may have died between the reply and recording the submission.)
MAY_HAVE_CREATED = ("created", "ambiguous", "interrupted")
LOOKUP_SETTLED = ("found", "not_found")


class LeaseLost(Exception):
    """Another worker took the submission over (this one was too slow): stop touching it."""


def lease_claim(*, submission_id: int, worker: str) -> Submission | None:
    """Take the submission if nobody holds it and it is due; None otherwise.

    One conditional UPDATE: of two workers racing, PostgreSQL lets one through and
    re-checks the other's WHERE against the updated row, which no longer matches.
    """
    now = timezone.now()
    claimed = (
        Submission.objects.filter(pk=submission_id, status__in=ACTIVE_STATUSES)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
        .update(
            status=SubmissionStatus.SENDING,
            claimed_by=worker[:200],
            claimed_until=now + timedelta(seconds=settings.SUBMISSION_LEASE_SECONDS),
            deliveries=F("deliveries") + 1,
            enqueued_at=None,  # the message that brought us here is used up
            updated_at=now,
        )
    )
    if not claimed:
        return None
    # The configurations are read only to explain a refusal (decrypting them costs ~1 ms):
    # what is sent is the submission's own encrypted body.
    submission = (
        Submission.objects.select_related("connection", "organization", "draft", "revision")
        .defer("draft__config", "revision__config")
        .get(pk=submission_id)
    )
    _draft_shows(submission.draft_id, DraftStatus.SENDING)
    return submission


def _draft_shows(draft_id: int, status: DraftStatus) -> None:
    """The draft's status follows its submission's, unless the draft is already created."""
    Draft.objects.filter(pk=draft_id).exclude(status=DraftStatus.CREATED).update(status=status)


def submission_process(*, submission_id: int, worker: str) -> None:
    """Drive one submission one step further (the Celery task's whole body)."""
    submission = lease_claim(submission_id=submission_id, worker=worker)
    if submission is None:
        recheck_later(submission_id=submission_id)
        return
    # Imported here: kinds.py builds on this module's SubmissionRun.
    from assistants.services.submissions.kinds import run_for

    run = run_for(submission, worker)
    try:
        run.execute()
    except LeaseLost:
        logger.warning(
            "Submission %s: another worker took it over; %s stops.", submission_id, worker
        )
    except Exception:
        logger.exception("Submission %s: unexpected error in %s", submission_id, worker)
        run.recover_from_crash()


class SubmissionRun:
    """One claimed run of a submission by one worker."""

    def __init__(self, submission: Submission, worker: str) -> None:
        self.submission = submission
        self.worker = worker[:200]
        self._body: dict[str, Any] | None = None
        # (number, kind, outcome) of the attempts so far, read once at the start of the run.
        self._attempts: list[tuple[int, str, str]] = []
        self._last_number = 0

    # --- What is sent ----------------------------------------------------------------------

    @property
    def body(self) -> dict[str, Any]:
        if self._body is None:
            self._body = json.loads(crypto.decrypt(self.submission.body_encrypted))
        return self._body

    def _request(self) -> tuple[str, dict[str, str]]:
        """URL and headers, with the connection's current key (an admin may have fixed it)."""
        connection = self.submission.connection
        # An empty configuration still yields the dialect's path and headers.
        shape = build_request(
            self.submission.dialect,
            {},
            organization_id=self.submission.organization.upstream_id,
            api_key=connection.api_key,
        )
        return connection.base_url.rstrip("/") + shape.path, shape.headers

    @property
    def _config(self) -> dict[str, Any]:
        revision = self.submission.revision
        return revision.config if revision else self.submission.draft.config

    # --- The run ---------------------------------------------------------------------------

    def execute(self) -> None:
        submission = self.submission
        self._read_attempts()
        try:
            self.body  # noqa: B018 - both the body and the key must decrypt
            submission.connection.api_key  # noqa: B018
        except crypto.DecryptionFailed as error:
            self._fail("decryption_failed", str(error))
            return
        # Checked again at send time: settings or DNS may have changed since it was saved.
        problem = _destination_problem(submission.connection.base_url)
        if problem:
            self._fail("destination_refused", f"{problem} (the connection's base URL)")
            return
        worker_lost = submission.deliveries > settings.SUBMISSION_MAX_DELIVERIES
        if self._needs_lookup():
            if submission.deliveries > settings.SUBMISSION_MAX_DELIVERIES + 1:
                self._fail_worker_lost()  # even the look-ups keep dying
                return
            if self._look_up_and_adopt():
                return
        if worker_lost:
            self._fail_worker_lost()
            return
        if submission.attempt_count >= settings.SUBMISSION_MAX_TRIES:
            self._fail(
                submission.error_code or "too_many_tries",
                messages.gave_up(submission.attempt_count, submission.error_message),
            )
            return
        self._handle(self._send())

    def _send(self) -> Reply:
        attempt = self._attempt_start(CREATE)
        self.submission.attempt_count += 1
        url, headers = self._request()
        reply = upstream.create_assistant(
            dialect=self.submission.dialect,
            url=url,
            headers=headers,
            body=self.body,
            idempotency_key=str(self.submission.idempotency_key),
        )
        if reply.outcome is Outcome.SUCCESS and not _assistant_id(reply.raw):
            reply.outcome = Outcome.AMBIGUOUS
            reply.code = "no_assistant_id"
            reply.message = (
                "The upstream answered without an assistant id. The assistant is looked up "
                "before trying again."
            )
        self._attempt_finish(attempt, reply, CREATE_OUTCOMES[reply.outcome])
        return reply

    def _handle(self, reply: Reply) -> None:
        if reply.outcome is Outcome.SUCCESS:
            self._adopt(reply.raw, redacted=reply.body)
            return
        if reply.outcome is Outcome.REJECTED:
            # A duplicate name after an attempt that may have created it: that was us.
            if (
                is_duplicate_name(reply)
                and self._earlier_create_may_have_created()
                and self._look_up_and_adopt()
            ):
                return
            self._reject(reply)
            return
        # Out of tries; but after an ambiguous one the next run still looks it up first.
        used_up = self.submission.attempt_count >= settings.SUBMISSION_MAX_TRIES
        if used_up and reply.outcome is not Outcome.AMBIGUOUS:
            self._fail(
                reply.code or "too_many_tries",
                messages.gave_up(self.submission.attempt_count, reply.message),
            )
            return
        self._retry_in(self._wait_for(reply), reply)

    def _wait_for(self, reply: Reply) -> float:
        tries = self.submission.attempt_count
        if reply.outcome is Outcome.RETRY_AFTER and reply.retry_after is not None:
            # At least what the upstream asked for; a little more so clients spread out.
            return reply.retry_after + random.uniform(0, 0.1 * reply.retry_after)
        wait = backoff_seconds(tries)
        if reply.outcome is Outcome.AMBIGUOUS:
            wait = max(wait, settings.SUBMISSION_AMBIGUOUS_SETTLE)
        return wait

    # --- Looking up what an earlier attempt may have created -------------------------------

    def _needs_lookup(self) -> bool:
        creates = [(number, outcome) for number, kind, outcome in self._attempts if kind == CREATE]
        if not creates or creates[-1][1] not in MAY_HAVE_CREATED:
            return False
        last_create = creates[-1][0]
        return not any(
            kind == LOOKUP and number > last_create and outcome == "not_found"
            for number, kind, outcome in self._attempts
        )

    def _earlier_create_may_have_created(self) -> bool:
        return self.submission.attempts.filter(kind=CREATE, outcome__in=MAY_HAVE_CREATED).exists()

    def _look_up_and_adopt(self) -> bool:
        """Look the assistant up by name. True when the run is over (adopted, or waiting or
        failed because the list could not be read); False when it is not there."""
        attempts = self.submission.attempts
        first_create = attempts.filter(kind=CREATE).order_by("number").first()
        since = first_create.started_at if first_create else self.submission.created_at
        attempt = self._attempt_start(LOOKUP)
        url, headers = self._request()
        lookup = upstream.find_assistant(
            dialect=self.submission.dialect,
            url=url,
            headers=headers,
            organization_id=self.submission.organization.upstream_id,
            name=str(self.body.get("name") or ""),
            created_since=since.timestamp() - settings.SUBMISSION_CLOCK_SKEW,
            idempotency_key=str(self.submission.idempotency_key),
        )
        if lookup.found is not None:
            self._attempt_finish(attempt, lookup.reply, "found")
            self._adopt(lookup.found)
            return True
        if lookup.reply.outcome is Outcome.SUCCESS:
            self._attempt_finish(attempt, lookup.reply, "not_found")
            return False
        rejected = lookup.reply.outcome is Outcome.REJECTED
        self._attempt_finish(attempt, lookup.reply, "rejected" if rejected else "retry")
        failed = attempts.filter(kind=LOOKUP).exclude(outcome__in=LOOKUP_SETTLED).count()
        if rejected or failed >= settings.SUBMISSION_MAX_TRIES:
            self._fail(
                "unconfirmed", messages.unconfirmed(self.body.get("name", ""), lookup.reply.message)
            )
            return True
        lookup.reply.message = (
            "Checking whether an earlier attempt created the assistant failed: "
            f"{lookup.reply.message or 'no answer'}"
        )
        self._retry_in(backoff_seconds(failed), lookup.reply)
        return True

    # --- Attempts --------------------------------------------------------------------------

    def _read_attempts(self) -> None:
        """The attempts so far (one query), after closing those a dead worker left open."""
        if self.submission.attempt_count == 0 and self.submission.deliveries <= 1:
            return  # the first delivery of a submission never tried: there are none
        rows = list(
            self.submission.attempts.order_by("number").values_list(
                "number", "kind", "outcome", "finished_at"
            )
        )
        if any(finished_at is None for *_, finished_at in rows):
            self._close_interrupted_attempts()
            rows = [(n, k, "interrupted" if f is None else o, f) for n, k, o, f in rows]
        self._attempts = [(number, kind, outcome) for number, kind, outcome, _ in rows]
        self._last_number = rows[-1][0] if rows else 0

    def _close_interrupted_attempts(self) -> None:
        """Attempts left open by a worker that died: the request may have gone through."""
        self.submission.attempts.filter(finished_at__isnull=True).update(
            finished_at=timezone.now(),
            outcome="interrupted",
            error_code="worker_lost",
            error_message="The worker stopped during this attempt (it was restarted or "
            "killed), so the assistant may have been created. It is looked up before "
            "anything is sent again.",
        )

    def _attempt_start(self, kind: str) -> SubmissionAttempt:
        # Committed before the request goes out, so a worker that dies during it leaves an
        # open attempt behind. A create attempt is counted with the lease's renewal, in the
        # same transaction: no attempt row exists while attempt_count is still 0.
        with transaction.atomic():
            count = {"attempt_count": F("attempt_count") + 1} if kind != LOOKUP else {}
            self._renew_lease(**count)
            self._last_number += 1  # the lease keeps other workers from adding attempts
            return SubmissionAttempt.objects.create(
                submission=self.submission,
                number=self._last_number,
                kind=kind,
                started_at=timezone.now(),
                worker=self.worker,
            )

    def _attempt_finish(self, attempt: SubmissionAttempt, reply: Reply, outcome: str) -> None:
        attempt.finished_at = timezone.now()
        attempt.http_status = reply.http_status
        attempt.response_body = reply.body
        attempt.trace_id = reply.trace_id
        attempt.outcome = outcome
        attempt.retry_after_seconds = reply.retry_after
        if reply.outcome is not Outcome.SUCCESS:
            attempt.error_code = reply.code[:100]
            attempt.error_message = reply.message
        attempt.save(
            update_fields=[
                "finished_at",
                "http_status",
                "response_body",
                "trace_id",
                "outcome",
                "retry_after_seconds",
                "error_code",
                "error_message",
            ]
        )
        logger.info(
            "Submission %s attempt %s (%s): HTTP %s → %s %s",
            self.submission.pk,
            attempt.number,
            attempt.kind,
            reply.http_status or "-",
            outcome,
            reply.code,
        )

    # --- The lease and the final states ----------------------------------------------------

    def _mine(self):
        return Submission.objects.filter(pk=self.submission.pk, claimed_by=self.worker)

    def _renew_lease(self, **fields: Any) -> None:
        until = timezone.now() + timedelta(seconds=settings.SUBMISSION_LEASE_SECONDS)
        if not self._mine().update(claimed_until=until, **fields):
            raise LeaseLost()

    def _release(self, **fields: Any) -> None:
        if not self._mine().update(claimed_by="", claimed_until=None, **fields):
            raise LeaseLost()

    def _retry_in(self, wait: float, reply: Reply, *, clean: bool = True) -> None:
        when = timezone.now() + timedelta(seconds=wait)
        fields: dict[str, Any] = {
            "status": SubmissionStatus.RETRYING,
            "next_attempt_at": when,
            "error_code": reply.code[:100],
            "error_message": reply.message,
        }
        if clean:
            fields["deliveries"] = 0
        with transaction.atomic():
            self._release(**fields)
            _draft_shows(self.submission.draft_id, DraftStatus.RETRYING)
        enqueue_at(submission_id=self.submission.pk, when=when)

    def _adopt(self, obj: dict[str, Any], redacted: dict[str, Any] | None = None) -> None:
        """Record the assistant `obj` as created (`redacted`: it already masked, to store)."""
        now = timezone.now()
        assistant_id = _assistant_id(obj)
        created = obj.get("created_at")
        created_at = (
            datetime.fromtimestamp(created, UTC) if isinstance(created, int | float) else now
        )
        with transaction.atomic():
            self._release(
                status=SubmissionStatus.CREATED,
                upstream_assistant_id=assistant_id,
                upstream_object=redacted or upstream.redact_response(obj),
                error_code="",
                error_message="",
                field_errors=[],
                next_attempt_at=None,
                enqueued_at=None,
                deliveries=0,
                finished_at=now,
            )
            Draft.objects.filter(pk=self.submission.draft_id).update(
                status=DraftStatus.CREATED,
                upstream_assistant_id=assistant_id,
                upstream_created_at=created_at,
                **live_fields(self.submission),
            )
        logger.info("Submission %s: created %s", self.submission.pk, assistant_id)

    def _fail(self, code: str, message: str, field_errors: list[dict] | None = None) -> None:
        with transaction.atomic():
            self._release(
                status=SubmissionStatus.FAILED,
                error_code=code[:100],
                error_message=message,
                field_errors=field_errors or [],
                next_attempt_at=None,
                enqueued_at=None,
                deliveries=0,
                finished_at=timezone.now(),
            )
            _draft_shows(self.submission.draft_id, DraftStatus.FAILED)
        logger.info("Submission %s: failed (%s)", self.submission.pk, code)

    def _reject(self, reply: Reply) -> None:
        errors = draft_field_errors(
            dialect=self.submission.dialect, config=self._config, errors=reply.field_errors
        )
        if is_duplicate_name(reply):
            message = messages.duplicate_name_field(self.body.get("name", ""))
            errors = [replace(e, message=message) if e.path == "name" else e for e in errors]
        self._fail(
            reply.code or f"http_{reply.http_status}",
            messages.rejected(self.submission, reply),
            field_errors_as_json(errors),
        )

    def _fail_worker_lost(self) -> None:
        self._fail("worker_lost", messages.worker_lost(self.submission.deliveries - 1))

    def recover_from_crash(self) -> None:
        """An error in our own code: count it like a lost worker and try again later."""
        now = timezone.now()
        mine = self.submission.attempts.filter(finished_at__isnull=True, worker=self.worker)
        note = "Something went wrong in Assistant Builder during this attempt."
        mine.filter(kind=CREATE).update(
            finished_at=now, outcome="ambiguous", error_code="internal_error", error_message=note
        )
        mine.update(
            finished_at=now, outcome="retry", error_code="internal_error", error_message=note
        )
        reply = Reply(
            Outcome.RETRY_BACKOFF,
            code="internal_error",
            message="Something went wrong in Assistant Builder while sending; it will be "
            "tried again. If this keeps happening, check the worker's logs.",
        )
        # Not a clean run: keep counting deliveries, so a run that always crashes ends.
        with contextlib.suppress(LeaseLost):
            self._retry_in(backoff_seconds(max(1, self.submission.deliveries)), reply, clean=False)


def _destination_problem(url: str) -> str | None:
    """Why the connection's URL may not be called now; None also when its name does not
    resolve at the moment, which the HTTP client then reports as a connection error (tried
    again) rather than failing the submission for a passing DNS problem."""
    try:
        socket.getaddrinfo(urlsplit(url).hostname or "", None)
    except (socket.gaierror, UnicodeError):
        return None
    return outbound_url_problem(url)


def _assistant_id(obj: Any) -> str:
    if isinstance(obj, dict) and isinstance(obj.get("id"), str) and obj["id"]:
        return obj["id"][:200]
    return ""
