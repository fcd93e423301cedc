"""`make run`: prepare the database, then serve web, worker and sandbox until Ctrl-C."""

import contextlib
import os
import signal
import subprocess
import sys
import time

from django.conf import settings
from django.core.management import call_command, get_commands
from django.core.management.base import BaseCommand
from django.db import connection

from config.embedded_postgres import database_url_for


def _interrupt(signum, frame) -> None:
    raise KeyboardInterrupt


class Command(BaseCommand):
    help = (
        "Run the dashboard, a Celery worker and the sandbox upstream together (Ctrl-C stops all)."
    )

    def add_arguments(self, parser) -> None:
        parser.add_argument("--addr", default="127.0.0.1:8000")

    def handle(self, *args, addr: str, **options) -> None:
        call_command("migrate", interactive=False, verbosity=0)
        self.stdout.write("Database is up to date.")
        call_command(
            "create_organization",
            settings.DEMO_ORGANIZATION_NAME,
            upstream_id=settings.DEMO_ORGANIZATION_UPSTREAM_ID,
            admin=settings.DEMO_ADMIN_USERNAME,
            password=settings.DEMO_ADMIN_PASSWORD,
            stdout=open(os.devnull, "w"),  # noqa: SIM115 - the login is printed below instead
        )
        if "demo_setup" in get_commands():
            call_command("demo_setup")
        processes = self._start(addr)
        if "sandbox" in processes:
            # Fill the demo organisation's directory from the sandbox as soon as it listens.
            from directory.demo import demo_directory_prepare

            self.stdout.write(demo_directory_prepare())
        self._print_banner(addr)
        self._supervise(processes)

    def _child_env(self) -> dict[str, str]:
        # Children use the same database directly, without joining the embedded server's
        # handle list: this process owns its lifetime.
        env = dict(os.environ, PYTHONUNBUFFERED="1")
        env["DATABASE_URL"] = settings.DATABASE_URL or database_url_for(connection.settings_dict)
        return env

    def _start(self, addr: str) -> dict[str, subprocess.Popen]:
        python = sys.executable
        commands = {
            "web": [python, "manage.py", "runserver", addr],
            "worker": [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "worker",
                "-l",
                "info",
                "--concurrency",
                "2",
                "-n",
                "worker@%h",
            ],
        }
        if settings.CELERY_BEAT_SCHEDULE:
            commands["beat"] = [
                python,
                "-m",
                "celery",
                "-A",
                "config",
                "beat",
                "-l",
                "info",
                "-s",
                settings.CELERY_BEAT_SCHEDULE_FILENAME,
            ]
        if "sandbox" in get_commands():
            commands["sandbox"] = [
                python,
                "manage.py",
                "sandbox",
                "--port",
                str(settings.SANDBOX_PORT),
            ]
        if "mcp_demo" in get_commands():
            # The demo MCP server the MCP section can discover (sandbox/mcp_demo.py).
            commands["mcp-demo"] = [
                python,
                "manage.py",
                "mcp_demo",
                "--port",
                str(settings.MCP_DEMO_PORT),
            ]
        env = self._child_env()
        # Each child gets its own process group so that stopping it also stops what it
        # spawned (runserver's reloader, the worker's pool).
        return {
            name: subprocess.Popen(command, env=env, start_new_session=True)
            for name, command in commands.items()
        }

    def _print_banner(self, addr: str) -> None:
        line = "-" * 64
        self.stdout.write(self.style.SUCCESS(line))
        self.stdout.write(self.style.SUCCESS(f"  Assistant Builder is starting on http://{addr}/"))
        self.stdout.write(f"  Sign in as:  {settings.DEMO_ADMIN_USERNAME}")
        self.stdout.write(f"  Password:    {settings.DEMO_ADMIN_PASSWORD}")
        self.stdout.write(
            f"  Organisation: {settings.DEMO_ORGANIZATION_NAME} "
            f"({settings.DEMO_ORGANIZATION_UPSTREAM_ID})"
        )
        if "sandbox" in get_commands():
            self.stdout.write(
                f"  Sandbox upstream: {settings.SANDBOX_URL} "
                f"(API keys: {settings.SANDBOX_API_KEYS})"
            )
        if "mcp_demo" in get_commands():
            token = "a token (MCP_DEMO_TOKEN)" if settings.MCP_DEMO_TOKEN else "no token"
            self.stdout.write(f"  Demo MCP server: {settings.MCP_DEMO_URL} ({token})")
        self.stdout.write("  Press Ctrl-C to stop everything.")
        self.stdout.write(self.style.SUCCESS(line))

    def _supervise(self, processes: dict[str, subprocess.Popen]) -> None:
        # Installed explicitly: a shell may start us with SIGINT ignored (background jobs).
        for signum in (signal.SIGINT, signal.SIGTERM, signal.SIGHUP):
            signal.signal(signum, _interrupt)
        try:
            while True:
                for name, process in processes.items():
                    if process.poll() is not None:
                        self.stderr.write(
                            f"{name} stopped (exit {process.returncode}); stopping the rest."
                        )
                        raise KeyboardInterrupt
                time.sleep(0.5)
        except KeyboardInterrupt:
            self.stdout.write("\nStopping…")
        finally:
            self._stop(processes)

    @staticmethod
    def _stop(processes: dict[str, subprocess.Popen]) -> None:
        # The leader first, so Celery can shut its pool down cleanly; then whatever is left
        # in each group (runserver's reloader child).
        for process in processes.values():
            if process.poll() is None:
                process.terminate()
        deadline = time.monotonic() + 10
        for process in processes.values():
            try:
                process.wait(timeout=max(0.1, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait()
        for process in processes.values():
            with contextlib.suppress(ProcessLookupError, PermissionError):
                os.killpg(process.pid, signal.SIGTERM)
