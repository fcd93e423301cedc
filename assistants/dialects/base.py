"""What every dialect produces: the request to send, and what it could not express."""

from dataclasses import dataclass, field
from typing import Any

from assistants.contract.errors import FieldError

JSON_CONTENT = {"Content-Type": "application/json"}


@dataclass(frozen=True)
class Unsupported:
    path: str  # the configuration path that was not sent, e.g. system_message
    reason: str


@dataclass
class UpstreamRequest:
    method: str
    path: str  # relative to the connection's base URL
    headers: dict[str, str]
    body: dict[str, Any]
    unsupported: list[Unsupported] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class ParsedAssistant:
    """An assistant as an upstream returned it, read back into the stored configuration shape.

    `unsupported` names what the upstream holds that the configuration cannot (read-only keys
    such as `id` are not listed: they are not settings); `notes` say what was translated.
    """

    config: dict[str, Any]
    unsupported: list[Unsupported] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
