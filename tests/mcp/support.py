"""The demo MCP server as a real child process, and plain HTTP servers that are not MCP."""

import http.server
import os
import socket
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.processes import ChildProcess, free_port, port_open

DEMO_TOKEN = "demo-token-for-tests-5150"
DEMO_TOOLS = {
    "search_policies",
    "get_employee_handbook_section",
    "list_tickets",
    "create_ticket",
    "delete_ticket",
}


def start_demo(log_dir: Path, *, token: str = DEMO_TOKEN) -> tuple[ChildProcess, str]:
    """`manage.py mcp_demo` on a free port; returns it and its base URL once it listens.
    It touches no database, so it needs none of the test database's guards."""
    port = free_port()
    env = dict(os.environ, PYTHONUNBUFFERED="1", DJANGO_SETTINGS_MODULE="config.settings")
    command = [sys.executable, "manage.py", "mcp_demo", "--port", str(port), "--token", token]
    child = ChildProcess(f"mcp-demo-{port}", command, env, log_dir)
    child.wait_ready(lambda: port_open(port))
    return child, f"http://127.0.0.1:{port}"


class _Handler(http.server.BaseHTTPRequestHandler):
    answers: dict = {}
    hits: list

    def _answer(self) -> None:
        self.hits.append((self.command, self.path))
        status, headers, body = self.answers.get(self.path, self.answers.get("*"))
        self.send_response(status)
        for name, value in headers.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    do_GET = do_POST = do_DELETE = _answer

    def log_message(self, *args) -> None:
        pass


@contextmanager
def plain_server(answers: dict) -> Iterator[tuple[str, list]]:
    """An HTTP server answering `{path or "*": (status, headers, body)}`; yields its base URL
    and the list of (method, path) it was asked for."""
    hits: list = []
    handler = type("Handler", (_Handler,), {"answers": answers, "hits": hits})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}", hits
    finally:
        server.shutdown()
        server.server_close()


@contextmanager
def silent_server() -> Iterator[str]:
    """Accepts connections and never says a word (for timeouts)."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(16)
    held: list[socket.socket] = []
    stop = threading.Event()

    def accept() -> None:
        listener.settimeout(0.2)
        while not stop.is_set():
            try:
                held.append(listener.accept()[0])
            except OSError:
                continue

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}"
    finally:
        stop.set()
        thread.join()
        for sock in held:
            sock.close()
        listener.close()
