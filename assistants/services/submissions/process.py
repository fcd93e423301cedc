"""The state machine a worker runs for one submission.

    queued ──claim──▶ sending ──▶ created
                        │   ▲
                        ▼   │ (next_attempt_at)
                      retrying ──(tries used up / refused)──▶ failed

A run claims the row with a lease (one conditional UPDATE, so two deliveries of the same
message cannot both send), settles any earlier attempt that may have created the assistant
by looking for the one carrying this submission's marker (dialects/marker.py) — again and
again over SUBMISSION_SETTLE_WINDOW before anything is sent again — sends at most one create
request, records it, and then finishes or schedules the next try.

Leases are fenced: their times come from the database's clock (`Now()` in the UPDATEs, never
a worker's own), each claim raises `lease_generation`, and every write of a run — attempts
included — happens in a transaction that first re-checks (claimed_by, generation, not
expired) with a conditional UPDATE of the submission row. A worker that lost its lease
(paused, or slower than the lease) therefore writes nothing more. No transaction or row lock
is held during HTTP.
"""

import contextlib
import json
import logging
import random
import socket
import time
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.db import transaction
from django.db.models import DateTimeField, ExpressionWrapper, F, Q, Value
from django.db.models.functions import Now

from assistants import crypto, upstream
from assistants.dialects import listing
from assistants.dialects.marker import body_marker
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
from assistants.services.submissions.kept import fields_not_kept
from assistants.services.submissions.live import live_fields
from assistants.services.submissions.messages import is_duplicate_name, quote
from assistants.services.submissions.reconcile import reconcile_publish
from assistants.services.submissions.scheduling import (
    backoff_seconds,
    db_now,
    enqueue_at,
    recheck_later,
)
from assistants.services.submissions.sent import create_endpoint, sent_body
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
# How a look-up ended: found; not there and the settle window is over (send again); not
# there yet (look again later); the list could not be read (retry) or was refused.
LOOKUP_SETTLED = ("found", "not_found", "not_yet")
# The stored answer of one attempt is bounded (the full text of a 40,000-character echo
# would otherwise be kept for every try).
MAX_STORED_BODY = 64 * 1024


def _later(seconds: float) -> ExpressionWrapper:
    """The database's now plus `seconds`: lease times are never a worker's own clock."""
    return ExpressionWrapper(
        Now() + Value(timedelta(seconds=seconds)), output_field=DateTimeField()
    )


class LeaseLost(Exception):
    """Another worker took the submission over (this one was too slow): stop touching it."""


