"""Filling the directory from the platform: one sync run per connection at a time.

`directory_sync_start` records a run and queues it; `directory_sync` (the worker's half)
reads each kind the connection's platform lists, page by page, and upserts every page by
upstream id in one statement, so a sync is idempotent (run it twice: nothing doubles) and
holds one page in memory whatever the directory's size. A kind read to its end marks the
entries it no longer listed "no longer on the platform" (`gone_at`); they are never deleted,
because drafts may hold their ids. A kind that fails midway keeps what it read and marks
nothing gone: the next sync completes it.
"""

import json
import logging
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.db import connection as db
from django.utils import timezone

from assistants import crypto
from assistants.models import Connection
from assistants.upstream import _client as upstream_client
from audit.services import audit_record
from directory.images import IMAGE_KINDS, directory_images_sync
from directory.members import member_links_propose
from directory.models import DirectoryEntry, SyncRun, SyncStatus
from directory.platform import Item, Target, readers_for
from directory.platform.fetch import ListFailed

logger = logging.getLogger(__name__)

# What each platform lists, for the Directory page (kinds not named are manual or CSV).
SYNCED_KINDS = {
    "aitronos": [
        "users",
        "roles",
        "models",
        "providers",
        "vector_stores",
        "rules",
        "icons",
        "avatars",
        "streamline_flows",
        "assistants",
        "connectors",
    ],
    "openai": ["models", "vector_stores", "assistants"],
    "openai_v1": ["models"],
}


def directory_sync_start(
    *, connection: Connection, user=None, trigger: str = "manual"
) -> tuple[SyncRun, bool]:
    """Queue a sync of the connection; (the run, whether it is new). A sync already
    waiting or running for the connection is returned instead of starting a second."""
    try:
        with transaction.atomic():
            run = SyncRun.objects.create(
                organization=connection.organization,
                connection=connection,
                trigger=trigger,
                requested_by=user if getattr(user, "pk", None) else None,
                progress={kind: {"status": "waiting"} for kind in readers_for(connection.dialect)},
            )
    except IntegrityError:
        return SyncRun.objects.get(connection=connection, status__in=["queued", "running"]), False
    transaction.on_commit(lambda: _publish(run.pk))
    return run, True


def _publish(run_id: int) -> None:
    from directory.tasks import directory_sync_task

    try:
        directory_sync_task.apply_async((run_id,), retry=True, retry_policy={"max_retries": 2})
    except Exception as error:  # the broker is down: the scheduled sweep picks the run up
        logger.warning("Directory sync %s: could not reach the broker (%s).", run_id, error)


def directory_sync(*, run_id: int) -> SyncRun | None:
    """Run a queued sync to its end; None when another worker has it or it is finished."""
    now = timezone.now()
    claimed = SyncRun.objects.filter(pk=run_id, status=SyncStatus.QUEUED).update(
        status=SyncStatus.RUNNING, started_at=now
    )
    if not claimed:
        return None
    run = SyncRun.objects.select_related("connection__organization", "requested_by").get(pk=run_id)
    connection = run.connection
    try:
        api_key = connection.api_key
    except crypto.DecryptionFailed:
        return _finish(
            run, SyncStatus.FAILED, "The connection's API key cannot be read; save it again."
        )
    target = Target(
        dialect=connection.dialect,
        base_url=connection.base_url,
        api_key=api_key,
        organization_id=connection.organization.upstream_id,
        page_size=settings.DIRECTORY_SYNC_PAGE_SIZE,
    )
    failed: list[str] = []
    with upstream_client(None) as client, _commits_without_waiting():
        for kind, reader in readers_for(connection.dialect).items():
            if not _sync_kind(run, kind, reader, client, target):
                failed.append(kind)
    kinds = len(run.progress)
    if not failed:
        return _finish(run, SyncStatus.DONE, "Everything the platform lists is up to date.")
    status = SyncStatus.FAILED if len(failed) == kinds else SyncStatus.PARTIAL
    names = ", ".join(kind.replace("_", " ") for kind in failed)
    return _finish(
        run,
        status,
        f"Could not read {names}; what was read is kept and the next sync completes it.",
    )


@contextmanager
def _commits_without_waiting() -> Iterator[None]:
    """Each page commits without waiting for its WAL flush (synchronous_commit off, this
    session only, until the sync ends): a crash may lose the last pages of a directory cache,
    which the next sync reads again, and a 10,000-person sync no longer waits 100 flushes."""
    with db.cursor() as cursor:
        cursor.execute("SET synchronous_commit TO off")
    try:
        yield
    finally:
        with db.cursor() as cursor:
            cursor.execute("RESET synchronous_commit")


