"""The benchmark's steps in order, once Django is set up with the bench settings."""

import os
import time
import traceback
from pathlib import Path

from django.conf import settings
from django.core.management import call_command
from django.db import connection

from api.tokens import token_create
from bench import assets, machine, pipeline, queries, report
from bench.admin_registration import admin_source
from bench.memory import PeakMemory
from bench.pages import Plan, sign_in, time_pages
from bench.seed import seed
from bench.server import gunicorn_start
from bench.sizes import Size
from config.embedded_postgres import database_url_for

QUIET_LOAD = 1.0  # 1-minute load average under which the machine counts as quiet


_STARTED = time.monotonic()


def _step(message: str) -> None:
    print(f"[bench {time.monotonic() - _STARTED:5.1f}s] {message}", flush=True)


def _wait_for_quiet(limit: float) -> None:
    """Wait (up to `limit` s) for other work on the machine to settle before timing."""
    deadline = time.monotonic() + limit
    if machine.load_average()[0] > QUIET_LOAD and limit:
        _step(f"waiting up to {limit:.0f} s for the load average to drop below {QUIET_LOAD}")
    while machine.load_average()[0] > QUIET_LOAD and time.monotonic() < deadline:
        time.sleep(5)


def run_all(
    *, size: Size, quick: bool, parts: set[str], log_dir: Path, output: Path
) -> tuple[str, bool]:
    """Run the parts asked for; return the report and whether everything ran."""
    # Children (gunicorn, worker, sandbox) reach the embedded database through its socket,
    # as `make run`'s do; DATABASE_URL also gives them persistent connections.
    os.environ.setdefault("DATABASE_URL", database_url_for(connection.settings_dict))
    _step(f"database {connection.settings_dict['NAME']}: migrating")
    call_command("migrate", interactive=False, verbosity=0)
    _step("collecting static files (compressed by whitenoise)")
    call_command("collectstatic", interactive=False, verbosity=0)
    started = time.monotonic()
    seeded, written = seed(organizations=size.organizations, drafts=size.drafts)
    seed_note = (
        f"seeded in {time.monotonic() - started:.1f} s"
        if written
        else "seed found in place, reused"
    )
    _step(f"{size.drafts} drafts in {size.organizations} organisations: {seed_note}")
    _, api_token = token_create(user=seeded.user, name="bench")

    results = report.Results(
        machine=machine.describe(),
        size=size,
        quick=quick,
        seed_note=seed_note,
        broker=settings.CELERY_BROKER_URL.split("?")[0],
        admin=admin_source(),
    )
    if "pages" in parts:
        _step("counting SQL queries per page")
        results.queries = queries.count_queries(seeded, api_token)
    _wait_for_quiet(size.quiet_wait)
    results.load_before = machine.load_average()
    if "pages" in parts:
        _step("starting gunicorn")
        server, base_url = gunicorn_start(log_dir)
        try:
            with PeakMemory(server) as web_memory:
                _step(f"timing pages on {base_url}")
                cookies = sign_in(base_url)
                plan = Plan(size.requests, size.warmup, size.time_limit, size.concurrency)
                results.timings = time_pages(base_url, cookies, seeded, api_token, plan)
                editor = f"/assistants/{seeded.targets[0]}/"
                results.assets = assets.first_load(base_url, cookies, editor)
            results.memory["web (gunicorn master + workers)"] = web_memory.peak
        finally:
            server.stop()
    if "pipeline" in parts:
        try:
            results.pipeline = pipeline.measure(size=size, log_dir=log_dir, step=_step)
        except Exception as error:  # keep the page results; say what broke, and fail the run
            traceback.print_exc()
            results.pipeline = pipeline.PipelineResult(error=f"the run failed ({error!r}).")
        if results.pipeline.worker_memory:
            results.memory["worker (Celery, 1 process)"] = results.pipeline.worker_memory
    if "directory" in parts:
        from bench import directory

        try:
            results.directory = directory.measure(size=size, log_dir=log_dir, step=_step)
        except Exception as error:  # keep the other results; say what broke
            traceback.print_exc()
            results.directory = directory.DirectoryResult(error=f"the run failed ({error!r}).")
    results.load_after = machine.load_average()
    text = report.render(results)
    report.write(output, text)
    failed = (results.pipeline and results.pipeline.error) or (
        results.directory and results.directory.error
    )
    return text, not failed
