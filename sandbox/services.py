"""The sandbox's verbs: create, update, list, retrieve and delete assistants, and count them."""

import hashlib
import secrets
import string
import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, TypeVar

from django.db import IntegrityError, transaction
from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from sandbox.models import Dialect, SandboxAssistant

UNIQUE_NAME_CONSTRAINT = "sandbox_live_aitronos_name_unique"
_ID_ALPHABET = string.ascii_letters + string.digits

ObjectBuilder = Callable[[str, int], dict[str, Any]]  # (assistant id, created_at) → object
Refusal = TypeVar("Refusal")

# Who made a namesake "by another client": a stable user id no API key maps to.
OTHER_CLIENT = "usr_" + hashlib.sha256(b"another client").hexdigest()[:16]


class NameTaken(Exception):
    """A live assistant of this organisation already has the name."""


class UnknownCursor(Exception):
    """`after` / `before` names no assistant of this organisation."""

    def __init__(self, parameter: str, assistant_id: str):
        super().__init__(f"{parameter}={assistant_id}")
        self.parameter = parameter
        self.assistant_id = assistant_id


@dataclass(frozen=True)
class Page:
    assistants: list[SandboxAssistant]
    has_more: bool


@dataclass(frozen=True)
class OffsetPage:
    assistants: list[SandboxAssistant]
    total: int  # every match, not just this page


@dataclass(frozen=True)
class Revision:
    """What an update turns an assistant into."""

    body: dict[str, Any]
    name: str
    object: dict[str, Any]


def new_assistant_id() -> str:
    return "asst_" + "".join(secrets.choice(_ID_ALPHABET) for _ in range(24))


def assistant_create(
    *,
    dialect: Dialect,
    organization_id: str,
    name: str,
    body: dict[str, Any],
    build_object: ObjectBuilder,
    created_by: str,
    idempotency_key: str = "",
    pause: float = 0,
    created_at: datetime | None = None,
) -> SandboxAssistant:
    """Store a new assistant; raises NameTaken when Aitronos's unique name rule is broken.

    The check is the database's partial unique index, not a prior SELECT, so two
    concurrent requests for the same name cannot both succeed. `pause` is the slow_create
    fault: the request was checked, the assistant is stored only after it, whether or not
    the client still waits (its timestamps are the time it was stored).
    """
    if pause:
        time.sleep(pause)
    now = created_at or timezone.now()
    assistant_id = new_assistant_id()
    try:
        with transaction.atomic():
            return SandboxAssistant.objects.create(
                id=assistant_id,
                dialect=dialect,
                organization_id=organization_id,
                name=name,
                created_by=created_by,
                body=body,
                object=build_object(assistant_id, int(now.timestamp())),
                idempotency_key=idempotency_key[:255],
                created_at=now,
            )
    except IntegrityError as exc:
        if UNIQUE_NAME_CONSTRAINT in str(exc):
            raise NameTaken(name) from exc
        raise


def _live(dialect: Dialect, organization_ids: tuple[str, ...]) -> QuerySet[SandboxAssistant]:
    return SandboxAssistant.objects.filter(
        dialect=dialect, organization_id__in=organization_ids, deleted_at__isnull=True
    )


def assistant_get(
    *, dialect: Dialect, organization_ids: tuple[str, ...], assistant_id: str
) -> SandboxAssistant | None:
    """A live assistant the caller may see; another organisation's is as good as missing."""
    return _live(dialect, organization_ids).filter(id=assistant_id).first()


def assistant_delete(*, assistant: SandboxAssistant) -> SandboxAssistant:
    """Soft delete: the row stays (so stats still count it) and its name becomes free."""
    now = timezone.now()
    assistant.deleted_at = now
    if "deleted_at" in assistant.object:
        assistant.object = {
            **assistant.object,
            "deleted_at": int(now.timestamp()),
            "updated_at": int(now.timestamp()),
        }
    assistant.save(update_fields=["deleted_at", "object"])
    return assistant


def assistant_update(
    *,
    dialect: Dialect,
    organization_ids: tuple[str, ...],
    assistant_id: str,
    revise: Callable[[SandboxAssistant, int], Revision | Refusal],
    pause: float = 0,
) -> SandboxAssistant | Refusal | None:
    """Change a live assistant; None when there is none the caller may see.

    `revise(assistant, now)` gets the stored row, locked, so two concurrent updates apply one
    after the other, each to what the other left; it returns the Revision to store or a
    refusal (an error response) handed back unchanged. Raises NameTaken like a create.
    `pause` is the slow update fault: the change is applied after it, client or not.
    """
    if pause:
        time.sleep(pause)
    now = int(timezone.now().timestamp())
    try:
        with transaction.atomic():
            found = _live(dialect, organization_ids).select_for_update().filter(id=assistant_id)
            assistant = found.first()
            if assistant is None:
                return None
            outcome = revise(assistant, now)
            if not isinstance(outcome, Revision):
                return outcome
            assistant.body = outcome.body
            assistant.name = outcome.name
            assistant.object = outcome.object
            assistant.save(update_fields=["body", "name", "object"])
            return assistant
    except IntegrityError as exc:
        if UNIQUE_NAME_CONSTRAINT in str(exc):
            raise NameTaken(assistant_id) from exc
        raise


