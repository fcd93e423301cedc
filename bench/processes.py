"""Child processes of the benchmark (gunicorn, the sandbox, a Celery worker), stopped for sure.

Each runs in its own process group with its output in a log file, so stopping it also stops
what it forked (gunicorn's workers, Celery's pool), and a failure can show what it said.
"""

import os
import signal
import subprocess
from collections.abc import Callable
from pathlib import Path

import psutil

from bench.environment import REPO
from tests.processes import free_port, port_open, wait_until

__all__ = ["Child", "free_port", "port_open", "wait_until"]


class Child:
    def __init__(self, name: str, command: list[str], log_dir: Path) -> None:
        self.name = name
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=dict(os.environ),
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def alive(self) -> bool:
        return self.process.poll() is None

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")

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

    def wait_ready(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        try:
            wait_until(lambda: condition() or not self.alive(), timeout, self.name)
        except TimeoutError as slow:
            raise RuntimeError(f"{self.name} did not start in time:\n{self.log()}") from slow
        if not self.alive():
            raise RuntimeError(f"{self.name} stopped while starting:\n{self.log()}")

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=15)
            except subprocess.TimeoutExpired:
                os.killpg(self.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()
