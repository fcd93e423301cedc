"""The directory at scale: picker suggestions over 50,000 people of one organisation, served
by gunicorn to one client as someone types; the editor page's size beside such a directory;
and a sync of 10,000 people from the sandbox (time and peak memory, against 1,000 people
to show the memory does not grow with the directory).
"""

import os
import threading
import time
import tracemalloc
from collections.abc import Callable
from dataclasses import dataclass, field
from itertools import cycle
from pathlib import Path

import httpx
import psutil

from assistants.models import Connection, Membership, Organization
from bench.load import Timings, run
from bench.pages import sign_in
from bench.pipeline import _sandbox_start
from bench.seed import USERNAME
from bench.server import gunicorn_start
from bench.sizes import Size
from directory.models import DirectoryEntry

SYNC_SLUG = "bench-directory"
SYNC_UPSTREAM_ID = "org_benchdirectory"
SYNC_KEY = "sk-bench-directory"
# What people type, letter by letter, into "People who can see it".
TYPED = [
    "j",
    "ja",
    "jan",
    "jane",
    "jane s",
    "t",
    "to",
    "tom",
    "tom b",
    "mü",
    "mül",
    "müller",
    "pri",
    "priya",
    "smi",
    "smith",
    "nak",
    "o",
    "om",
    "omar k",
]


@dataclass
class DirectoryResult:
    entries: int = 0
    suggest: Timings | None = None
    query: Timings | None = None  # the suggestion queries alone, in this process
    editor_bytes: int = 0
    editor_bytes_empty: int = 0
    syncs: list[tuple[int, float, int, int]] = field(default_factory=list)  # people, s, py, rss
    error: str = ""

    def lines(self) -> list[str]:
        if self.error:
            return [f"Not measured: {self.error}"]
        out = ["| Measure | Result |", "| --- | --- |"]
        if self.suggest is not None:
            s = self.suggest
            out.append(
                f"| Picker suggestions, {self.entries:,} people in one organisation, 1 client "
                f"({s.count} requests, {len(TYPED)} prefixes) | p50 {s.p50 * 1000:.1f} ms, "
                f"p95 {s.p95 * 1000:.1f} ms, {s.failures} failed |"
            )
            if self.query is not None:
                q = self.query
                out.append(
                    f"| The same suggestions' queries alone (ORM, in process, {q.count} calls) | "
                    f"p50 {q.p50 * 1000:.1f} ms, p95 {q.p95 * 1000:.1f} ms |"
                )
            out.append(
                f"| Editor page, Access section, with {self.entries:,} people vs none | "
                f"{self.editor_bytes:,} vs {self.editor_bytes_empty:,} bytes |"
            )
        for people, seconds, traced, rss in self.syncs:
            out.append(
                f"| Sync of {people:,} people (+ roles, models, stores, …) from the sandbox | "
                f"{seconds:.1f} s, peak Python allocations {traced / 1024**2:.1f} MB, "
                f"RSS growth {rss / 1024**2:.1f} MB |"
            )
        return out


def _seed_people(organization: Organization, count: int, step: Callable[[str], None]) -> None:
    from sandbox.directory_data import person_name

    have = DirectoryEntry.objects.filter(organization=organization, kind="users").count()
    if have >= count:
        step(f"{have:,} people already in the directory: reused")
        _analyze()
        return
    step(f"adding {count - have:,} people to the directory")
    batch = []
    for index in range(have, count):
        first, last = person_name(index)
        batch.append(
            DirectoryEntry(
                organization=organization,
                kind="users",
                ident=f"usr_bench_{index:06}",
                name=f"{first} {last}",
                detail=f"{first}.{last}.{index}@bench.example".lower(),
            )
        )
        if len(batch) == 5000:
            DirectoryEntry.objects.bulk_create(batch, ignore_conflicts=True)
            batch = []
    DirectoryEntry.objects.bulk_create(batch, ignore_conflicts=True)
    _analyze()


