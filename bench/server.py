"""The dashboard under gunicorn, as production serves it (DEBUG off, whitenoise static)."""

import sys
from pathlib import Path

import httpx

from bench.processes import Child, free_port

WORKERS = 2
THREADS = 4


def gunicorn_start(log_dir: Path) -> tuple[Child, str]:
    """Start gunicorn on a free loopback port; return it and its base URL once it answers."""
    port = free_port()
    command = [
        sys.executable,
        "-m",
        "gunicorn",
        "config.wsgi",
        "--workers",
        str(WORKERS),
        "--threads",
        str(THREADS),
        "--bind",
        f"127.0.0.1:{port}",
        "--log-level",
        "warning",
    ]
    child = Child("gunicorn", command, log_dir)
    base_url = f"http://127.0.0.1:{port}"
    child.wait_ready(lambda: _answers(base_url + "/accounts/login/"))
    return child, base_url


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=1).status_code == 200
    except httpx.HTTPError:
        return False
