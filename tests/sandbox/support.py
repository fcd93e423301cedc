"""Start the sandbox as a real process on the test database, and talk to it over HTTP."""

import sys
from datetime import datetime
from pathlib import Path
from typing import Any

import httpx

from tests.processes import ChildProcess, child_env, free_port, port_open

DEMO_KEY = "sk-sandbox-demo"  # org_demo
OTHER_KEY = "sk-other"  # org_other
DOCS_KEY = "sk-docs"  # org_abc123, the organisation the documentation's examples use
MULTI_KEY = "sk-multi"  # org_demo and org_third
API_KEYS = ",".join(
    [
        f"{DEMO_KEY}=org_demo",
        f"{OTHER_KEY}=org_other",
        f"{DOCS_KEY}=org_abc123",
        f"{MULTI_KEY}=org_demo",
        f"{MULTI_KEY}=org_third",
    ]
)
ENVELOPE_KEYS = {
    "code",
    "message",
    "system_message",
    "type",
    "status",
    "details",
    "trace_id",
    "timestamp",
}


def start_sandbox(log_dir: Path, port: int | None = None) -> tuple[ChildProcess, str]:
    """`manage.py sandbox` as a child process; returns it and its base URL once it listens."""
    env = child_env(SANDBOX_API_KEYS=API_KEYS)  # refuses anything but the test database
    port = port or free_port()
    command = [sys.executable, "manage.py", "sandbox", "--port", str(port)]
    child = ChildProcess(f"sandbox-{port}", command, env, log_dir)
    child.wait_ready(lambda: port_open(port))
    return child, f"http://127.0.0.1:{port}"


def aitronos(base: str, key: str | None = DEMO_KEY) -> httpx.Client:
    headers = {"X-API-Key": key} if key else {}
    return httpx.Client(base_url=f"{base}/aitronos/v1", headers=headers, timeout=15)


def openai(base: str, key: str | None = DEMO_KEY, *, beta: bool = True) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    if beta:
        headers["OpenAI-Beta"] = "assistants=v2"
    return httpx.Client(base_url=f"{base}/openai/v1", headers=headers, timeout=15)


def openai_v1(base: str, key: str | None = DEMO_KEY) -> httpx.Client:
    headers = {"Authorization": f"Bearer {key}"} if key else {}
    return httpx.Client(base_url=f"{base}/openai_v1/v1", headers=headers, timeout=15)


def aitronos_error(response: httpx.Response, status: int, code: str) -> dict[str, Any]:
    """Assert the documented Aitronos error envelope and return its `error` object."""
    assert response.status_code == status, response.text
    body = response.json()
    assert body["success"] is False
    error = body["error"]
    assert set(error) == ENVELOPE_KEYS
    assert (error["code"], error["status"]) == (code, status)
    assert error["trace_id"].startswith("req_")
    datetime.strptime(error["timestamp"], "%Y-%m-%dT%H:%M:%SZ")
    return error


def openai_error(response: httpx.Response, status: int) -> dict[str, Any]:
    """Assert OpenAI's error envelope and return its `error` object."""
    assert response.status_code == status, response.text
    error = response.json()["error"]
    assert set(error) == {"message", "type", "param", "code"}
    return error


def contains(actual: Any, expected: Any) -> bool:
    """True when `actual` holds everything `expected` says (extra keys, e.g. defaults, allowed)."""
    if isinstance(expected, dict):
        return isinstance(actual, dict) and all(
            key in actual and contains(actual[key], value) for key, value in expected.items()
        )
    if isinstance(expected, list):
        return (
            isinstance(actual, list)
            and len(actual) == len(expected)
            and all(contains(a, e) for a, e in zip(actual, expected, strict=True))
        )
    return actual == expected


def stats(base: str) -> dict[str, Any]:
    return httpx.get(f"{base}/_stats").json()


def add_fault(base: str, **fault: Any) -> None:
    httpx.post(f"{base}/_faults", json=fault).raise_for_status()
