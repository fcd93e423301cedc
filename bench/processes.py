"""Child processes of the benchmark (gunicorn, the sandbox, a Celery worker), stopped for sure.

Each runs in its own process group with its output in a log file, so stopping it also stops
what it forked (gunicorn's workers, Celery's pool), and a failure can show what it said.
"""

import os
from pathlib import Path

import psutil

from tests.processes import ChildProcess, free_port, port_open, wait_until

__all__ = ["Child", "free_port", "port_open", "wait_until"]


class Child(ChildProcess):
    """A child of the benchmark: the environment bench.environment prepared, and its CPU and
    memory readable with everything it forked."""

    def __init__(self, name: str, command: list[str], log_dir: Path) -> None:
        super().__init__(name, command, dict(os.environ), log_dir, stop_timeout=15)

    def pids(self) -> list[int]:
        """This process and everything it forked (for memory sampling)."""
        try:
            parent = psutil.Process(self.pid)
            return [self.pid, *(child.pid for child in parent.children(recursive=True))]
        except psutil.NoSuchProcess:
            return []

    def cpu_seconds(self) -> float:
        """CPU time (user + system) used so far by this process and what it forked."""
        total = 0.0
        for pid in self.pids():
            try:
                times = psutil.Process(pid).cpu_times()
            except psutil.NoSuchProcess:
                continue
            total += times.user + times.system
        return total
