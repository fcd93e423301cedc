"""Start real child processes (Celery worker, sandbox server) against the test database."""

import os
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.db import connection

from config.embedded_postgres import database_url_for

REPO = Path(__file__).resolve().parent.parent


def child_env(**extra: str) -> dict[str, str]:
    """Environment for a child that must see the same (test) database and broker."""
    # pytest-django only switches to the test database for tests that ask for one; a child
    # started without that would write to (and a sandbox reset would wipe) a real database.
    if not connection.settings_dict["NAME"].startswith("test_"):
        raise RuntimeError("Start child processes from tests that use transactional_db.")
    env = dict(os.environ, PYTHONUNBUFFERED="1", DJANGO_SETTINGS_MODULE="config.settings")
    env["DATABASE_URL"] = database_url_for(connection.settings_dict)
    env["CELERY_BROKER_URL"] = settings.CELERY_BROKER_URL
    env["DATA_DIR"] = str(settings.DATA_DIR)
    env.update(extra)
    return env


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_until(condition: Callable[[], bool], timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return
        time.sleep(0.1)
    raise TimeoutError(f"Timed out after {timeout}s waiting for {what}")


def port_open(port: int) -> bool:
    with socket.socket() as sock:
        sock.settimeout(0.2)
        return sock.connect_ex(("127.0.0.1", port)) == 0


class ChildProcess:
    """A child process in its own process group, with its output kept in a log file."""

    def __init__(
        self,
        name: str,
        command: list[str],
        env: dict[str, str],
        log_dir: Path,
        *,
        stop_timeout: float = 10,
    ):
        self.name, self.stop_timeout = name, stop_timeout
        self.log_path = log_dir / f"{name}.log"
        self._log = self.log_path.open("wb")
        self.process = subprocess.Popen(
            command,
            cwd=REPO,
            env=env,
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

    def wait_ready(self, condition: Callable[[], bool], timeout: float = 60) -> None:
        """Wait until `condition` holds; if the child dies or is too slow, say what it logged."""
        try:
            wait_until(lambda: condition() or not self.alive(), timeout, self.name)
        except TimeoutError as slow:
            raise RuntimeError(f"{self.name} did not start in time:\n{self.log()}") from slow
        if not self.alive():
            raise RuntimeError(f"{self.name} stopped while starting:\n{self.log()}")

    def kill(self, sig: int = signal.SIGKILL) -> None:
        """Signal the whole group (e.g. SIGKILL a worker and its pool mid-task)."""
        if self.alive():
            os.killpg(self.process.pid, sig)

    def stop(self) -> None:
        if self.alive():
            os.killpg(self.process.pid, signal.SIGTERM)
            try:
                self.process.wait(timeout=self.stop_timeout)
            except subprocess.TimeoutExpired:
                os.killpg(self.process.pid, signal.SIGKILL)
                self.process.wait()
        self._log.close()


@dataclass(frozen=True)
class DevserverPorts:
    web: int
    sandbox: int
    mcp: int


def devserver(tmp_path: Path) -> tuple["ChildProcess", DevserverPorts]:
    """`make run`'s stack (manage.py devserver) on free ports, on the test database."""
    ports = DevserverPorts(free_port(), free_port(), free_port())
    stack = ChildProcess(
        "devserver",
        [sys.executable, "manage.py", "devserver", "--addr", f"127.0.0.1:{ports.web}"],
        child_env(
            SANDBOX_PORT=str(ports.sandbox),
            MCP_DEMO_PORT=str(ports.mcp),
            MCP_DEMO_URL=f"http://127.0.0.1:{ports.mcp}/mcp",
            DEMO_ADMIN_PASSWORD="printed-pw-1",
        ),
        tmp_path,
    )
    return stack, ports


def celery_worker(
    log_dir: Path,
    *,
    name: str = "worker",
    concurrency: int = 1,
    extra_args: list[str] | None = None,
    wrapper: list[str] | None = None,
    **env: str,
) -> ChildProcess:
    """A Celery worker; `wrapper` runs it through another command (e.g. faketime)."""
    command = [
        *(wrapper or []),
        sys.executable,
        "-m",
        "celery",
        "-A",
        "config",
        "worker",
        "-l",
        "info",
        "--concurrency",
        str(concurrency),
        "-n",
        f"{name}@%h",
        *(extra_args or []),
    ]
    worker = ChildProcess(name, command, child_env(**env), log_dir)
    worker.wait_ready(lambda: "ready." in worker.log())
    return worker
