"""Peak memory of a process tree (gunicorn's master and workers; the Celery worker and pool),
sampled in a thread while the benchmark runs."""

import threading

import psutil

from bench.processes import Child

INTERVAL = 0.1  # seconds between samples


class PeakMemory:
    """Highest sum of resident memory (RSS) of a child and its descendants while running.

    RSS counts pages forked processes still share once per process, so for gunicorn the sum
    overstates what the machine spends; it is the number `ps` and most dashboards show.
    """

    def __init__(self, child: Child) -> None:
        self.child = child
        self.peak = 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._sample, daemon=True)

    def __enter__(self) -> "PeakMemory":
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    def _sample(self) -> None:
        while not self._stop.is_set():
            total = 0
            for pid in self.child.pids():
                try:
                    total += psutil.Process(pid).memory_info().rss
                except psutil.NoSuchProcess:
                    continue
            self.peak = max(self.peak, total)
            self._stop.wait(INTERVAL)
