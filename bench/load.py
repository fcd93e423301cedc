"""A small load generator: N clients (threads) on loopback, a fixed number of requests each.

Each client has its own keep-alive connection. Only the HTTP exchange is timed; building a
request (e.g. reading a form) and checking the answer happen outside the clock. A run stops
after its requests or at its time limit, whichever comes first.
"""

import math
import socket
import statistics
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Protocol

import httpx


class Step(Protocol):
    """What one client sends, again and again."""

    def request(self) -> tuple[str, str, dict]:
        """(method, path, httpx keyword arguments) of the next request."""

    def check(self, response: httpx.Response) -> bool:
        """Whether the answer is the one expected (and take what the next request needs)."""


@dataclass
class Get:
    path: str
    expect: int = 200
    htmx: bool = False  # sent as htmx sends it (the HX-Request header)

    def request(self) -> tuple[str, str, dict]:
        return "GET", self.path, {"headers": {"HX-Request": "true"}} if self.htmx else {}

    def check(self, response: httpx.Response) -> bool:
        return response.status_code == self.expect


@dataclass
class Timings:
    latencies: list[float] = field(default_factory=list)  # seconds, one per timed request
    elapsed: float = 0.0  # wall time of the timed part of the run
    failures: int = 0

    @property
    def count(self) -> int:
        return len(self.latencies)

    def percentile(self, fraction: float) -> float:
        ordered = sorted(self.latencies)
        if not ordered:
            return float("nan")
        # Nearest rank: of 200 samples, p95 is the 190th smallest.
        return ordered[max(1, math.ceil(fraction * len(ordered))) - 1]

    @property
    def p50(self) -> float:
        return statistics.median(self.latencies) if self.latencies else float("nan")

    @property
    def p95(self) -> float:
        return self.percentile(0.95)

    @property
    def rps(self) -> float:
        return self.count / self.elapsed if self.elapsed else float("nan")


def http_client(base_url: str, cookies: httpx.Cookies | None, headers: dict) -> httpx.Client:
    return httpx.Client(
        base_url=base_url,
        cookies=cookies,
        headers=headers,
        timeout=30,
        follow_redirects=False,
        # One keep-alive connection, as a browser tab has. TCP_NODELAY as browsers set it:
        # httpx writes a POST's headers and body separately, and without it the body would
        # wait for the server's delayed ACK (40 ms on Linux), which no browser pays.
        transport=httpx.HTTPTransport(
            limits=httpx.Limits(max_connections=1, max_keepalive_connections=1),
            socket_options=[(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)],
        ),
    )


def run(
    make_step: Callable[[int, httpx.Client], Step],
    *,
    base_url: str,
    clients: int,
    requests: int,
    warmup: int,
    time_limit: float,
    cookies: httpx.Cookies | None = None,
    headers: dict | None = None,
) -> Timings:
    """`requests` timed requests in all, shared by `clients` clients, after `warmup` each."""
    per_client = max(1, requests // clients)
    timings = Timings()
    lock = threading.Lock()
    errors: list[BaseException] = []
    clock = {"started": 0.0, "deadline": 0.0}

    def go() -> None:  # runs once, when every client is warm, before any is let go
        clock["started"] = time.perf_counter()
        clock["deadline"] = time.monotonic() + time_limit

    start_line = threading.Barrier(clients + 1, action=go)

    def client(index: int) -> None:
        with http_client(base_url, cookies, headers or {}) as http:
            try:
                step = make_step(index, http)
                for _ in range(warmup):
                    _send(http, step)
            except BaseException as error:
                errors.append(error)
                start_line.abort()
                return
            start_line.wait()
            mine, failures = [], 0
            for _ in range(per_client):
                if time.monotonic() > clock["deadline"]:
                    break
                try:
                    latency, ok = _send(http, step)
                except httpx.HTTPError:  # a timeout or a dropped connection: a failure
                    failures += 1
                    continue
                mine.append(latency)
                failures += not ok
            with lock:
                timings.latencies.extend(mine)
                timings.failures += failures

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(clients)]
    for thread in threads:
        thread.start()
    try:
        start_line.wait()
    except threading.BrokenBarrierError:
        for thread in threads:
            thread.join()
        raise RuntimeError(f"A client could not start: {errors[0]!r}") from errors[0]
    for thread in threads:
        thread.join(time_limit + 60)
    timings.elapsed = time.perf_counter() - clock["started"]
    return timings


def _send(http: httpx.Client, step: Step) -> tuple[float, bool]:
    method, path, options = step.request()
    started = time.perf_counter()
    response = http.request(method, path, **options)
    response.read()
    latency = time.perf_counter() - started
    return latency, step.check(response)
