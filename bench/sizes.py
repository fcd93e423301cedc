"""How big a run is: the full benchmark, or the quick one the test suite runs."""

from dataclasses import dataclass


@dataclass(frozen=True)
class Size:
    organizations: int
    drafts: int
    requests: int  # timed requests per page and concurrency
    warmup: int  # untimed requests per client first
    time_limit: float  # seconds per run at most
    submissions: int  # through the pipeline
    quiet_wait: float  # seconds to wait, at most, for the machine's load to drop
    concurrency: tuple[int, ...]  # clients at once, one run each


FULL = Size(20, 10_000, 200, 5, 30, 500, 120, (1, 8))
# Only proves the harness works: too few requests for the numbers to mean anything.
QUICK = Size(2, 40, 4, 1, 10, 10, 0, (1, 2))
