"""The last requests the API endpoints answered, for tests and debugging (`GET /_requests`).

It shows what no stored assistant can: the attempts that were refused or faulted, and the
Idempotency-Key each one carried.
"""

import threading
from collections import deque
from dataclasses import asdict, dataclass
from typing import Any

KEEP = 1000


@dataclass(frozen=True)
class Entry:
    at: float  # unix time, with fractions
    method: str
    path: str
    status: int | None  # None when the connection was dropped without an answer
    ms: int
    idempotency_key: str | None
    fault: str | None


class Journal:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._entries: deque[Entry] = deque(maxlen=KEEP)

    def record(self, entry: Entry) -> None:
        with self._lock:
            self._entries.append(entry)

    def entries(self) -> list[dict[str, Any]]:
        with self._lock:
            return [asdict(entry) for entry in self._entries]

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


JOURNAL = Journal()
