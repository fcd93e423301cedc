"""Import from upstream: list a connection's assistants and adopt them as linked drafts, so
their next change here is an update of the same assistant.

Lists are read as each upstream pages them: Aitronos with `limit`/`offset` and a `search`
filter (the official SDK's `list_assistants`), the OpenAI shapes with `limit`/`after`,
newest first, and no name filter (the search is applied here to the pages read, a bounded
number of them). The page reader is tolerant of both list shapes (`assistants` +
`pagination`, or `data` + `has_more`), as a sandbox or gateway may answer either.
"""

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from assistants import upstream
from assistants.contract import validate_config
from assistants.dialects import build_request, listing, parse_assistant, retrieve_request
from assistants.models import Connection, Draft, DraftStatus
from assistants.services.drafts import DraftInvalid, copy_name, draft_create, name_is_taken
from assistants.upstream import Outcome
from audit.services import audit_record

PAGE_SIZE = 20
# OpenAI shapes have no name filter: a search reads at most this many pages.
SEARCH_MAX_PAGES = 5


class UpstreamUnreadable(Exception):
    """The connection's list (or one assistant) could not be read; the message says why."""


@dataclass(frozen=True)
class UpstreamAssistant:
    id: str
    name: str
    description: str
    model: str
    created_at: datetime | None
    managed_by: int | None  # the draft that already manages it here


@dataclass
class UpstreamPage:
    items: list[UpstreamAssistant]
    next_cursor: str = ""  # give it back as `cursor` for the next page; "" on the last
    searched_here: bool = False  # the upstream cannot search: the pages read were filtered


@dataclass
class ImportOutcome:
    drafts: list[Draft] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)  # sentences: what was not imported, why


def _seconds(value: Any) -> datetime | None:
    seconds = listing.created_at_seconds(value)  # seconds, milliseconds or ISO 8601
    return datetime.fromtimestamp(seconds, UTC) if seconds is not None else None


def _collection(connection: Connection) -> tuple[str, dict[str, str]]:
    shape = build_request(
        connection.dialect,
        {},
        organization_id=connection.organization.upstream_id,
        api_key=connection.api_key,
    )
    url = connection.base_url.rstrip("/") + shape.path
    return url, {k: v for k, v in shape.headers.items() if k.lower() != "content-type"}


def _read_page(connection: Connection, *, search: str, cursor: str) -> tuple[list[dict], str]:
    """One page through the dialects' list reader (dialects/listing.py); the cursor is the
    next offset (Aitronos) or the last id seen (OpenAI shapes)."""
    url, headers = _collection(connection)
    dialect = connection.dialect
    name = search if dialect == "aitronos" else ""
    params = listing.first_params(
        dialect, organization_id=connection.organization.upstream_id, name=name
    )
    params["limit"] = PAGE_SIZE
    if cursor:
        key = "offset" if dialect == "aitronos" and cursor.isdigit() else "after"
        params[key] = int(cursor) if key == "offset" else cursor
    reply = upstream.read(dialect=dialect, url=url, headers=headers, params=params)
    if reply.outcome is Outcome.REJECTED and reply.http_status in (400, 422):
        params = listing.without_filters(params)  # an upstream that refuses `search`
        reply = upstream.read(dialect=dialect, url=url, headers=headers, params=params)
    if reply.outcome is not Outcome.SUCCESS:
        said = reply.message or "no answer"
        raise UpstreamUnreadable(f"Could not read the assistants of {connection.name}: {said}")
    page = listing.read_page(reply.raw, params)
    items = [item for item in page.items if item.get("id")]
    following = page.next_params or {}
    next_cursor = following.get("after") or following.get("offset") or ""
    return items, str(next_cursor)


