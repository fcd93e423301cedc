import subprocess
import sys

from tests.processes import REPO


def settings_in_child(code: str, **env: str) -> subprocess.CompletedProcess:
    import os

    child_env = {k: v for k, v in os.environ.items() if k not in {"DEBUG", "SECRET_KEY"}}
    child_env.update(env, DJANGO_SETTINGS_MODULE="config.settings")
    script = "import django; django.setup(); from django.conf import settings; " + code
    return subprocess.run(
        [sys.executable, "-c", script],
        cwd=REPO,
        env=child_env,
        capture_output=True,
        text=True,
        timeout=60,
    )


def test_production_mode_refuses_to_start_without_a_secret_key():
    result = settings_in_child("print('started')", DEBUG="0")
    assert result.returncode != 0
    assert "Set SECRET_KEY when DEBUG is off" in result.stderr


def test_production_mode_turns_on_secure_cookies_and_hsts():
    result = settings_in_child(
        "print(settings.SESSION_COOKIE_SECURE, settings.CSRF_COOKIE_SECURE, "
        "settings.SECURE_HSTS_SECONDS > 0, settings.ALLOWED_HOSTS)",
        DEBUG="0",
        SECRET_KEY="x" * 50,
        ALLOWED_HOSTS="assistants.example.com",
    )
    assert result.stdout.split() == ["True", "True", "True", "['assistants.example.com']"]


def test_a_database_url_that_is_not_postgresql_is_refused():
    result = settings_in_child("print('started')", DATABASE_URL="sqlite:///db.sqlite3")
    assert result.returncode != 0
    assert "must point at PostgreSQL" in result.stderr
