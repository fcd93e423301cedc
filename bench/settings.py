"""Settings for the benchmark: the project's own, plus what only the benchmark needs.

Everything production-like (DEBUG off, SECRET_KEY, ALLOWED_HOSTS, whitenoise's storage) comes
from the environment that `python -m bench` sets before starting anything, so gunicorn, the
worker, the sandbox and the in-process query counter all read the same values.
"""

import os

from config.settings import *  # noqa: F403
from config.settings import INSTALLED_APPS, LOGGING

# Registers a DraftAdmin when the project has none, so admin has a page to compare with.
INSTALLED_APPS = [*INSTALLED_APPS, "bench.apps.BenchConfig"]

# One line per request from Django's loggers would slow the server being measured.
LOGGING = {**LOGGING, "root": {**LOGGING["root"], "level": "WARNING"}}

# Set per run by `python -m bench` (bench.environment): publisher and worker agree on it.
CELERY_TASK_DEFAULT_QUEUE = os.environ.get("BENCH_CELERY_QUEUE", "bench")