def upstream_assistants(
    *, connection: Connection, search: str = "", cursor: str = ""
) -> UpstreamPage:
    """One page of the connection's assistants, each marked when a draft here manages it."""
    search = search.strip()
    items, next_cursor = _read_page(connection, search=search, cursor=cursor)
    # Aitronos filters by `search` itself; the OpenAI shapes cannot, so their pages are
    # searched here (and an Aitronos server that refused `search` is filtered here too).
    searched_here = bool(search) and connection.dialect != "aitronos"
    if searched_here:
        found = [i for i in items if search.lower() in str(i.get("name") or "").lower()]
        pages = 1
        while next_cursor and len(found) < PAGE_SIZE and pages < SEARCH_MAX_PAGES:
            more, next_cursor = _read_page(connection, search=search, cursor=next_cursor)
            found += [i for i in more if search.lower() in str(i.get("name") or "").lower()]
            pages += 1
        items = found
    managed = dict(
        Draft.objects.alive()
        .filter(upstream_connection=connection, upstream_assistant_id__in=[i["id"] for i in items])
        .values_list("upstream_assistant_id", "pk")
    )
    return UpstreamPage(
        [
            UpstreamAssistant(
                id=str(item["id"]),
                name=str(item.get("name") or ""),
                description=str(item.get("description") or ""),
                model=str(item.get("default_model_key") or item.get("model") or ""),
                created_at=_seconds(item.get("created_at")),
                managed_by=managed.get(item["id"]),
            )
            for item in items
        ],
        next_cursor,
        searched_here,
    )


def _retrieve(connection: Connection, assistant_id: str) -> dict:
    request = retrieve_request(
        connection.dialect,
        assistant_id,
        organization_id=connection.organization.upstream_id,
        api_key=connection.api_key,
    )
    reply = upstream.read(
        dialect=connection.dialect,
        url=connection.base_url.rstrip("/") + request.path,
        headers=request.headers,
    )
    if reply.outcome is not Outcome.SUCCESS or not isinstance(reply.raw, dict):
        said = reply.message or (f"HTTP {reply.http_status}" if reply.http_status else "no answer")
        raise UpstreamUnreadable(f"{assistant_id}: could not be read ({said}).")
    return reply.raw


def _adopt_one(connection: Connection, user: AbstractBaseUser, obj: dict) -> Draft:
    parsed = parse_assistant(connection.dialect, obj)
    result = validate_config(parsed.config)
    if not result.ok:
        raise DraftInvalid(result.errors)
    organization = connection.organization
    name = str(parsed.config.get("name") or obj["id"])
    if name_is_taken(organization, name):
        name = copy_name(organization, name)
    with transaction.atomic():
        draft = draft_create(organization=organization, user=user, name=name, config=parsed.config)
        Draft.objects.filter(pk=draft.pk).update(
            status=DraftStatus.CREATED,
            upstream_assistant_id=str(obj["id"])[:200],
            upstream_created_at=_seconds(obj.get("created_at")),
            upstream_connection=connection,
            live_config=parsed.config,
            live_version=1,
            live_at=timezone.now(),
            live_by=user,
        )
        audit_record(
            organization=organization,
            actor=user,
            action="draft.imported_from_upstream",
            target=draft,
            details={
                "connection": connection.name,
                "assistant": obj["id"],
                "not_kept": [u.path for u in parsed.unsupported],
            },
        )
    draft.refresh_from_db()
    return draft


def assistants_import(
    *, connection: Connection, user: AbstractBaseUser, assistant_ids: list[str]
) -> ImportOutcome:
    """Adopt each assistant as a draft linked to it. One that is already managed here, can
    no longer be read, or breaks the contract is skipped and said so; the others go on."""
    outcome = ImportOutcome()
    for assistant_id in dict.fromkeys(assistant_ids):
        managed = Draft.objects.alive().filter(
            upstream_connection=connection, upstream_assistant_id=assistant_id
        )
        if managed.exists():
            outcome.skipped.append(f"{assistant_id}: already managed here as “{managed[0]}”.")
            continue
        try:
            obj = _retrieve(connection, assistant_id)
            outcome.drafts.append(_adopt_one(connection, user, obj))
        except UpstreamUnreadable as unreadable:
            outcome.skipped.append(str(unreadable))
        except DraftInvalid as invalid:
            fields = "; ".join(f"{e.path}: {e.message}" for e in invalid.errors[:3])
            outcome.skipped.append(f"{assistant_id}: its settings break the contract ({fields}).")
    return outcome
