"""The submission pipeline: drafts submitted, sent by one Celery worker to the sandbox.

Three measurements on the same kind of body (the "All Parameters" example):
- bare: the request alone, POSTed with httpx, one after another, each on a new connection
  as the worker's are: the floor any pipeline pays (and, for comparison, a fifth of them
  over one keep-alive connection);
- burst: every submission started at once (as fast as `submission_start` goes), one worker
  draining the queue: throughput, and submit-to-result latency including the wait in line;
- one at a time: submit, wait for the result, next: the latency a person sees on an idle
  pipeline.
The pipeline's own cost per submission is the worker's time per item in the burst (the
median gap between consecutive results while the queue is never empty) minus the bare POST.
"""

import itertools
import os
import statistics
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db.models import Max, Min

from assistants.contract import example_document
from assistants.dialects import build_request
from assistants.models import Connection, Draft, Organization, Submission, SubmissionStatus
from bench.load import Timings
from bench.memory import PeakMemory
from bench.processes import Child, free_port, port_open, wait_until
from bench.report import ms
from bench.seed import USERNAME
from bench.sizes import Size

ORGANIZATION_SLUG = "bench-pipeline"
UPSTREAM_ID = "org_benchpipeline"
SANDBOX_KEY = "sk-bench-pipeline"
CONNECTION_NAME = "Bench sandbox"
DIALECT = "aitronos"
FINISH_TIMEOUT = 300  # seconds for the whole burst to be recorded, at most
SINGLE_TIMEOUT = 30  # seconds for one submission on an idle pipeline


@dataclass
class PipelineResult:
    broker: str = ""
    submissions: int = 0
    skipped: str = ""  # why it was not measured (no pipeline in this tree)
    error: str = ""  # what broke while measuring
    bare: Timings = field(default_factory=Timings)  # a connection per POST, as the worker
    bare_reused: Timings = field(default_factory=Timings)  # one keep-alive connection
    submit: Timings = field(default_factory=Timings)  # the submission_start calls
    burst: Timings = field(default_factory=Timings)  # submit → recorded, all at once
    single: Timings = field(default_factory=Timings)  # submit → recorded, one at a time
    worker_per_item: float = float("nan")  # median gap between results in the burst
    worker_cpu_per_item: float = float("nan")  # worker's CPU seconds in the burst / count
    failed: int = 0
    worker_memory: int = 0

    @property
    def overhead(self) -> float:
        """Over a one-off POST, which opens its own connection."""
        return self.worker_per_item - self.bare.p50

    @property
    def overhead_reused(self) -> float:
        """Over a POST on a kept-alive connection, as the worker's pool sends them."""
        return self.worker_per_item - self.bare_reused.p50

    def lines(self) -> list[str]:
        if self.skipped or self.error:
            return [f"Not measured: {self.skipped or self.error}"]
        failed = (
            f" **{self.failed} did not end created (failed, or not done in time).**"
            if self.failed
            else ""
        )
        broker = (
            "kombu's filesystem transport (no Redis answered on 127.0.0.1:6379)"
            if self.broker.startswith("filesystem")
            else f"Redis (`{self.broker}`)"
        )
        return [
            f"{self.submissions} submissions of the “All Parameters” draft through one Celery "
            f"worker (concurrency 1) to the sandbox's {DIALECT} endpoint; broker: "
            f"{broker}.{failed}",
            "",
            "| Measurement | p50 ms | p95 ms | per second |",
            "| --- | --- | --- | --- |",
            _row("Bare POST to the sandbox (httpx, a new connection each)", self.bare),
            _row(
                f"Bare POST to the sandbox (httpx, one kept-alive connection as the worker's, "
                f"{self.bare_reused.count})",
                self.bare_reused,
            ),
            _row("`submission_start` (the web side of Submit)", self.submit),
            _row(
                f"Submit → recorded, {self.burst.count} at once (includes the wait in line)",
                self.burst,
            ),
            _row(f"Submit → recorded, one at a time ({self.single.count})", self.single),
            "",
            f"- Worker time per submission (median gap between results in the burst): "
            f"{ms(self.worker_per_item)} ms, of which CPU in the worker: "
            f"{ms(self.worker_cpu_per_item)} ms",
            f"- Pipeline cost over a bare POST on a new connection: {ms(self.worker_per_item)}"
            f" - {ms(self.bare.p50)} = **{ms(self.overhead)} ms per submission**",
            f"- Pipeline cost over a bare POST on a kept-alive connection (like for like: the "
            f"worker keeps its connections alive): {ms(self.worker_per_item)} - "
            f"{ms(self.bare_reused.p50)} = **{ms(self.overhead_reused)} ms per submission**",
        ]


