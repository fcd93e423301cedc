"""Faults for the sandbox's list endpoints (people, roles, models, …), apart from the create
faults in `sandbox.faults` so a directory sync never uses up a fault meant for a submission.

`after` lets that many list requests through first, so a fault can land mid-sync (on the
third page of people, say). `drop` hangs up without answering, as a proxy that dies
mid-page would.
"""

import threading
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

ListMode = Literal["rate_limit", "error", "drop"]


class ListFault(BaseModel):
    """One entry of `POST /_directory/faults`, e.g. `{"mode": "error", "after": 2}`."""

    model_config = ConfigDict(extra="forbid")

    mode: ListMode
    count: int = Field(1, ge=1, description="How many list requests it affects.")
    after: int = Field(0, ge=0, description="List requests to let through before it applies.")
    path_contains: str = Field("", description="Only list requests whose path contains this.")
    retry_after: int = Field(1, ge=0, le=3600, description="rate_limit: seconds to wait.")


class ListFaultQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[ListFault] = []

    def add(self, faults: list[ListFault]) -> None:
        with self._lock:
            self._faults.extend(faults)

    def take(self, path: str) -> ListFault | None:
        """The first fault that applies to this request, counting it down; None lets it pass."""
        with self._lock:
            for index, fault in enumerate(self._faults):
                if fault.path_contains not in path:
                    continue
                if fault.after:
                    self._faults[index] = fault.model_copy(update={"after": fault.after - 1})
                    return None
                if fault.count == 1:
                    del self._faults[index]
                else:
                    self._faults[index] = fault.model_copy(update={"count": fault.count - 1})
                return fault
        return None

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [fault.model_dump() for fault in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


LIST_FAULTS = ListFaultQueue()
