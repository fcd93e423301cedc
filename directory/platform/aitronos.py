"""The Aitronos platform's lists, as `aitronos-sdk` 5.0.0 requests and parses them.

Paths, methods and paging are the SDK's (`aitronos/<area>/raw_client.py`); the answers'
fields its pydantic types (`aitronos/types/*.py`). Which field is the id a draft stores:
people `user_id` (MemberResponse.id is the membership, not the person), models `key` (what
`default_model_key` takes), everything else `id`. The platform lists no departments.
Each reader is tolerant: a missing list is an empty page, an item without an id is skipped.
"""

from collections.abc import Iterator
from typing import Any

import httpx

from directory.platform import Item, Reader, Target, text
from directory.platform.fetch import request_json


def _items(body: Any, key: str) -> list[dict[str, Any]]:
    values = body.get(key) if isinstance(body, dict) else body
    return (
        [item for item in values or [] if isinstance(item, dict)]
        if isinstance(values, list)
        else []
    )


def _offset_pages(
    client: httpx.Client,
    target: Target,
    path: str,
    key: str,
    *,
    start: str,
    size: str,
    total: str | None,
    method: str = "GET",
    params: dict[str, Any] | None = None,
) -> Iterator[list[dict[str, Any]]]:
    """Pages until one comes back short (or past the total, where the answer gives one)."""
    offset = 0
    while True:
        paging = {start: offset, size: target.page_size}
        if method == "POST":
            body = request_json(client, target, method, path, json={**(params or {}), **paging})
        else:
            body = request_json(client, target, method, path, params={**(params or {}), **paging})
        items = _items(body, key)
        yield items
        offset += len(items)
        known_total = body.get(total) if total and isinstance(body, dict) else None
        if len(items) < target.page_size or not items:
            return
        if isinstance(known_total, int) and offset >= known_total:
            return


