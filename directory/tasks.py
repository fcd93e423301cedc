"""Directory jobs for the worker: thin, they take an id and call a service."""

from celery import shared_task


@shared_task(acks_late=True)
def directory_import(job_id: int) -> None:
    from directory.csv_import import csv_import_run

    csv_import_run(job_id)
