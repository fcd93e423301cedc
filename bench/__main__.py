"""`python -m bench [--quick] [--output PATH]`: seed, serve, measure, report.

The environment is set before Django is imported (see bench.environment), then every step
runs in order; child processes are stopped whatever happens.
"""

import argparse
import signal
import sys
import tempfile
import time
from pathlib import Path

from bench import environment
from bench.sizes import FULL, QUICK


def _arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument(
        "--quick", action="store_true", help="a tiny run that proves the harness works"
    )
    parser.add_argument(
        "--output",
        type=Path,
        help="where to write the report (default: bench/results.md; with --quick, "
        "results-quick.md under DATA_DIR)",
    )
    parser.add_argument(
        "--only",
        help="comma-separated parts to run: pages, pipeline, directory (default: all)",
        default="pages,pipeline,directory",
    )
    return parser.parse_args(argv)


def _unwind_on_sigterm() -> None:
    """`kill`, a CI job's or a test's timeout send SIGTERM: unwind (finally blocks run), so
    gunicorn, the worker and the sandbox, each in its own session, are stopped too."""
    for signum in (signal.SIGTERM, signal.SIGHUP):
        signal.signal(signum, lambda received, frame: sys.exit(128 + received))


def main(argv: list[str] | None = None) -> int:
    args = _arguments(argv)
    _unwind_on_sigterm()
    size = QUICK if args.quick else FULL
    with tempfile.TemporaryDirectory(prefix="bench-") as scratch:
        environment.prepare(quick=args.quick, static_root=Path(scratch) / "static")
        import django

        django.setup()
        from bench.run import run_all

        output = args.output or (
            environment.data_dir(args.quick) / "results-quick.md"
            if args.quick
            else environment.REPO / "bench" / "results.md"
        )
        # The children's output is kept (under DATA_DIR) to look into after a failed run.
        log_dir = environment.data_dir(args.quick) / "logs"
        log_dir.mkdir(parents=True, exist_ok=True)
        report, complete = run_all(
            size=size,
            quick=args.quick,
            parts=set(args.only.split(",")),
            log_dir=log_dir,
            output=output,
        )
        print(report)
        print(f"Written to {output}")
    return 0 if complete else 1


if __name__ == "__main__":
    started = time.monotonic()
    status = main()
    print(f"Benchmark took {time.monotonic() - started:.0f} s.", file=sys.stderr)
    sys.exit(status)
