"""`python manage.py sandbox`: serve the sandbox upstream until stopped."""

import logging
import signal

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from sandbox.keys import parse_api_keys
from sandbox.models import SandboxAssistant
from sandbox.server import make_server


def _stop(signum, frame) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = "Serve the sandbox upstream (Aitronos and OpenAI assistant APIs) on its own port."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--port", type=int, default=settings.SANDBOX_PORT)
        parser.add_argument(
            "--host",
            default="127.0.0.1",
            help="Interface to bind; the control endpoints have no authentication.",
        )

    def handle(self, *args, port: int, host: str, **options) -> None:
        try:
            keys = parse_api_keys(settings.SANDBOX_API_KEYS)
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        if SandboxAssistant._meta.db_table not in connection.introspection.table_names():
            raise CommandError("The sandbox tables are missing: run `python manage.py migrate`.")
        connection.close()  # request threads open their own
        # Each request is logged as one line by the server; Django's own 4xx/5xx warnings
        # would repeat it (crashes are still logged, with their traceback, by the views).
        logging.getLogger("django.request").setLevel(logging.CRITICAL)
        server = make_server(host, port)
        listed = ", ".join(f"{key} → {', '.join(orgs)}" for key, orgs in keys.items())
        self.stdout.write(f"Sandbox upstream on http://{host}:{server.server_port}/ ({listed})")
        self.stdout.flush()
        signal.signal(signal.SIGTERM, _stop)
        try:
            server.serve_forever()
        except KeyboardInterrupt:
            self.stdout.write("Sandbox upstream stopped.")
        finally:
            server.server_close()
