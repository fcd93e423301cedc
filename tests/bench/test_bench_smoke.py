"""`python -m bench --quick` end to end, at a tiny size: it runs and reports every row.

Only that the harness works is checked; timings are never asserted (they depend on the
machine and on whatever else it is doing).
"""

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.db import connection

from bench.report import LABELS
from config.embedded_postgres import database_url_for

# Minutes on a shared 2-core machine: `make bench-check` runs it, `make test` does not.
pytestmark = pytest.mark.bench

REPO = Path(__file__).resolve().parents[2]
NUMBER = re.compile(r"^[\d,.]+")


def cells(report: str, label: str) -> list[str]:
    """The cells after the label of the table row that starts with `label`."""
    for line in report.splitlines():
        if line.startswith(f"| {label} |"):
            return [cell.strip() for cell in line.strip().strip("|").split("|")[1:]]
    raise AssertionError(f"No row {label!r} in the report:\n{report}")


def positive(cell: str) -> bool:
    match = NUMBER.match(cell)
    return match is not None and float(match.group().replace(",", "")) > 0


def test_the_quick_benchmark_runs_end_to_end_and_reports_every_row(tmp_path):
    # A database of its own on the tests' PostgreSQL server (embedded or DATABASE_URL's),
    # named after theirs so that two checkouts sharing a server do not share it.
    name = f"{connection.settings_dict['NAME']}_bench_quick"
    database = database_url_for(connection.settings_dict, name=name)
    output = tmp_path / "results.md"
    env = dict(os.environ, BENCH_DATABASE_URL=database, DATA_DIR=str(tmp_path / "data"))

    bench = subprocess.Popen(
        [sys.executable, "-m", "bench", "--quick", "--output", str(output)],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        said, _ = bench.communicate(timeout=180)
    except subprocess.TimeoutExpired:
        bench.terminate()  # SIGTERM: the harness stops its gunicorn, worker and sandbox
        said, _ = bench.communicate(timeout=60)
        raise AssertionError(f"The quick benchmark did not finish in 3 minutes:\n{said}") from None

    assert bench.returncode == 0, said
    report = output.read_text()
    for label in LABELS.values():
        row = cells(report, label)
        assert all(positive(cell) for cell in row), (label, row)
    for label in ("List", "Edit page"):
        assert all(positive(cell) for cell in cells(report, label)), label
    assert positive(cells(report, "**total**")[0])
    assert positive(cells(report, "**all JS**")[1])
    for label in ("Bare POST", "`submission_start`", "Submit → recorded, 10 at once"):
        row = next(line for line in report.splitlines() if line.startswith(f"| {label}"))
        assert all(positive(cell.strip()) for cell in row.strip("|").split("|")[1:]), row
    assert "did not end created" not in report
    assert re.search(r"web \(gunicorn master \+ workers\): [1-9]\d* MB", report)
    assert re.search(r"worker \(Celery, 1 process\): [1-9]\d* MB", report)
