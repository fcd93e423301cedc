"""Switchable faults: what the pipeline must survive, made to happen on demand.

Two kinds, both added with `POST /_faults` and kept in the server process's memory behind a
lock (every request thread sees them; a restarted sandbox starts well-behaved):

- **Queued** faults (rate_limit, error, delay, slow_create, drop_after_create, namesake) are
  used up one request at a time, in the order added. Each write request (a create, or an
  update when the fault says `on: ["update"]`) takes at most one *answer* fault and at most
  one *namesake* fault: the first of each that applies.
- **Standing** faults (ms_timestamps, clock_offset, drop_fields, validation_422) change how
  the upstream behaves on every request they apply to until cleared (`DELETE /_faults`).

Any fault can be narrowed to a prefix (`dialect`), an organisation (`organization_id`) or an
API key (`api_key`); see `Scope` for which organisation a request acts for.
"""

import threading
from dataclasses import dataclass, field
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

Mode = Literal[
    "rate_limit",
    "error",
    "delay",
    "slow_create",
    "drop_after_create",
    "namesake",
    "ms_timestamps",
    "clock_offset",
    "drop_fields",
    "validation_422",
]
Operation = Literal["create", "update"]

ANSWER_MODES = {"rate_limit", "error", "delay", "slow_create", "drop_after_create"}
STANDING_MODES = {"ms_timestamps", "clock_offset", "drop_fields", "validation_422"}
DAY = 86_400


@dataclass(frozen=True)
class Scope:
    """What a request is: which prefix, which verb, which key, for which organisation(s).

    `organization_ids` is the organisation the request acts for as far as the sandbox can
    tell before checking anything: the body's or query's `organization_id` (Aitronos), the
    stored assistant's (a request on `/{id}`), else every organisation of the key.
    """

    dialect: str
    operation: str  # create, update, list, retrieve, delete
    api_key: str | None = None
    organization_ids: tuple[str, ...] = ()
    name: str | None = None  # the name a create or update asks for


class Fault(BaseModel):
    """One entry of `POST /_faults`, e.g. `{"mode": "rate_limit", "count": 2, "retry_after": 1}`."""

    model_config = ConfigDict(extra="forbid")

    mode: Mode
    count: int | None = Field(
        None,
        ge=1,
        description="Queued faults: how many requests they affect (default 1). Standing "
        "faults take no count: they last until cleared.",
    )
    dialect: Literal["aitronos", "openai", "openai_v1"] | None = Field(
        None, description="Only requests under this prefix; all when left out."
    )
    organization_id: str | None = Field(
        None, description="Only requests acting for this organisation."
    )
    api_key: str | None = Field(None, description="Only requests made with this API key.")
    on: list[Operation] = Field(
        default_factory=lambda: ["create"],
        min_length=1,
        description="Queued faults: which write requests they affect.",
    )
    retry_after: int = Field(1, ge=0, le=3600, description="rate_limit: seconds to wait.")
    seconds: float = Field(
        1.0,
        ge=-DAY,
        le=DAY,
        description="delay, slow_create: how long to stall (0-300); clock_offset: how far "
        "the upstream's clock is from the real time (negative: behind).",
    )
    fields: list[str] = Field(
        default_factory=list, description="drop_fields: body fields the server ignores."
    )
    name: str | None = Field(
        None, description="namesake: only writes asking for this name (any when left out)."
    )
    when: Literal["before", "after"] = Field(
        "before",
        description="namesake: made before the request is handled, or right after it.",
    )

    @model_validator(mode="after")
    def _fits_its_mode(self) -> Self:
        standing = self.mode in STANDING_MODES
        if standing and self.count is not None:
            raise ValueError(f"{self.mode} is a standing fault: it takes no count.")
        if self.mode in ("delay", "slow_create") and not 0 <= self.seconds <= 300:
            raise ValueError(f"{self.mode}: seconds must be from 0 to 300.")
        if self.mode == "drop_fields" and not self.fields:
            raise ValueError("drop_fields: list the fields to drop in `fields`.")
        if self.count is None and not standing:
            self.count = 1
        return self

    @property
    def standing(self) -> bool:
        return self.mode in STANDING_MODES

    @property
    def kind(self) -> str:
        return "standing" if self.standing else "namesake" if self.mode == "namesake" else "answer"

    def applies_to(self, scope: Scope) -> bool:
        if self.dialect is not None and self.dialect != scope.dialect:
            return False
        if self.api_key is not None and self.api_key != scope.api_key:
            return False
        if self.organization_id is not None and self.organization_id not in scope.organization_ids:
            return False
        if self.standing:
            return True
        if scope.operation not in self.on:
            return False
        return self.mode != "namesake" or self.name is None or self.name == scope.name


@dataclass(frozen=True)
class Quirks:
    """The standing faults that apply to one request, folded into what they change."""

    milliseconds: bool = False
    clock_offset: float = 0.0
    dropped: frozenset[str] = field(default_factory=frozenset)
    fastapi_errors: bool = False  # validation_422 (Aitronos)
    modes: tuple[str, ...] = ()


NO_QUIRKS = Quirks()


class FaultQueue:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._faults: list[Fault] = []

    def add(self, faults: list[Fault]) -> None:
        with self._lock:
            self._faults.extend(faults)

    def take(self, scope: Scope) -> list[Fault]:
        """Use up one request's worth of the first answer fault and the first namesake."""
        taken: list[Fault] = []
        with self._lock:
            for kind in ("answer", "namesake"):
                for index, fault in enumerate(self._faults):
                    if fault.kind == kind and fault.applies_to(scope):
                        assert fault.count is not None
                        if fault.count == 1:
                            del self._faults[index]
                        else:
                            self._faults[index] = fault.model_copy(
                                update={"count": fault.count - 1}
                            )
                        taken.append(fault.model_copy(update={"count": 1}))
                        break
        return taken

    def quirks(self, scope: Scope) -> Quirks:
        """Every standing fault that applies to the request, combined."""
        with self._lock:
            standing = [f for f in self._faults if f.standing and f.applies_to(scope)]
        if not standing:
            return NO_QUIRKS
        return Quirks(
            milliseconds=any(f.mode == "ms_timestamps" for f in standing),
            clock_offset=sum(f.seconds for f in standing if f.mode == "clock_offset"),
            dropped=frozenset(name for f in standing for name in f.fields),
            fastapi_errors=any(f.mode == "validation_422" for f in standing),
            modes=tuple(dict.fromkeys(f.mode for f in standing)),
        )

    def snapshot(self) -> list[dict]:
        with self._lock:
            return [fault.model_dump() for fault in self._faults]

    def clear(self) -> None:
        with self._lock:
            self._faults.clear()


FAULTS = FaultQueue()
