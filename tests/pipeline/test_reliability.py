"""`make reliability`: every fault kind many times over, counted from what the sandbox holds.

Not part of `make test` (marker `reliability`; minutes): the fault tests in
test_faults_over_http.py, test_recovery.py and test_sandbox_round_trips.py are its bounded
subset. Each kind runs RELIABILITY_TRIALS submissions (default 50) through real workers and
the real sandbox, and prints one row: trials, duplicates left (more than one assistant carrying
a submission's marker when the kind is over), second copies removed (a worker stopped between
its last lease check and its send creates again when it resumes; the reconciliation in
services/submissions/reconcile.py deletes that copy), wrong adoptions (the adopted id is not
the one carrying its marker), lost (no assistant carries its marker although it was reported
created, or it never finished), wrong final states (not "created"), and recovery time
(submit → final) p50/max.
The table is appended to RELIABILITY_REPORT when set (make reliability: bench/reliability.md).
"""

import contextlib
import os
import signal
import statistics
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

import httpx
import pytest

from assistants.dialects.listing import read_page
from assistants.dialects.marker import marker_of
from assistants.models import Organization, Submission, SubmissionStatus
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from audit.models import AuditEvent
from tests.pipeline.conftest import PIPELINE_ENV, config_for, publishing_to, submit
from tests.processes import celery_worker, wait_until
from tests.sandbox.support import DEMO_KEY, add_fault

pytestmark = [pytest.mark.reliability, pytest.mark.worker]

# Opt-in: tests/conftest.py deselects these unless `-m` names reliability (make reliability),
# so a plain `pytest` neither starts hundreds of trials nor reports them as skipped.
TRIALS = int(os.environ.get("RELIABILITY_TRIALS", "50"))
FINAL_TIMEOUT = 240
RESULTS: list["Row"] = []
STANDING = {"ms_timestamps", "clock_offset", "drop_fields"}
LOST = {"mode": "drop_after_create"}
MS = {"mode": "ms_timestamps"}
BEHIND = {"mode": "clock_offset", "seconds": -90}
NAMESAKE_AFTER = {"mode": "namesake", "when": "after"}


@dataclass
class Row:
    kind: str
    trials: int
    duplicates: int
    wrong_adoptions: int
    lost: int
    wrong_final: int
    p50: float
    worst: float
    removed: int = 0  # second copies a paused worker made, removed by a reconciliation

    def line(self) -> str:
        return (
            f"| {self.kind} | {self.trials} | {self.duplicates} | {self.removed} | "
            f"{self.wrong_adoptions} | {self.lost} | {self.wrong_final} | {self.p50:.1f} s | "
            f"{self.worst:.1f} s |"
        )


HEADER = (
    "| fault | trials | duplicates left | second copies removed | wrong adoptions | lost | "
    "wrong final states | recovery p50 | recovery max |\n|---|---|---|---|---|---|---|---|---|"
)


# --- What the sandbox holds ------------------------------------------------------------------


def held(base: str, dialect: str) -> list[dict]:
    """Every assistant of the demo account under `dialect`, paged with the list's own shape."""
    url = f"{base}/{dialect}/v1/assistants"
    if dialect == "aitronos":
        headers = {"X-API-Key": DEMO_KEY}
        params: dict | None = {"organization_id": "org_demo", "limit": 100, "offset": 0}
    else:
        headers = {"Authorization": f"Bearer {DEMO_KEY}", "OpenAI-Beta": "assistants=v2"}
        params = {"limit": 100, "order": "desc"}
    items: list[dict] = []
    while params is not None:
        page = read_page(httpx.get(url, params=params, headers=headers, timeout=30).json(), params)
        items += page.items
        params = page.next_params
    # A summary item carries no metadata: read each one whole.
    return [
        item
        if "metadata" in item
        else httpx.get(f"{url}/{item['id']}", headers=headers, timeout=30).json()
        for item in items
    ]


