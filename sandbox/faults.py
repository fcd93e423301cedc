"""Switchable faults: a queue of misbehaviours that create requests use up one at a time.

Kept in the server process's memory behind a lock: every request thread sees the same
queue, and a restarted sandbox starts well-behaved.
"""

import threading
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Mode = Literal["rate_limit", "error", "delay", "drop_after_create"]


class Fault(BaseModel):
    """One entry of `POST /_faults`, e.g. `{"mode": "rate_limit", "count": 2, "retry_after": 1}`."""

    model_config = ConfigDict(extra="forbid")

    mode: Mode
    count: int = Field(1, ge=1, description="How many create requests it affects.")
    dialect: Literal["aitronos", "openai", "openai_v1"] | None = Field(
        None, description="Only create requests under this prefix; all when left out."
    )
    retry_after: int = Field(1, ge=0, le=3600, description="rate_limit: seconds to wait.")
    seconds: float = Field(1.0, ge=0, le=300, description="delay: how long to stall.")

    def applies_to(self, dialect: str) -> bool:
        return self.dialect is None or self.dialect == dialect


class FaultQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, faults: list[Fault]) -> None:
        with self._lock:
            self._faults.extend(faults)

    def take(self, dialect: str) -> Fault | None:
        """Use up one request's worth of the first fault that applies, in the order added."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.applies_to(dialect):
                    if fault.count == 1:
                        del self._faults[index]
                    else:
                        self._faults[index] = fault.model_copy(update={"count": fault.count - 1})
                    return fault.model_copy(update={"count": 1})
        return None

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [fault.model_dump() for fault in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


FAULTS = FaultQueue()
