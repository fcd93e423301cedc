"""Directory jobs for the worker: thin, each takes an id and calls a service."""

from celery import shared_task

from directory.sync import directory_sync, directory_sync_due


@shared_task(acks_late=True)
def directory_import(job_id: int) -> None:
    from directory.csv_import import csv_import_run

    csv_import_run(job_id)


@shared_task(name="directory.sync")
def directory_sync_task(run_id: int) -> None:
    directory_sync(run_id=run_id)


@shared_task(name="directory.sync_due")
def directory_sync_due_task() -> int:
    return directory_sync_due()