def evaluate_quietly(base: str, dialect: str, submissions: list[Submission]) -> int:
    """How many second copies the sandbox holds for these submissions, now."""
    keys = {str(submission.idempotency_key) for submission in submissions}
    markers = [marker_of(item) for item in held(base, dialect)]
    return sum(max(0, markers.count(key) - 1) for key in keys)


def evaluate(kind: str, base: str, dialect: str, submissions: list[Submission]) -> Row:
    by_marker: dict[str, list[str]] = {}
    for item in held(base, dialect):
        by_marker.setdefault(marker_of(item) or "", []).append(item["id"])
    duplicates = wrong = lost = wrong_final = 0
    recoveries = []
    for submission in submissions:
        submission.refresh_from_db()
        own = by_marker.get(str(submission.idempotency_key), [])
        duplicates += max(0, len(own) - 1)
        if submission.status != SubmissionStatus.CREATED:
            wrong_final += 1
            lost += int(not submission.is_final)
            continue
        if not own:
            lost += 1
        elif submission.upstream_assistant_id not in own:
            wrong += 1
        recoveries.append((submission.finished_at - submission.created_at).total_seconds())
    recoveries = recoveries or [0.0]
    removed = AuditEvent.objects.filter(
        action="submission.copy_removed", target_id__in=[str(s.draft_id) for s in submissions]
    )
    row = Row(
        kind,
        len(submissions),
        duplicates,
        wrong,
        lost,
        wrong_final,
        statistics.median(recoveries),
        max(recoveries),
        sum(len(event.details.get("removed", [])) for event in removed),
    )
    RESULTS.append(row)
    print(f"\n{HEADER}\n{row.line()}")
    report = os.environ.get("RELIABILITY_REPORT")
    if report:  # row by row, so a run cut short still leaves what it measured
        with Path(report).open("a") as out:
            if len(RESULTS) == 1:
                stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
                out.write(f"\n### Run of {stamp}, {TRIALS} trials per kind\n\n{HEADER}\n")
            out.write(row.line() + "\n")
    return row


def wait_all(submissions: list[Submission], timeout: float = FINAL_TIMEOUT) -> None:
    def done() -> bool:
        return all(
            s.is_final for s in Submission.objects.filter(pk__in=[s.pk for s in submissions])
        )

    # Those still unfinished are counted as lost and in a wrong final state.
    with contextlib.suppress(TimeoutError):
        wait_until(done, timeout, "every trial to finish")


# --- Trials ----------------------------------------------------------------------------------


@pytest.fixture
def drafts(organization, admin_user):
    counter = iter(range(10**6))

    def make(n: int, organization_=None) -> list:
        org = organization_ or organization
        return [
            draft_create(
                organization=org,
                user=admin_user,
                name=(name := f"Trial {next(counter)}"),
                config=config_for(name),
            )
            for _ in range(n)
        ]

    return make


def _batch(
    pipeline: str, make_connection, drafts, admin_user, dialect: str, faults: list[dict]
) -> list[Submission]:
    for fault in faults:
        add_fault(pipeline, dialect=dialect, **fault)
    connection = make_connection(pipeline, dialect)
    return [submit(draft, connection, admin_user) for draft in drafts(TRIALS)]


@pytest.mark.parametrize(
    ("kind", "dialect", "faults"),
    [
        ("slow create (5 s, timeout 3 s)", "openai", [{"mode": "delay", "seconds": 5}]),
        ("slow create (5 s, timeout 3 s)", "aitronos", [{"mode": "delay", "seconds": 5}]),
        ("slow create (slow_create 5 s)", "openai", [{"mode": "slow_create", "seconds": 5}]),
        ("answer lost after create", "openai", [{"mode": "drop_after_create"}]),
        ("answer lost after create", "aitronos", [{"mode": "drop_after_create"}]),
        ("created_at in milliseconds, answer lost", "openai", [MS, LOST]),
        ("upstream clock 90 s behind, answer lost", "openai", [BEHIND, LOST]),
        ("upstream clock 90 s behind, answer lost", "aitronos", [BEHIND, LOST]),
        ("namesake made right after ours, answer lost", "openai", [NAMESAKE_AFTER, LOST]),
    ],
)
def test_reliability_of_upstream_faults(
    pipeline, make_connection, drafts, admin_user, kind, dialect, faults
):
    # Queued faults for every trial; standing ones (no count) hold for all of them.
    faults = [
        fault if fault["mode"] in STANDING else {**fault, "count": TRIALS} for fault in faults
    ]
    submissions = _batch(pipeline, make_connection, drafts, admin_user, dialect, faults)
    wait_all(submissions)
    row = evaluate(f"{kind} · {dialect}", pipeline, dialect, submissions)
    assert (row.duplicates, row.wrong_adoptions, row.lost, row.wrong_final) == (0, 0, 0, 0)