def namesake_create(
    *,
    dialect: Dialect,
    organization_id: str,
    body: dict[str, Any],
    build_object: ObjectBuilder,
    created_at: datetime | None = None,
) -> SandboxAssistant | None:
    """An assistant made by another client of the upstream (not through the dashboard).

    None when Aitronos's unique name rule leaves no room for it.
    """
    try:
        return assistant_create(
            dialect=dialect,
            organization_id=organization_id,
            name=body.get("name") or "",
            body=body,
            build_object=build_object,
            created_by=OTHER_CLIENT,
            created_at=created_at,
        )
    except NameTaken:
        return None


SORTS = {
    "created_at": ("created_at",),
    "updated_at": ("object__updated_at", "created_at"),
    "name": ("name",),
}


def aitronos_list(
    *,
    organization_id: str,
    search: str | None,
    access_mode: str | None,
    vector_store_id: str | None,
    include_inactive: bool,
    sort_by: str,
    sort_order: str,
    limit: int,
    offset: int,
) -> OffsetPage:
    """Aitronos's list as the SDK models it: filters, a sort, then `offset` and `limit`.

    `search` matches name or description, case-insensitively; inactive assistants are
    left out unless `include_inactive`. Ties are broken by id so pages never overlap.
    """
    assistants = _live(Dialect.AITRONOS, (organization_id,))
    if not include_inactive:
        assistants = assistants.exclude(object__is_active=False)
    if search:
        assistants = assistants.filter(
            Q(name__icontains=search) | Q(object__description__icontains=search)
        )
    if access_mode:
        assistants = assistants.filter(object__access_mode=access_mode)
    if vector_store_id:
        assistants = assistants.filter(object__vector_store_ids__contains=[vector_store_id])
    sign = "-" if sort_order == "desc" else ""
    ordering = [f"{sign}{key}" for key in (*SORTS[sort_by], "id")]
    total = assistants.count()
    rows = list(assistants.order_by(*ordering)[offset : offset + limit])
    return OffsetPage(rows, total)


def assistant_list(
    *,
    dialect: Dialect,
    organization_id: str,
    name: str | None = None,
    name_contains: str | None = None,
    limit: int = 20,
    order: str = "desc",
    after: str | None = None,
    before: str | None = None,
) -> Page:
    """Live assistants newest first (or oldest first), in pages cut by OpenAI-style cursors.

    `after` continues past an id in the chosen order, `before` goes back from one; ties on
    created_at are broken by id so pages never overlap or skip.
    """
    assistants = _live(dialect, (organization_id,))
    if name is not None:
        assistants = assistants.filter(name=name)
    if name_contains:
        assistants = assistants.filter(name__icontains=name_contains)
    descending = order == "desc"
    if after:
        cursor = _cursor(dialect, organization_id, "after", after)
        assistants = assistants.filter(_beyond(cursor, later=not descending))
    if before:
        cursor = _cursor(dialect, organization_id, "before", before)
        assistants = assistants.filter(_beyond(cursor, later=descending))
    forwards = ["-created_at", "-id"] if descending else ["created_at", "id"]
    if before and not after:
        # Take the `limit` nearest the cursor, then put them back in the asked-for order.
        backwards = [key.removeprefix("-") if key[0] == "-" else f"-{key}" for key in forwards]
        rows = list(assistants.order_by(*backwards)[: limit + 1])
        return Page(list(reversed(rows[:limit])), len(rows) > limit)
    rows = list(assistants.order_by(*forwards)[: limit + 1])
    return Page(rows[:limit], len(rows) > limit)


def _cursor(
    dialect: Dialect, organization_id: str, parameter: str, assistant_id: str
) -> SandboxAssistant:
    found = SandboxAssistant.objects.filter(
        dialect=dialect, organization_id=organization_id, id=assistant_id
    ).first()
    if found is None:
        raise UnknownCursor(parameter, assistant_id)
    return found


def _beyond(cursor: SandboxAssistant, *, later: bool) -> Q:
    if later:
        return Q(created_at__gt=cursor.created_at) | Q(
            created_at=cursor.created_at, id__gt=cursor.id
        )
    return Q(created_at__lt=cursor.created_at) | Q(created_at=cursor.created_at, id__lt=cursor.id)


def creation_stats() -> dict[str, Any]:
    """How many assistants were ever created, per organisation and name (deleted ones too).

    `created` adds the dialects up; `by_dialect` keeps them apart. Read from the database,
    so it is the truth even after a dropped connection left the client guessing.
    """
    created: dict[str, dict[str, int]] = {}
    by_dialect: dict[str, dict[str, dict[str, int]]] = {}
    rows = SandboxAssistant.objects.values("dialect", "organization_id", "name").annotate(
        count=Count("id")
    )
    for row in rows.order_by("dialect", "organization_id", "name"):
        organization, name, count = row["organization_id"], row["name"], row["count"]
        names = created.setdefault(organization, {})
        names[name] = names.get(name, 0) + count
        by_dialect.setdefault(row["dialect"], {}).setdefault(organization, {})[name] = count
    total = sum(count for names in created.values() for count in names.values())
    live = SandboxAssistant.objects.filter(deleted_at__isnull=True).count()
    return {"created": created, "by_dialect": by_dialect, "total": total, "live": live}


def sandbox_reset() -> int:
    """Delete every sandbox assistant (tests call this between cases); returns how many."""
    deleted, _ = SandboxAssistant.objects.all().delete()
    return deleted
