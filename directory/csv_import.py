"""Importing a directory CSV as a bounded background job (issue 17).

The upload is checked for size and row count in the request, stored, and imported by a
Celery task in chunks of upserts (PostgreSQL's INSERT … ON CONFLICT through bulk_create),
recording progress after each chunk. All or nothing as far as the rows go: every row is
checked before any is written.
"""

import csv
import io

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from assistants.models import Organization
from audit.services import audit_record
from directory.models import DirectoryEntry, DirectoryImport
from directory.services import KINDS

CHUNK = 2000
MAX_ERRORS_SHOWN = 20


class CsvImportRefused(Exception):
    """The file cannot be imported at all (too large, not text); the message says why."""


def csv_import_start(*, organization: Organization, user, upload) -> DirectoryImport:
    """Store the upload as an import job and queue it; refused when over the limits."""
    from directory.tasks import directory_import

    limit = settings.DIRECTORY_CSV_MAX_BYTES
    if upload.size is not None and upload.size > limit:
        raise CsvImportRefused(
            f"This file is {upload.size:,} bytes; at most {limit:,} can be imported at once. "
            "Split it into smaller files."
        )
    text = upload.read(limit + 1).decode("utf-8-sig", errors="replace")
    if len(text.encode()) > limit:
        raise CsvImportRefused(f"At most {limit:,} bytes can be imported at once.")
    if "\x00" in text:
        raise CsvImportRefused("This does not look like a CSV file (it holds binary data).")
    rows = text.count("\n") + 1
    if rows > settings.DIRECTORY_CSV_MAX_ROWS:
        raise CsvImportRefused(
            f"This file has about {rows:,} rows; at most {settings.DIRECTORY_CSV_MAX_ROWS:,} "
            "can be imported at once. Split it into smaller files."
        )
    job = DirectoryImport.objects.create(
        organization=organization,
        created_by=user,
        file_name=(getattr(upload, "name", "") or "")[:200],
        text=text,
    )
    transaction.on_commit(lambda: directory_import.delay(job.pk))
    return job


def _rows(text: str) -> list[tuple[str, str, str, str]]:
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and [c.strip().lower() for c in rows[0][:3]] == ["kind", "id", "name"]:
        rows = rows[1:]
    return [tuple(([cell.strip() for cell in row] + ["", "", "", ""])[:4]) for row in rows]


def _problems(entries: list[tuple[str, str, str, str]]) -> list[str]:
    errors = []
    width = {f.name: f.max_length for f in DirectoryEntry._meta.fields if f.max_length}
    for number, (kind, ident, name, detail) in enumerate(entries, start=1):
        if kind not in KINDS:
            errors.append(
                f"Row {number}: “{kind[:40]}” is not a kind of entry. "
                f"Use one of: {', '.join(sorted(KINDS))}."
            )
        elif not ident or not name:
            errors.append(f"Row {number}: give both an id and a name.")
        elif len(ident) > width["ident"] or len(name) > width["name"] or len(detail) > 200:
            errors.append(f"Row {number}: ids, names and notes are at most 200 characters.")
    return errors


def csv_import_run(job_id: int) -> DirectoryImport:
    """Import the job's rows (a worker calls this); safe to run again: a finished job stays."""
    job = DirectoryImport.objects.get(pk=job_id)
    if job.finished:
        return job
    entries = _rows(job.text)
    job.status, job.total = DirectoryImport.Status.RUNNING, len(entries)
    job.save(update_fields=["status", "total"])
    errors = _problems(entries)
    if errors:
        return _finish(job, DirectoryImport.Status.FAILED, errors=errors)
    # The last row for a kind and id wins, as when rows were saved one by one.
    unique = {(kind, ident): (name, detail) for kind, ident, name, detail in entries}
    existing = set(
        DirectoryEntry.objects.filter(organization=job.organization).values_list("kind", "ident")
    )
    items = list(unique.items())
    # Each chunk commits with its progress, so the page can show it. Every row was checked
    # above, and upserts make a re-run (a worker that died midway) finish the same import.
    for start in range(0, len(items), CHUNK):
        chunk = items[start : start + CHUNK]
        with transaction.atomic():
            DirectoryEntry.objects.bulk_create(
                [
                    DirectoryEntry(
                        organization=job.organization,
                        kind=kind,
                        ident=ident,
                        name=name,
                        detail=detail,
                    )
                    for (kind, ident), (name, detail) in chunk
                ],
                update_conflicts=True,
                unique_fields=["organization", "kind", "ident"],
                update_fields=["name", "detail"],
            )
            DirectoryImport.objects.filter(pk=job.pk).update(
                processed=min(len(entries), start + len(chunk))
            )
    job.created = sum(1 for key in unique if key not in existing)
    job.updated = len(unique) - job.created
    job.processed = len(entries)
    job = _finish(job, DirectoryImport.Status.DONE)
    audit_record(
        organization=job.organization,
        actor=job.created_by,
        action="directory.imported",
        target=job,
        details={"created": job.created, "updated": job.updated},
    )
    return job


def _finish(job: DirectoryImport, status: str, errors: list[str] | None = None) -> DirectoryImport:
    job.status, job.finished_at, job.text = status, timezone.now(), ""
    if errors:
        job.errors = errors[:MAX_ERRORS_SHOWN] + (
            [f"…and {len(errors) - MAX_ERRORS_SHOWN} more."]
            if len(errors) > MAX_ERRORS_SHOWN
            else []
        )
    job.save()
    return job