def test_reliability_with_namesakes_before_and_during(
    pipeline, make_connection, drafts, admin_user
):
    made = drafts(TRIALS)
    headers = {"Authorization": f"Bearer {DEMO_KEY}", "OpenAI-Beta": "assistants=v2"}
    url = f"{pipeline}/openai/v1/assistants"
    for draft in made:  # another client's namesake, made before
        httpx.post(url, json={"name": draft.name, "model": "gpt-4o"}, headers=headers)
    add_fault(pipeline, dialect="openai", mode="drop_after_create", count=TRIALS)
    connection = make_connection(pipeline, "openai")
    submissions = [submit(draft, connection, admin_user) for draft in made]
    for draft in made:  # …and one made while ours are on their way
        # Its answer may be lost too: the queued faults drop whichever create comes next.
        with contextlib.suppress(httpx.TransportError):
            httpx.post(url, json={"name": draft.name, "model": "gpt-4o"}, headers=headers)
    wait_all(submissions)
    row = evaluate("namesakes before and during · openai", pipeline, "openai", submissions)
    assert (row.duplicates, row.wrong_adoptions, row.lost, row.wrong_final) == (0, 0, 0, 0)


def test_reliability_of_two_organisations_on_one_account(
    pipeline, make_connection, drafts, admin_user
):
    second = Organization.objects.create(name="Second", slug="second", upstream_id="org_demo")
    their_connection = connection_create(
        organization=second,
        name="Shared",
        dialect="openai",
        base_url=f"{pipeline}/openai",
        api_key=DEMO_KEY,
        is_default=False,
    )
    ours = drafts(TRIALS // 2 + TRIALS % 2)
    add_fault(pipeline, dialect="openai", mode="drop_after_create", count=TRIALS)
    connection = make_connection(pipeline, "openai")
    submissions = []
    for draft in ours:  # the same name from both organisations
        theirs = draft_create(
            organization=second, user=admin_user, name=draft.name, config=config_for(draft.name)
        )
        submissions.append(submit(draft, connection, admin_user))
        submissions.append(submit(theirs, their_connection, admin_user))
    wait_all(submissions)
    row = evaluate("two organisations, one account · openai", pipeline, "openai", submissions)
    assert (row.duplicates, row.wrong_adoptions, row.lost, row.wrong_final) == (0, 0, 0, 0)


# Kinds with workers of their own come last, and stop the module's shared worker first: it
# would take the messages they give to their own workers.


@pytest.fixture
def own_workers_only(pipeline_worker) -> None:
    pipeline_worker.stop()


def _disrupted_rounds(
    kind: str,
    sandbox: str,
    make_connection,
    drafts,
    admin_user,
    redis_url: str,
    tmp_path: Path,
    disrupt: Callable,
    dialect: str = "openai",
) -> Row:
    """Rounds of 4 submissions in flight at a worker that is then disrupted (`disrupt`),
    finished by a replacement running the sweep."""
    env = {**PIPELINE_ENV, "CELERY_BROKER_URL": redis_url}
    replacement = celery_worker(
        tmp_path,
        name="replacement",
        extra_args=["--beat", "--schedule", str(tmp_path / "beat")],
        SUBMISSION_SWEEP_INTERVAL="1",
        **env,
    )
    replacement.kill(signal.SIGSTOP)  # held back until the victim has the messages
    connection = make_connection(sandbox, dialect)
    submissions: list[Submission] = []
    try:
        for round_number in range((TRIALS + 3) // 4):
            victim = celery_worker(tmp_path, name=f"victim{round_number}", concurrency=4, **env)
            batch = drafts(min(4, TRIALS - len(submissions)))
            add_fault(sandbox, dialect=dialect, mode="delay", seconds=1.5, count=len(batch))
            with publishing_to(redis_url):
                mine = [submit(d, connection, admin_user) for d in batch]
            in_flight = Submission.objects.filter(
                pk__in=[s.pk for s in mine], attempts__kind="create"
            )
            expected = len(mine)
            with contextlib.suppress(TimeoutError):
                wait_until(lambda q=in_flight, n=expected: q.count() >= n, 30, "all in flight")
            time.sleep(0.3)
            disrupt(victim)
            replacement.kill(signal.SIGCONT)
            wait_all(mine, 60)
            replacement.kill(signal.SIGSTOP)
            victim.kill(signal.SIGCONT)
            time.sleep(1)
            victim.stop()
            submissions += mine
        # A victim stopped between its lease check and its send created again when it
        # resumed; it asked for a reconciliation, which the replacement runs.
        replacement.kill(signal.SIGCONT)
        with contextlib.suppress(TimeoutError):
            wait_until(
                lambda: evaluate_quietly(sandbox, dialect, submissions) == 0, 90, "reconciliation"
            )
    finally:
        replacement.kill(signal.SIGCONT)
        replacement.stop()
    return evaluate(kind, sandbox, dialect, submissions)


def test_reliability_of_workers_paused_past_their_lease(
    own_workers_only,
    transactional_db,
    sandbox,
    make_connection,
    drafts,
    admin_user,
    redis_url,
    tmp_path,
):
    row = _disrupted_rounds(
        "worker paused past its lease (SIGSTOP/SIGCONT) · openai",
        sandbox,
        make_connection,
        drafts,
        admin_user,
        redis_url,
        tmp_path,
        lambda victim: victim.kill(signal.SIGSTOP),
    )
    assert (row.duplicates, row.wrong_adoptions, row.lost, row.wrong_final) == (0, 0, 0, 0)


def test_reliability_of_workers_killed_mid_request(
    own_workers_only,
    transactional_db,
    sandbox,
    make_connection,
    drafts,
    admin_user,
    redis_url,
    tmp_path,
):
    row = _disrupted_rounds(
        "worker killed mid-request (kill -9) · openai",
        sandbox,
        make_connection,
        drafts,
        admin_user,
        redis_url,
        tmp_path,
        lambda victim: victim.kill(signal.SIGKILL),
    )
    assert (row.duplicates, row.wrong_adoptions, row.lost, row.wrong_final) == (0, 0, 0, 0)


def test_reliability_with_a_worker_a_minute_ahead(
    own_workers_only,
    transactional_db,
    sandbox,
    make_connection,
    drafts,
    admin_user,
    redis_url,
    tmp_path,
):
    env = {**PIPELINE_ENV, "CELERY_BROKER_URL": redis_url}
    workers = [
        celery_worker(tmp_path, name="ahead", wrapper=["/usr/bin/faketime", "-f", "+60s"], **env),
        celery_worker(tmp_path, name="honest", **env),
    ]
    try:
        add_fault(sandbox, dialect="openai", mode="drop_after_create", count=TRIALS)
        connection = make_connection(sandbox, "openai")
        with publishing_to(redis_url):
            submissions = [submit(d, connection, admin_user) for d in drafts(TRIALS)]
            wait_all(submissions)
    finally:
        for worker in workers:
            worker.stop()
    row = evaluate("worker clock 60 s ahead (faketime) · openai", sandbox, "openai", submissions)
    assert (row.duplicates, row.wrong_adoptions, row.lost, row.wrong_final) == (0, 0, 0, 0)


def test_reliability_report():
    """Last: the whole table again, in the output."""
    if not RESULTS:
        pytest.skip("no reliability kind ran in this session")
    print("\n\n" + "\n".join([HEADER, *(row.line() for row in RESULTS)]) + "\n")