def people(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`POST /v1/organizations/{org}/users` (skip/take in the body) → MemberListResponse."""
    path = f"/v1/organizations/{target.organization_id}/users"
    for page in _offset_pages(
        client,
        target,
        path,
        "users",
        start="skip",
        size="take",
        total="total_users_count",
        method="POST",
    ):
        yield [
            Item(
                ident=text(user["user_id"]),
                name=text(user.get("full_name") or user.get("email") or user["user_id"]),
                detail=text(user.get("email")),
                extra={
                    "role": text((user.get("role") or {}).get("name")),
                    "username": text(user.get("username")),
                },
            )
            for user in page
            if user.get("user_id")
        ]


def roles(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/organizations/{org}/roles` → List[RoleResponse], not paged."""
    body = request_json(client, target, "GET", f"/v1/organizations/{target.organization_id}/roles")
    yield [
        Item(
            ident=text(role["id"]),
            name=text(role.get("name") or role["id"]),
            detail=text(role.get("description")),
        )
        for role in _items(body, "roles")
        if role.get("id")
    ]


def models(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/models?include_capabilities=true` → ModelsListResponse, not paged."""
    body = request_json(
        client, target, "GET", "/v1/models", params={"include_capabilities": "true"}
    )
    yield [_model(model) for model in _items(body, "models") if model.get("key")]


def _model(model: dict[str, Any]) -> Item:
    capabilities = model.get("capabilities")
    return Item(
        ident=text(model["key"]),
        name=text(model.get("name") or model["key"]),
        detail=text(model.get("provider")),
        extra={
            "capabilities": [str(c) for c in capabilities]
            if isinstance(capabilities, list)
            else None,
            "deprecated": bool(model.get("is_deprecated")),
        },
    )


def providers(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """The providers of the listed models (the `provider` slug of each model)."""
    body = request_json(client, target, "GET", "/v1/models")
    slugs = sorted({text(m.get("provider")) for m in _items(body, "models") if m.get("provider")})
    yield [Item(ident=slug, name=slug.replace("-", " ").title()) for slug in slugs]


def vector_stores(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/organizations/{org}/vector-stores?skip&take`; no total: until a short page."""
    path = f"/v1/organizations/{target.organization_id}/vector-stores"
    for page in _offset_pages(client, target, path, "data", start="skip", size="take", total=None):
        yield [
            Item(
                ident=text(s["id"]),
                name=text(s.get("name") or s["id"]),
                detail=text(s.get("description")),
                extra={"files": s.get("file_count")},
            )
            for s in page
            if s.get("id")
        ]


def rules(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/organizations/{org}/rules?skip&limit` → RuleListPaginatedResponse."""
    path = f"/v1/organizations/{target.organization_id}/rules"
    for page in _offset_pages(
        client, target, path, "rules", start="skip", size="limit", total="total"
    ):
        yield [
            Item(
                ident=text(r["id"]),
                name=text(r.get("name") or r["id"]),
                detail=text(r.get("category")),
                extra={"preview": text(r.get("content_preview"), 200)},
            )
            for r in page
            if r.get("id")
        ]


def icons(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/icons/organizations/{org}?limit&offset` → IconListResponse."""
    path = f"/v1/icons/organizations/{target.organization_id}"
    for page in _offset_pages(
        client, target, path, "icons", start="offset", size="limit", total="total"
    ):
        yield [
            Item(
                ident=text(i["id"]),
                name=text(i.get("name") or i["id"]),
                detail=text(i.get("category")),
                extra={"url": text(i.get("url"), 500)},
            )
            for i in page
            if i.get("id")
        ]


def avatars(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/avatars` → AvatarListResponse, not paged."""
    body = request_json(client, target, "GET", "/v1/avatars")
    yield [
        Item(
            ident=text(a["id"]),
            name=text(a.get("name") or a["id"]),
            detail=text(a.get("description")),
            extra={"url": text(a.get("image_url"), 500)},
        )
        for a in _items(body, "avatars")
        if a.get("id") and a.get("is_active", True) is not False
    ]


def automations(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/streamline/automations?organization_id=` → StreamlineAutomationListResponse."""
    body = request_json(
        client,
        target,
        "GET",
        "/v1/streamline/automations",
        params={"organization_id": target.organization_id},
    )
    yield [
        Item(
            ident=text(a["id"]),
            name=text(a.get("name") or a["id"]),
            detail=text(a.get("description")),
        )
        for a in _items(body, "automations")
        if a.get("id")
    ]


def assistants(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/assistants?organization_id&limit&offset` → AssistantListResponse
    (`assistants`, `pagination.has_more`). Also reads the OpenAI-style `data`/`has_more`/
    `after` page some servers (and the sandbox) answer with instead."""
    params: dict[str, Any] = {
        "organization_id": target.organization_id,
        "limit": target.page_size,
        "offset": 0,
    }
    while True:
        body = request_json(client, target, "GET", "/v1/assistants", params=params)
        body = body if isinstance(body, dict) else {}
        items = _items(body, "assistants") or _items(body, "data")
        yield [
            Item(
                ident=text(a["id"]),
                name=text(a.get("name") or a["id"]),
                detail=text(a.get("description")),
            )
            for a in items
            if a.get("id")
        ]
        pagination = body.get("pagination") if isinstance(body.get("pagination"), dict) else {}
        more = pagination.get("has_more", body.get("has_more"))
        if not items or not more:
            return
        params["offset"] += len(items)
        if "data" in body:
            params["after"] = items[-1].get("id")


def connectors(client: httpx.Client, target: Target) -> Iterator[list[Item]]:
    """`GET /v1/personal-connectors/available?organization_id&limit&offset` →
    AvailableConnectorsResponse (`connectors`, `total`). Id = `ConnectorInfo.id`, the id the
    connector's tools are listed by and what an MCP server's `connector_id` takes."""
    for page in _offset_pages(
        client,
        target,
        "/v1/personal-connectors/available",
        "connectors",
        start="offset",
        size="limit",
        total="total",
        params={"organization_id": target.organization_id},
    ):
        yield [
            Item(
                ident=text(c["id"]),
                name=text(c.get("display_name") or c.get("tool_key") or c["id"]),
                detail=text(c.get("category")),
                extra={
                    "tool_key": text(c.get("tool_key")),
                    "description": text(c.get("description"), 200),
                },
            )
            for c in page
            if c.get("id")
        ]


READERS: dict[str, Reader] = {
    "users": people,
    "roles": roles,
    "models": models,
    "providers": providers,
    "vector_stores": vector_stores,
    "rules": rules,
    "icons": icons,
    "avatars": avatars,
    "streamline_flows": automations,
    "assistants": assistants,
    "connectors": connectors,
}