def _row(label: str, timings: Timings) -> str:
    rate = f"{timings.rps:.1f}" if timings.count else "-"
    return f"| {label} | {ms(timings.p50)} | {ms(timings.p95)} | {rate} |"


# The pipeline's own modules are imported where they are used, so that a tree without them
# still runs the page benchmarks and reports the pipeline as not measured.


def pipeline_missing() -> str:
    """Why the pipeline cannot be measured in this tree, or '' when it can."""
    try:
        from assistants.services.connections import connection_create  # noqa: F401
        from assistants.services.submissions import submission_start  # noqa: F401
        from assistants.tasks import submission_send  # noqa: F401
    except ImportError as missing:
        return f"the submission pipeline is not in this tree ({missing})."
    return ""


def _sandbox_start(log_dir: Path) -> tuple[Child, str]:
    port = free_port()
    child = Child("sandbox", [sys.executable, "manage.py", "sandbox", "--port", str(port)], log_dir)
    child.wait_ready(lambda: port_open(port))
    return child, f"http://127.0.0.1:{port}"


def _worker_start(log_dir: Path) -> Child:
    command = [sys.executable, "-m", "celery", "-A", "config", "worker", "-l", "info"]
    command += ["--concurrency", "1", "-n", "bench@%h", "--without-heartbeat"]
    command += ["--without-gossip", "--without-mingle"]
    child = Child("worker", command, log_dir)
    child.wait_ready(lambda: "ready." in child.log())
    return child


def _purge_queue() -> None:
    """Messages left by an interrupted earlier run would only slow this one down."""
    from config.celery import app

    try:
        app.control.purge()
    except Exception as error:  # a broker without purge: the leftovers are harmless
        print(f"[bench] could not purge the queue ({error})", flush=True)


def _forget_queue() -> None:
    """Drop this run's queue and kombu's bindings for it from Redis (each run has its own)."""
    if not settings.CELERY_BROKER_URL.startswith("redis://"):
        return
    import redis

    queue = settings.CELERY_TASK_DEFAULT_QUEUE
    client = redis.Redis.from_url(settings.CELERY_BROKER_URL)
    client.delete(queue, f"_kombu.binding.{queue}", f"_kombu.binding_permanent.{queue}")
    client.close()


def _prepare(count: int, base_url: str) -> tuple[AbstractBaseUser, Connection, list[Draft]]:
    """The pipeline organisation, its connection to this sandbox, and `count` new drafts."""
    from assistants.services.connections import connection_create, connection_update

    # The services take a user for the record; no membership: the pages stay on one organisation.
    user = get_user_model().objects.get(username=USERNAME)
    organization, _ = Organization.objects.get_or_create(
        slug=ORGANIZATION_SLUG,
        defaults={"name": "Bench Pipeline", "upstream_id": UPSTREAM_ID},
    )
    # Earlier runs' drafts (and with them their submissions) are of no further use.
    Draft.objects.filter(organization=organization).delete()
    connection = Connection.objects.filter(organization=organization, name=CONNECTION_NAME).first()
    values = {
        "name": CONNECTION_NAME,
        "dialect": DIALECT,
        "base_url": f"{base_url}/{DIALECT}",
        "api_key": SANDBOX_KEY,
    }
    if connection is None:
        connection = connection_create(organization=organization, **values)
    else:
        connection = connection_update(connection=connection, **values)
    config = example_document("aitronos_all_parameters")
    run = time.strftime("%H%M%S")
    drafts = Draft.objects.bulk_create(
        Draft(
            organization=organization,
            name=f"Pipeline {run} {n}",
            config={**config, "name": f"Pipeline {run} {n}"},
            created_by=user,
            updated_by=user,
        )
        for n in range(count)
    )
    return user, connection, drafts


def _bare_posts(base_url: str, drafts: list[Draft], *, reuse: bool) -> Timings:
    """Each body POSTed with httpx, one after another: on a connection of its own, as the
    worker sends them (`reuse=False`), or all over one keep-alive connection."""
    requests = [
        build_request(DIALECT, d.config, organization_id=UPSTREAM_ID, api_key=SANDBOX_KEY)
        for d in drafts
    ]
    # Made once: building an SSL context reads the CA bundle, which is not the POST's cost.
    ssl_context = httpx.create_ssl_context()
    shared = httpx.Client(timeout=30, verify=ssl_context)
    timings = Timings()
    started = time.perf_counter()
    for request in requests:
        began = time.perf_counter()
        http = shared if reuse else httpx.Client(timeout=30, verify=ssl_context)
        response = http.post(
            f"{base_url}/{DIALECT}{request.path}", json=request.body, headers=request.headers
        )
        if not reuse:
            http.close()
        timings.latencies.append(time.perf_counter() - began)
        timings.failures += response.status_code != 201
    timings.elapsed = time.perf_counter() - started
    shared.close()
    return timings