def _sync_kind(run: SyncRun, kind: str, reader, client, target: Target) -> bool:
    organization = run.organization
    scope = DirectoryEntry.objects.filter(organization=organization, kind=kind)
    before = scope.count()
    progress: dict[str, Any] = {"status": "reading", "read": 0}
    _progress(run, kind, progress)
    try:
        for page in reader(client, target):
            progress["read"] += _upsert(run, kind, page)
            _progress(run, kind, progress, every=0.5)
    except ListFailed as failure:
        logger.warning("Directory sync %s: %s failed: %s", run.pk, kind, failure)
        progress.update(status="failed", error=str(failure)[:500], added=scope.count() - before)
        _progress(run, kind, progress)
        return False
    gone = (
        scope.filter(connection=run.connection, gone_at__isnull=True)
        .exclude(seen_in=run.pk)
        .update(gone_at=timezone.now())
    )
    progress.update(status="done", added=scope.count() - before, gone=gone)
    if kind in IMAGE_KINDS:
        progress.update(_pictures(run, kind, client, target))
    _progress(run, kind, progress)
    if kind == "users":
        member_links_propose(organization=organization)  # members are people: link by e-mail
    return True


def _pictures(run: SyncRun, kind: str, client, target: Target) -> dict[str, Any]:
    """Copy the kind's pictures; whatever goes wrong there, the entries are synced already
    and the sync goes on (the gallery shows placeholders)."""
    try:
        return directory_images_sync(run=run, kind=kind, client=client, target=target)
    except Exception:
        logger.exception("Directory sync %s: copying the %s pictures failed", run.pk, kind)
        return {"picture_error": "The pictures could not be copied; the next sync tries again."}


_UPSERT = """
INSERT INTO directory_directoryentry
    (organization_id, kind, ident, name, detail, extra, connection_id, seen_in, gone_at)
SELECT %s, %s, page.ident, page.name, page.detail, page.extra::jsonb, %s, %s, NULL
FROM unnest(%s::text[], %s::text[], %s::text[], %s::text[]) AS page(ident, name, detail, extra)
ON CONFLICT (organization_id, kind, ident) DO UPDATE SET
    name = EXCLUDED.name, detail = EXCLUDED.detail, extra = EXCLUDED.extra,
    connection_id = EXCLUDED.connection_id, seen_in = EXCLUDED.seen_in, gone_at = NULL
"""


def _upsert(run: SyncRun, kind: str, page: list[Item]) -> int:
    """Insert or update a page in one statement (the page as four arrays: compiling a
    100-row bulk_create cost more than running it); the platform's name wins over a
    manual one."""
    unique = {item.ident[:200]: item for item in page if item.ident}  # one row per id
    if not unique:
        return 0
    items = list(unique.values())
    with db.cursor() as cursor:
        cursor.execute(
            _UPSERT,
            [
                run.organization_id,
                kind,
                run.connection_id,
                run.pk,
                list(unique),
                [item.name[:200] or item.ident[:200] for item in items],
                [item.detail[:200] for item in items],
                [json.dumps(item.extra) for item in items],
            ],
        )
    return len(unique)


def _progress(run: SyncRun, kind: str, progress: dict[str, Any], *, every: float = 0) -> None:
    """Record a kind's progress for the page to poll; with `every`, at most that often."""
    now = time.monotonic()
    if every and now - getattr(run, "_progress_at", 0.0) < every:
        return
    run._progress_at = now
    run.progress = {**run.progress, kind: dict(progress)}
    SyncRun.objects.filter(pk=run.pk).update(progress=run.progress)


def _finish(run: SyncRun, status: str, message: str) -> SyncRun:
    run.status, run.message, run.finished_at = status, message, timezone.now()
    run.save(update_fields=["status", "message", "finished_at"])
    audit_record(
        organization=run.organization,
        actor=run.requested_by,
        action="directory.synced",
        target=run.connection,
        details={
            "status": status,
            "trigger": run.trigger,
            "kinds": {
                k: {x: v.get(x) for x in ("status", "read", "added", "gone") if x in v}
                for k, v in run.progress.items()
            },
        },
    )
    return run


def directory_sync_due() -> int:
    """The scheduled sync: fail runs whose worker vanished, then queue one run per
    connection (of organisations that have a platform id). Returns how many were queued."""
    stale = timezone.now() - timedelta(seconds=settings.DIRECTORY_SYNC_STALE_AFTER)
    SyncRun.objects.filter(status=SyncStatus.RUNNING, started_at__lt=stale).update(
        status=SyncStatus.FAILED,
        finished_at=timezone.now(),
        message="The sync stopped without finishing (its worker went away).",
    )
    for run in SyncRun.objects.filter(status=SyncStatus.QUEUED, created_at__lt=stale):
        _publish(run.pk)  # its message was lost: send it again
    queued = 0
    for connection in Connection.objects.select_related("organization"):
        _, new = directory_sync_start(connection=connection, trigger="scheduled")
        queued += new
    return queued


def sync_summary(connection_dialect: str) -> list[str]:
    return SYNCED_KINDS.get(connection_dialect, [])
