"""`python manage.py mcp_demo`: serve the demo MCP server (streamable HTTP and SSE)."""

import uvicorn
from django.conf import settings
from django.core.management.base import BaseCommand

from sandbox.mcp_demo import SSE_PATH, STREAMABLE_PATH, build_app


class Command(BaseCommand):
    help = "Serve the demo MCP server: a few read-only and destructive tools, optional token."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=settings.MCP_DEMO_PORT)
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument(
            "--token",
            default=settings.MCP_DEMO_TOKEN,
            help="Bearer token every request must carry (default: MCP_DEMO_TOKEN; empty: none).",
        )

    def handle(self, *args, port: int, host: str, token: str, **options) -> None:
        base = f"http://{host}:{port}"
        auth = "a bearer token" if token else "no token"
        self.stdout.write(
            f"Demo MCP server on {base}{STREAMABLE_PATH} (streamable HTTP) and "
            f"{base}{SSE_PATH} (SSE), wanting {auth}"
        )
        self.stdout.flush()
        # uvicorn handles SIGTERM and SIGINT itself and stops cleanly.
        uvicorn.run(build_app(token=token, host=host), host=host, port=port, log_level="warning")
