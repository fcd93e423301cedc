"""An embedded PostgreSQL for machines that have none: `pgserver` under `.data/`.

Used only when DATABASE_URL is unset. pgserver keeps a list of the processes holding the
server and stops it when the last one exits, so `make run` (which holds it for its whole
life) leaves nothing running after Ctrl-C, and every `manage.py` call simply joins in.
"""

import logging
import os
from pathlib import Path

DATABASE_NAME = "assistant_builder"


def embedded_database_settings(data_dir: Path) -> dict:
    """Start (or join) the embedded server under `data_dir` and return DATABASES['default']."""
    # pgserver wants a runtime folder for its lock file; headless machines may have none.
    logging.getLogger("pgserver").setLevel(logging.ERROR)
    os.environ.setdefault("XDG_RUNTIME_DIR", str(data_dir.parent / "run"))
    Path(os.environ["XDG_RUNTIME_DIR"]).mkdir(parents=True, exist_ok=True, mode=0o700)

    import pgserver  # imported late: only machines without DATABASE_URL need it

    data_dir.parent.mkdir(parents=True, exist_ok=True)
    server = pgserver.get_server(data_dir, cleanup_mode="stop")
    exists = server.psql(f"SELECT 1 FROM pg_database WHERE datname = '{DATABASE_NAME}';")
    if "(1 row)" not in exists:
        server.psql(f'CREATE DATABASE "{DATABASE_NAME}";')
    socket_dir = server.get_postmaster_info().socket_dir
    return {
        "ENGINE": "django.db.backends.postgresql",
        "NAME": DATABASE_NAME,
        "USER": "postgres",
        "HOST": str(socket_dir),
        "PORT": "",
    }


def database_url_for(settings_dict: dict, name: str | None = None) -> str:
    """A DATABASE_URL that points a child process (worker, sandbox) at the same database."""
    from urllib.parse import quote

    host = settings_dict.get("HOST") or ""
    user = quote(settings_dict.get("USER") or "postgres")
    password = settings_dict.get("PASSWORD") or ""
    credentials = f"{user}:{quote(password)}" if password else user
    port = f":{settings_dict['PORT']}" if settings_dict.get("PORT") else ""
    database = name or settings_dict["NAME"]
    return f"postgres://{credentials}@{quote(host, safe='')}{port}/{database}"
