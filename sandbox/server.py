"""The sandbox's own HTTP server: threaded, outside the dashboard, able to hang up on purpose.

Django's ThreadedWSGIServer (what runserver uses) serves a WSGIHandler subclass that has no
middleware at all and the sandbox's own URLconf: the dashboard's sign-in, CSRF and session
middleware must not apply to a fake upstream, and its URLs must not leak in. To drop a
connection, a view flags the request; the server then runs the response's clean-up but
writes nothing and closes the socket, so the client sees the connection end with no answer.
"""

import sys
import time
from typing import Any

from django.core.handlers.exception import convert_exception_to_response
from django.core.handlers.wsgi import WSGIHandler
from django.core.servers.basehttp import ServerHandler, ThreadedWSGIServer, WSGIRequestHandler
from django.http import HttpRequest, HttpResponseBase

from sandbox.journal import JOURNAL, Entry

URLCONF = "sandbox.urls"
CONNECTION_KEY = "sandbox.connection"
FAULT_KEY = "sandbox.fault"


class Connection:
    """Per-request switch a view flips to have the connection dropped instead of answered."""

    def __init__(self) -> None:
        self.drop = False


def request_drop(request: HttpRequest) -> None:
    request.META[CONNECTION_KEY].drop = True


def note_fault(request: HttpRequest, mode: str) -> None:
    request.META[FAULT_KEY] = mode


def _dropping(environ: dict[str, Any]) -> bool:
    connection = environ.get(CONNECTION_KEY)
    return connection is not None and connection.drop


class SandboxApplication(WSGIHandler):
    """Django's WSGI handler without middleware, routing through sandbox.urls."""

    def load_middleware(self, is_async: bool = False) -> None:
        # Equivalent to BaseHandler.load_middleware() with MIDDLEWARE = [].
        self._view_middleware = []
        self._template_response_middleware = []
        self._exception_middleware = []
        self._middleware_chain = convert_exception_to_response(self._get_response)

    def resolve_request(self, request: HttpRequest) -> Any:
        request.urlconf = URLCONF
        return super().resolve_request(request)

    def get_response(self, request: HttpRequest) -> HttpResponseBase:
        started = time.monotonic()
        response = super().get_response(request)
        # Without CommonMiddleware nothing sets Content-Length, and the server would then
        # close every connection; upstreams keep them alive, so clients pool them.
        if not response.streaming and not response.has_header("Content-Length"):
            response["Content-Length"] = str(len(response.content))
        _log(request, response, int((time.monotonic() - started) * 1000))
        return response


def _log(request: HttpRequest, response: HttpResponseBase, ms: int) -> None:
    dropped = _dropping(request.META)
    fault = request.META.get(FAULT_KEY)
    shown = "dropped" if dropped else str(response.status_code)
    extra = f" fault={fault}" if fault else ""
    sys.stdout.write(f"{request.method} {request.get_full_path()} {shown} {ms}ms{extra}\n")
    sys.stdout.flush()
    if not request.path.startswith("/_"):
        JOURNAL.record(
            Entry(
                at=time.time(),
                method=request.method or "",
                path=request.get_full_path(),
                status=None if dropped else response.status_code,
                ms=ms,
                idempotency_key=request.headers.get("Idempotency-Key"),
                fault=fault,
            )
        )


class SandboxServerHandler(ServerHandler):
    def finish_response(self) -> None:
        if _dropping(self.environ):
            # Close the response (database connections, request_finished) but send nothing;
            # the request handler then shuts the socket.
            self.close()
            self.request_handler.close_connection = True
            return
        super().finish_response()


class SandboxRequestHandler(WSGIRequestHandler):
    # The head and body of a response go out in separate writes; with Nagle's algorithm on,
    # the body of a reply on a kept-alive connection waited ~40 ms for the client's ACK.
    disable_nagle_algorithm = True

    def get_environ(self) -> dict[str, Any]:
        environ = super().get_environ()
        environ[CONNECTION_KEY] = Connection()
        return environ

    def handle_one_request(self) -> None:
        # Django's WSGIRequestHandler.handle_one_request(), with our ServerHandler.
        self.raw_requestline = self.rfile.readline(65537)
        if len(self.raw_requestline) > 65536:
            self.requestline = ""
            self.request_version = ""
            self.command = ""
            self.send_error(414)
            return
        if not self.parse_request():
            return
        handler = SandboxServerHandler(
            self.rfile, self.wfile, self.get_stderr(), self.get_environ()
        )
        handler.request_handler = self
        handler.run(self.server.get_app())

    def log_request(self, code: int | str = "-", size: int | str = "-") -> None:
        pass  # SandboxApplication logs one line per request, with its duration


class SandboxServer(ThreadedWSGIServer):
    request_queue_size = 64  # tests fire bursts of concurrent creates


def make_server(host: str, port: int) -> SandboxServer:
    server = SandboxServer((host, port), SandboxRequestHandler, ipv6=":" in host)
    server.set_app(SandboxApplication())
    return server