def lease_claim(*, submission_id: int, worker: str) -> Submission | None:
    """Take the submission if nobody holds it and it is due; None otherwise.

    One conditional UPDATE: of two workers racing, PostgreSQL lets one through and
    re-checks the other's WHERE against the updated row, which no longer matches.
    """
    claimed = (
        Submission.objects.filter(pk=submission_id, status__in=ACTIVE_STATUSES)
        .filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=Now()))
        .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=Now()))
        .update(
            status=SubmissionStatus.SENDING,
            claimed_by=worker[:200],
            claimed_until=_later(settings.SUBMISSION_LEASE_SECONDS),
            lease_generation=F("lease_generation") + 1,
            deliveries=F("deliveries") + 1,
            enqueued_at=None,  # the message that brought us here is used up
            updated_at=Now(),
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
        self._renewed_at = 0.0  # time.monotonic() of the last renewal of the lease

    # --- What is sent ----------------------------------------------------------------------

    @property
    def body(self) -> dict[str, Any]:
        if self._body is None:
            self._body = sent_body(self.submission)
        return self._body

    def _request(self) -> tuple[str, dict[str, str]]:
        return create_endpoint(self.submission)

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
            if self._settle():
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
            before_sending=self._lease_still_fresh,
        )
        if reply.outcome is Outcome.SUCCESS and not _assistant_id(reply.raw):
            reply.outcome = Outcome.AMBIGUOUS
            reply.code = "no_assistant_id"
            reply.message = (
                "The upstream answered without an assistant id. The assistant is looked up "
                "before trying again."
            )
        try:
            self._attempt_finish(attempt, reply, CREATE_OUTCOMES[reply.outcome])
        except LeaseLost:
            # Stopped between the lease check and the send, this worker created after its
            # replacement may have: a live worker removes a second copy (reconcile.py).
            if CREATE_OUTCOMES[reply.outcome] in MAY_HAVE_CREATED:
                reconcile_publish(submission_id=self.submission.pk)
            raise
        return reply

    def _handle(self, reply: Reply) -> None:
        if reply.outcome is Outcome.SUCCESS:
            self._adopt(reply.raw, redacted=reply.body)
            return
        if reply.outcome is Outcome.REJECTED:
            # "Name taken" after an attempt that may have created it: look for our marker.
            if (
                is_duplicate_name(reply)
                and self._earlier_create_may_have_created()
                and self._settle(after_refusal=True)
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

    # --- Settling what an earlier attempt may have created ---------------------------------

    def _needs_lookup(self) -> bool:
        creates = [outcome for _number, kind, outcome in self._attempts if kind == CREATE]
        return bool(creates) and creates[-1] in MAY_HAVE_CREATED

    def _earlier_create_may_have_created(self) -> bool:
        return self.submission.attempts.filter(kind=CREATE, outcome__in=MAY_HAVE_CREATED).exists()

    def _settle(self, *, after_refusal: bool = False) -> bool:
        """Look for the assistant carrying this submission's marker. True when the run is
        over (adopted; waiting to look again; failed); False when it is not there and the
        settle window is over, so a create may be sent (or, after a refusal, the refusal
        stands)."""
        marker = body_marker(self.body)
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
            marker=marker,
            created_since=since.timestamp() - settings.SUBMISSION_CLOCK_SKEW,
            idempotency_key=str(self.submission.idempotency_key),
            on_page=self._renew_lease,
        )
        if lookup.found is not None:
            self._attempt_finish(attempt, lookup.reply, "found")
            self._adopt(lookup.found)
            return True
        if lookup.reply.outcome is not Outcome.SUCCESS:
            return self._lookup_failed(attempt, lookup.reply)
        if marker is None:
            # Sent without a marker (the target's labels were full): nothing found can be
            # told apart from another client's namesake, so nothing is ever adopted.
            self._attempt_finish(attempt, lookup.reply, "not_found")
            self._fail("unconfirmed", messages.unconfirmed_without_marker(self.body.get("name")))
            return True
        if after_refusal:
            self._attempt_finish(attempt, lookup.reply, "not_found")
            return False
        remaining = self._settle_remaining()
        worker_lost = self.submission.deliveries > settings.SUBMISSION_MAX_DELIVERIES
        if worker_lost or (remaining <= 0 and lookup.complete):
            # Workers keep dying: stop here rather than wait (execute fails it).
            self._attempt_finish(attempt, lookup.reply, "not_found")
            return False
        lookups = attempts.filter(kind=LOOKUP, outcome="not_yet").count() + 1
        lookup.reply.code = "not_yet"
        lookup.reply.message = messages.not_yet(max(0.0, remaining))
        self._attempt_finish(attempt, lookup.reply, "not_yet")
        wait = max(settings.SUBMISSION_AMBIGUOUS_SETTLE, backoff_seconds(lookups))
        self._retry_in(max(0.2, min(wait, remaining)) if remaining > 0 else wait, lookup.reply)
        return True

    def _settle_remaining(self) -> float:
        """Seconds left of the settle window after the last create that may have created the
        assistant (by the database's clock)."""
        last = (
            self.submission.attempts.filter(kind=CREATE, outcome__in=MAY_HAVE_CREATED)
            .order_by("-number")
            .values_list("finished_at", flat=True)
            .first()
        )
        if last is None:
            return 0.0
        elapsed = (db_now() - last).total_seconds()
        return settings.SUBMISSION_SETTLE_WINDOW - elapsed

    def _lookup_failed(self, attempt: SubmissionAttempt, reply: Reply) -> bool:
        rejected = reply.outcome is Outcome.REJECTED
        self._attempt_finish(attempt, reply, "rejected" if rejected else "retry")
        failed = self.submission.attempts.filter(kind=LOOKUP).exclude(outcome__in=LOOKUP_SETTLED)
        if rejected or failed.count() >= settings.SUBMISSION_MAX_TRIES:
            self._fail(
                "unconfirmed", messages.unconfirmed(self.body.get("name", ""), reply.message)
            )
            return True
        reply.message = (
            "Checking whether an earlier attempt created the assistant failed: "
            f"{quote(reply.message) or 'no answer'}"
        )
        self._retry_in(backoff_seconds(failed.count()), reply)
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
        """Attempts left open by a worker that died (or lost its lease): the request may
        have gone through."""
        with transaction.atomic():
            self._renew_lease()
            self.submission.attempts.filter(finished_at__isnull=True).update(
                finished_at=Now(),
                outcome="interrupted",
                error_code="worker_lost",
                error_message="The worker stopped during this attempt (it was restarted, "
                "killed or paused past its lease), so the assistant may have been created. It "
                "is looked up before anything is sent again.",
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
                started_at=Now(),
                worker=self.worker,
            )

    def _attempt_finish(self, attempt: SubmissionAttempt, reply: Reply, outcome: str) -> None:
        """Record how the attempt ended, only while the lease is still ours."""
        fields: dict[str, Any] = {
            "finished_at": Now(),
            "http_status": reply.http_status,
            "response_body": _bounded(reply.body),
            "trace_id": reply.trace_id[:200],
            "outcome": outcome,
            "retry_after_seconds": reply.retry_after,
        }
        if reply.outcome is not Outcome.SUCCESS or outcome == "not_yet":
            fields["error_code"] = reply.code[:100]
            fields["error_message"] = quote(reply.message)
        with transaction.atomic():
            self._renew_lease()
            SubmissionAttempt.objects.filter(pk=attempt.pk).update(**fields)
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
        """The submission, if this run's lease still holds: same worker, same claim (the
        fencing token), not expired by the database's clock."""
        return Submission.objects.filter(
            pk=self.submission.pk,
            claimed_by=self.worker,
            lease_generation=self.submission.lease_generation,
            claimed_until__gt=Now(),
        )

    def _lease_still_fresh(self) -> None:
        """Right before a create leaves: the lease renewed when the attempt was recorded must
        still have a whole request's time left, by this process's monotonic clock (which runs
        on while the process is stopped). If not (the worker was paused or stalled in
        between), it is renewed with the database's fenced check, which a worker that lost
        it fails (LeaseLost): so a resumed worker sends nothing."""
        left = settings.SUBMISSION_LEASE_SECONDS - (time.monotonic() - self._renewed_at)
        if left <= settings.SUBMISSION_REQUEST_DEADLINE:
            self._renew_lease()

    def _renew_lease(self, **fields: Any) -> None:
        self._renewed_at = time.monotonic()  # before the UPDATE: never later than the lease
        if not self._mine().update(
            claimed_until=_later(settings.SUBMISSION_LEASE_SECONDS), **fields
        ):
            raise LeaseLost()

    def _release(self, **fields: Any) -> None:
        if not self._mine().update(claimed_by="", claimed_until=None, **fields):
            raise LeaseLost()

    def _retry_in(self, wait: float, reply: Reply, *, clean: bool = True) -> None:
        when = db_now() + timedelta(seconds=wait)
        fields: dict[str, Any] = {
            "status": SubmissionStatus.RETRYING,
            "next_attempt_at": when,
            "error_code": reply.code[:100],
            "error_message": quote(reply.message),
        }
        if clean:
            fields["deliveries"] = 0
        with transaction.atomic():
            self._release(**fields)
            _draft_shows(self.submission.draft_id, DraftStatus.RETRYING)
        enqueue_at(submission_id=self.submission.pk, when=when)

    def _adopt(self, obj: dict[str, Any], redacted: dict[str, Any] | None = None) -> None:
        """Record the assistant `obj` as created (`redacted`: it already masked, to store)."""
        assistant_id = _assistant_id(obj)
        seconds = listing.created_at_seconds(obj.get("created_at"))
        created_at = datetime.fromtimestamp(seconds, UTC) if seconds is not None else None
        not_kept = fields_not_kept(
            dialect=self.submission.dialect, sent=self.body, returned=obj, config=self._config
        )
        with transaction.atomic():
            self._release(
                status=SubmissionStatus.CREATED,
                upstream_assistant_id=assistant_id,
                upstream_object=_bounded(redacted or upstream.redact_response(obj)),
                not_kept=not_kept,
                error_code="",
                error_message="",
                field_errors=[],
                next_attempt_at=None,
                enqueued_at=None,
                deliveries=0,
                finished_at=Now(),
            )
            Draft.objects.filter(pk=self.submission.draft_id).update(
                status=DraftStatus.CREATED,
                upstream_assistant_id=assistant_id,
                upstream_created_at=created_at or Now(),
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
                finished_at=Now(),
            )
            _draft_shows(self.submission.draft_id, DraftStatus.FAILED)
        logger.info("Submission %s: failed (%s)", self.submission.pk, code)

    def _reject(self, reply: Reply) -> None:
        errors = draft_field_errors(
            dialect=self.submission.dialect, config=self._config, errors=reply.field_errors
        )
        # An upstream may echo the whole input in each field's message: quote it briefly.
        errors = [replace(e, message=quote(e.message)) for e in errors]
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
        note = "Something went wrong in Assistant Builder during this attempt."
        reply = Reply(
            Outcome.RETRY_BACKOFF,
            code="internal_error",
            message="Something went wrong in Assistant Builder while sending; it will be "
            "tried again. If this keeps happening, check the worker's logs.",
        )
        with contextlib.suppress(LeaseLost):
            with transaction.atomic():
                self._renew_lease()
                mine = self.submission.attempts.filter(finished_at__isnull=True, worker=self.worker)
                mine.filter(kind=CREATE).update(
                    finished_at=Now(),
                    outcome="ambiguous",
                    error_code="internal_error",
                    error_message=note,
                )
                mine.update(
                    finished_at=Now(),
                    outcome="retry",
                    error_code="internal_error",
                    error_message=note,
                )
            # Not a clean run: keep counting deliveries, so a run that always crashes ends.
            self._retry_in(backoff_seconds(max(1, self.submission.deliveries)), reply, clean=False)


def _bounded(value: Any) -> Any:
    """`value` as it may be stored: whole up to MAX_STORED_BODY of JSON, else its start."""
    if value is None:
        return None
    text = json.dumps(value, default=str)
    if len(text) <= MAX_STORED_BODY:
        return value
    return {"truncated": True, "size": len(text), "start": text[:MAX_STORED_BODY]}


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