def _wait_recorded(ids: list[int], timeout: float) -> bool:
    """Whether every submission in `ids` ended (created or failed) within `timeout`."""
    final = [SubmissionStatus.CREATED, SubmissionStatus.FAILED]
    try:
        wait_until(
            lambda: Submission.objects.filter(pk__in=ids, status__in=final).count() == len(ids),
            timeout,
            f"{len(ids)} submissions to be recorded",
        )
    except TimeoutError:
        return False
    return True


def _burst(
    drafts: list[Draft], connection: Connection, user: AbstractBaseUser
) -> tuple[Timings, Timings, float, int]:
    from assistants.services.submissions import submission_start

    submit, ids = Timings(), []
    for draft in drafts:
        began = time.perf_counter()
        ids.append(submission_start(draft=draft, connection=connection, user=user).pk)
        submit.latencies.append(time.perf_counter() - began)
    submit.elapsed = sum(submit.latencies)
    _wait_recorded(ids, FINISH_TIMEOUT)  # those still on their way count as failed
    rows = list(
        Submission.objects.filter(pk__in=ids, finished_at__isnull=False)
        .order_by("finished_at")
        .values_list("created_at", "finished_at", "status")
    )
    burst = Timings([(done - made).total_seconds() for made, done, _ in rows])
    span = Submission.objects.filter(pk__in=ids).aggregate(
        first=Min("created_at"), last=Max("finished_at")
    )
    burst.elapsed = (span["last"] - span["first"]).total_seconds()
    finished = [done for _, done, _ in rows]
    gaps = [(b - a).total_seconds() for a, b in itertools.pairwise(finished)]
    per_item = statistics.median(gaps) if gaps else float("nan")
    failed = len(ids) - sum(status == SubmissionStatus.CREATED for _, _, status in rows)
    return submit, burst, per_item, failed


def _one_at_a_time(
    drafts: list[Draft], connection: Connection, user: AbstractBaseUser
) -> tuple[Timings, int]:
    from assistants.services.submissions import submission_start

    single, failed = Timings(), 0
    for draft in drafts:
        submission = submission_start(draft=draft, connection=connection, user=user)
        if not _wait_recorded([submission.pk], SINGLE_TIMEOUT):
            failed += 1
            continue
        made, done, status = (
            Submission.objects.filter(pk=submission.pk)
            .values_list("created_at", "finished_at", "status")
            .get()
        )
        single.latencies.append((done - made).total_seconds())
        failed += status != SubmissionStatus.CREATED
    single.elapsed = sum(single.latencies)
    return single, failed


def measure(*, size: Size, log_dir: Path, step: Callable[[str], None]) -> PipelineResult:
    missing = pipeline_missing()
    if missing:
        return PipelineResult(skipped=missing)
    # The sandbox reads its keys from the environment: this key may act for our organisation.
    os.environ["SANDBOX_API_KEYS"] = f"{SANDBOX_KEY}={UPSTREAM_ID}"
    result = PipelineResult(broker=settings.CELERY_BROKER_URL, submissions=size.submissions)
    single_count = max(3, size.submissions // 10)
    step("starting the sandbox")
    sandbox, base_url = _sandbox_start(log_dir)
    worker = None
    try:
        user, connection, drafts = _prepare(size.submissions + single_count, base_url)
        burst_drafts, single_drafts = drafts[: size.submissions], drafts[size.submissions :]
        step(f"{len(burst_drafts)} bare POSTs to the sandbox")
        result.bare = _bare_posts(base_url, burst_drafts, reuse=False)
        httpx.post(f"{base_url}/_reset").raise_for_status()  # the names are free again
        reused = burst_drafts[: max(3, len(burst_drafts) // 5)]
        step(f"{len(reused)} bare POSTs over one keep-alive connection")
        result.bare_reused = _bare_posts(base_url, reused, reuse=True)
        httpx.post(f"{base_url}/_reset").raise_for_status()
        _purge_queue()
        step("starting a Celery worker")
        worker = _worker_start(log_dir)
        with PeakMemory(worker) as memory:
            step(f"{len(burst_drafts)} submissions at once")
            cpu_before = worker.cpu_seconds()
            result.submit, result.burst, result.worker_per_item, failed = _burst(
                burst_drafts, connection, user
            )
            result.worker_cpu_per_item = (worker.cpu_seconds() - cpu_before) / len(burst_drafts)
            step(f"{len(single_drafts)} submissions one at a time")
            result.single, failed_single = _one_at_a_time(single_drafts, connection, user)
        result.failed = failed + failed_single
        result.worker_memory = memory.peak
    finally:
        if worker is not None:
            worker.stop()
        sandbox.stop()
        _forget_queue()
    return result
