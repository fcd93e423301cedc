"""OpenAI-shaped servers' lists, as the `openai` SDK requests them: `GET /v1/models`
(`data[].id`, `owned_by`), `GET /v1/vector_stores` and `GET /v1/assistants` (cursor pages:
`limit`, `after`, `has_more`) on the Assistants v2 shape. A v1-compatible server is asked for
its models only; no capability list comes with them, so nothing is said about reasoning.
"""

from collections.abc import Iterator
from typing import Any

import httpx

from directory.platform import Item, Reader, Target, text
from directory.platform.fetch import request_json


def _cursor_pages(
    client: httpx.Client, target: Target, path: str
) -> Iterator[list[dict[str, Any]]]:
    params: dict[str, Any] = {"limit": target.page_size, "order": "asc"}
    while True:
        body = request_json(client, target, "GET", path, params=params)
        body = body if isinstance(body, dict) else {}
        data = body.get("data") if isinstance(body.get("data"), list) else []
        items = [item for item in data if isinstance(item, dict) and item.get("id")]
        yield items
        if not items or not body.get("has_more"):
            return
        params["after"] = items[-1]["id"]


def models(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    body = request_json(client, target, "GET", "/v1/models")
    data = body.get("data") if isinstance(body, dict) else None
    yield [
        Item(
            ident=text(m["id"]),
            name=text(m["id"]),
            detail=text(m.get("owned_by")),
            extra={"capabilities": None},
        )
        for m in data or []
        if isinstance(m, dict) and m.get("id")
    ]


def vector_stores(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    for page in _cursor_pages(client, target, "/v1/vector_stores"):
        yield [Item(ident=text(s["id"]), name=text(s.get("name") or s["id"])) for s in page]


def assistants(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    for page in _cursor_pages(client, target, "/v1/assistants"):
        yield [Item(ident=text(a["id"]), name=text(a.get("name") or a["id"])) for a in page]


def readers(dialect: str) -> dict[str, Reader]:
    if dialect == "openai":
        return {"models": models, "vector_stores": vector_stores, "assistants": assistants}
    return {"models": models}
