"""Reading a platform's lists: one module per upstream shape, each a set of readers.

A reader is a generator of pages (lists of `Item`) for one directory kind; it asks for
bounded pages and never holds more than one, so a sync of 10,000 people runs in the same
memory as a sync of ten. `fetch.request_json` sends each request through the project's one
HTTP client (assistants.upstream) and retries what a retry can fix.
"""

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

import httpx


@dataclass(frozen=True)
class Item:
    """One entry as the platform lists it, in the directory's terms."""

    ident: str
    name: str
    detail: str = ""
    extra: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Target:
    """Where and as whom to ask: a connection's base URL, key and organisation."""

    dialect: str
    base_url: str
    api_key: str
    organization_id: str
    page_size: int = 100

    def url(self, path: str) -> str:
        return f"{self.base_url.rstrip('/')}/{path.lstrip('/')}"


Reader = Callable[[httpx.Client, Target], Iterator[list[Item]]]


def readers_for(dialect: str) -> dict[str, Reader]:
    """The kinds a dialect's platform lists, in the order a sync reads them."""
    from directory.platform import aitronos, openai

    if dialect == "aitronos":
        return aitronos.READERS
    return openai.readers(dialect)


def text(value: Any, limit: int = 200) -> str:
    return str(value or "").strip()[:limit]