def _analyze() -> None:
    """Statistics, as autovacuum gathers them soon after a large insert: timed straight after
    seeding, the planner would guess without any (and pick plans no live server runs)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("ANALYZE directory_directoryentry")


class _Suggest:
    def __init__(self) -> None:
        self.queries = cycle(TYPED)

    def request(self) -> tuple[str, str, dict]:
        query = next(self.queries)
        return (
            "GET",
            "/directory/suggest/",
            {"params": {"kind": "users", "q": query}, "headers": {"HX-Request": "true"}},
        )

    def check(self, response: httpx.Response) -> bool:
        return response.status_code == 200  # "mü" starts no name: no options is right


def _query_timings(organization: Organization, count: int) -> Timings:
    """The suggestion service alone: what the database and the ORM take per keystroke."""
    from directory.suggest import directory_suggest

    timings, queries = Timings(), cycle(TYPED)
    for _ in range(count):
        started = time.perf_counter()
        directory_suggest(organization_id=organization.pk, kind="users", query=next(queries))
        timings.latencies.append(time.perf_counter() - started)
    timings.elapsed = sum(timings.latencies)
    return timings


def _editor_bytes(base_url: str, cookies: httpx.Cookies, draft_id: int) -> int:
    with httpx.Client(base_url=base_url, cookies=cookies, timeout=30) as http:
        page = http.get(f"/assistants/{draft_id}/", params={"section": "access"})
        page.raise_for_status()
        return len(page.content)


def _rss() -> int:
    return psutil.Process(os.getpid()).memory_info().rss


def _sync(people: int, base_url: str) -> tuple[float, int, int]:
    """Sync `people` people from the sandbox in this process: (seconds, traced peak, RSS growth)."""
    from assistants.services.connections import connection_create
    from directory.sync import directory_sync, directory_sync_start

    organization, _ = Organization.objects.get_or_create(
        slug=SYNC_SLUG, defaults={"name": "Bench Directory", "upstream_id": SYNC_UPSTREAM_ID}
    )
    DirectoryEntry.objects.filter(organization=organization).delete()
    Connection.objects.filter(organization=organization).delete()
    connection = connection_create(
        organization=organization,
        name="Bench sandbox",
        dialect="aitronos",
        base_url=f"{base_url}/aitronos",
        api_key=SYNC_KEY,
    )
    httpx.post(
        f"{base_url}/_directory", json={"organization_id": SYNC_UPSTREAM_ID, "people": people}
    ).raise_for_status()
    run_, _ = directory_sync_start(connection=connection, trigger="bench")
    peak_rss, stop = [_rss()], threading.Event()
    baseline = peak_rss[0]

    def sample() -> None:
        while not stop.is_set():
            peak_rss[0] = max(peak_rss[0], _rss())
            stop.wait(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    tracemalloc.start()
    started = time.perf_counter()
    finished = directory_sync(run_id=run_.pk)
    seconds = time.perf_counter() - started
    _, traced = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    stop.set()
    sampler.join()
    if finished is None or finished.status != "done":
        raise RuntimeError(f"the sync ended {finished and finished.status}: {finished.progress}")
    synced = DirectoryEntry.objects.filter(organization=organization, kind="users").count()
    if synced != people:
        raise RuntimeError(f"{synced} people synced, not {people}")
    return seconds, traced, peak_rss[0] - baseline


def measure(*, size: Size, log_dir: Path, step: Callable[[str], None]) -> DirectoryResult:
    from assistants.services.drafts import draft_create

    entries = 50_000 if size.drafts >= 1000 else 500
    sync_sizes = (1_000, 10_000) if size.drafts >= 1000 else (100, 300)
    result = DirectoryResult(entries=entries)
    membership = Membership.objects.select_related("organization", "user").get(
        user__username=USERNAME
    )
    organization = membership.organization
    draft = draft_create(
        organization=organization,
        user=membership.user,
        name=f"Directory bench {time.time()}",
        config={"access_users": ["usr_bench_000001", "usr_bench_000002"]},
    )
    server, base_url = gunicorn_start(log_dir)
    try:
        cookies = sign_in(base_url)
        DirectoryEntry.objects.filter(organization=organization, kind="users").delete()
        result.editor_bytes_empty = _editor_bytes(base_url, cookies, draft.pk)
        _seed_people(organization, entries, step)
        result.editor_bytes = _editor_bytes(base_url, cookies, draft.pk)
        step(f"timing picker suggestions over {entries:,} people")
        result.suggest = run(
            lambda index, http: _Suggest(),
            base_url=base_url,
            clients=1,
            requests=size.requests,
            warmup=size.warmup,
            time_limit=size.time_limit,
            cookies=cookies,
        )
        result.query = _query_timings(organization, size.requests)
    finally:
        server.stop()
        draft.delete()
    os.environ["SANDBOX_API_KEYS"] = f"{SYNC_KEY}={SYNC_UPSTREAM_ID}"
    step("starting the sandbox for the sync")
    sandbox, sandbox_url = _sandbox_start(log_dir)
    try:
        for people in sync_sizes:
            step(f"syncing {people:,} people from the sandbox")
            result.syncs.append((people, *_sync(people, sandbox_url)))
    finally:
        sandbox.stop()
    return result
