"""Which values in a draft are ids of a directory kind, and which of them nobody knows.

The catalogue says which fields hold ids (`spec(picker=…)`), including the ones inside
lists (department grants) and the keys and values of allowed models. A value is known when
the organisation's directory has an entry of that kind with that id. An unknown value is
flagged beside its field and refused at Submit: for kinds the platform lists (synced) it
must be fixed; for kinds it does not (departments, suggested prompts, …) the person may
confirm it is an id. A value with a space or a comma is flagged even where no directory
exists, because ids have neither and names usually do.
"""

import re
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from typing import Any

from django.db import connection
from django.db.models import Q

from assistants.contract import FieldError
from assistants.contract.catalogue import field_specs
from assistants.contract.paths import read_path
from assistants.known_models import KNOWN_MODELS
from directory.models import DirectoryEntry

NOUNS = {
    "users": ("person", "people"),
    "departments": ("department", "departments"),
    "roles": ("role", "roles"),
    "vector_stores": ("knowledge store", "knowledge stores"),
    "rules": ("rule", "rules"),
    "preset_prompts": ("suggested prompt", "suggested prompts"),
    "skills": ("skill", "skills"),
    "slices": ("knowledge slice", "knowledge slices"),
    "avatars": ("avatar", "avatars"),
    "voice_profiles": ("voice profile", "voice profiles"),
    "models": ("model", "models"),
    "providers": ("provider", "providers"),
    "streamline_flows": ("automation", "automations"),
    "threads": ("conversation", "conversations"),
    "skin_templates": ("skin", "skins"),
    "assistants": ("assistant", "assistants"),
    "icons": ("icon", "icons"),
    "connectors": ("connector", "connectors"),
}

# What an id looks like, for fields whose kind has no directory yet. Examples from the
# Aitronos documentation where it gives one; otherwise only what every id shares.
ID_EXAMPLES = {
    "vector_stores": "vs_abc123",
    "avatars": "avatar_research_001",
    "streamline_flows": "flow_abc123",
    "models": "ftg-3.0-speed",
    "providers": "openai",
    "connectors": "connector_googledrive",
}

# Kinds where a value outside the directory is normal enough to be confirmed even when
# synced: model keys and provider slugs are also in the built-in list, and a platform may
# accept models it does not list.
ALWAYS_CONFIRMABLE = {"models", "providers"}

NAME_LIKE = re.compile(r"[\s,;]")


def noun(kind: str, plural: bool = False) -> str:
    return NOUNS.get(kind, (kind.replace("_", " "),) * 2)[int(plural)]


def id_help(kind: str) -> str:
    """What to say under an id field whose kind has no directory entries."""
    example = ID_EXAMPLES.get(kind)
    shape = f", e.g. {example}" if example else ""
    return (
        f"No {noun(kind, True)} are in the directory yet: type the id exactly as the platform "
        f"gives it{shape} (no spaces), or ask an admin to sync or upload the directory."
    )


@dataclass(frozen=True)
class IdValue:
    path: str  # in the draft, e.g. grant_department_access[0].department_id
    kind: str
    value: str
    section: str | None
    field: str


@cache
def _id_fields() -> tuple[tuple[Any, ...], ...]:
    """(spec, nested id fields) of every catalogue field that holds ids, or holds rows that do."""
    found = []
    for spec in field_specs():
        nested = ()
        if spec.model is not None and spec.kind not in ("allowed_models",):
            nested = tuple(
                (child.name, child.picker)
                for child in field_specs(spec.model)
                if child.picker and child.kind in ("text", "string_list")
            )
        if spec.picker or nested or spec.kind == "allowed_models":
            found.append((spec, nested))
    return tuple(found)


def id_values(config: dict[str, Any]) -> Iterator[IdValue]:
    """Every id the draft holds, with the kind it names."""
    for spec, nested in _id_fields():
        stored = read_path(config, spec.name)
        section = spec.section.value if spec.section else None
        if stored is None:
            continue
        if spec.kind == "allowed_models" and isinstance(stored, dict):
            for provider, models in stored.items():
                yield IdValue(f"{spec.name}.{provider}", "providers", provider, section, spec.field)
                for index, model in enumerate(models or []):
                    path = f"{spec.name}.{provider}[{index}]"
                    yield IdValue(path, "models", str(model), section, spec.field)
            continue
        if nested and isinstance(stored, list):
            for index, row in enumerate(stored):
                for name, picker in nested:
                    for sub, value in _values(row.get(name) if isinstance(row, dict) else None):
                        path = f"{spec.name}[{index}].{name}{sub}"
                        yield IdValue(path, picker, value, section, spec.field)
            continue
        if spec.picker:
            for sub, value in _values(stored):
                yield IdValue(f"{spec.name}{sub}", spec.picker, value, section, spec.field)


def _values(stored: Any) -> Iterator[tuple[str, str]]:
    if isinstance(stored, str) and stored:
        yield "", stored
    elif isinstance(stored, list):
        for index, value in enumerate(stored):
            if isinstance(value, str) and value:
                yield f"[{index}]", value


@dataclass(frozen=True)
class Unknown:
    id: IdValue
    message: str
    confirmable: bool  # False: a kind the platform lists, so the id must be fixed

    def as_field_error(self) -> FieldError:
        return FieldError(self.id.path, self.message, "unknown_id", self.id.section, self.id.field)


class Directory:
    """The organisation's directory as a draft needs it: the entries its ids name, and
    which kinds have entries at all (and which are synced). A few small queries, however
    large the directory."""

    def __init__(self, organization_id: int) -> None:
        self.organization_id = organization_id
        self._entries: dict[tuple[str, str], DirectoryEntry] = {}
        self._kinds: dict[str, bool] | None = None
        self.connection_id: int | None = None

    @property
    def kinds(self) -> dict[str, bool]:
        """{kind: whether any of its entries came from a sync} for kinds that have entries."""
        if self._kinds is None:
            # Two EXISTS per kind, one round trip: each an index probe on (organization,
            # kind, …), where a DISTINCT over the organisation's entries would read them all.
            table = DirectoryEntry._meta.db_table
            parts, params = [], []
            for kind in NOUNS:
                parts.append(
                    f"SELECT %s, EXISTS(SELECT 1 FROM {table} WHERE organization_id = %s AND "
                    f"kind = %s), EXISTS(SELECT 1 FROM {table} WHERE organization_id = %s AND "
                    "kind = %s AND connection_id IS NOT NULL)"
                )
                params += [kind, self.organization_id, kind, self.organization_id, kind]
            with connection.cursor() as cursor:
                cursor.execute(" UNION ALL ".join(parts), params)
                self._kinds = {kind: synced for kind, has, synced in cursor.fetchall() if has}
        return self._kinds

    def load(self, pairs: list[tuple[str, str]]) -> None:
        """Fetch the entries of these (kind, id) pairs not fetched yet, in one query."""
        missing = [pair for pair in set(pairs) if pair not in self._entries]
        for pair in missing:
            if pair[0] not in self.kinds:  # a kind without entries: nothing to look up
                self._entries[pair] = None  # type: ignore[assignment]
        missing = [pair for pair in missing if pair[0] in self.kinds]
        if not missing:
            return
        wanted = Q()
        by_kind: dict[str, list[str]] = {}
        for kind, ident in missing:
            by_kind.setdefault(kind, []).append(ident)
        for kind, idents in by_kind.items():
            wanted |= Q(kind=kind, ident__in=idents)
        for entry in DirectoryEntry.objects.filter(wanted, organization_id=self.organization_id):
            self._entries[(entry.kind, entry.ident)] = entry
        for pair in missing:
            self._entries.setdefault(pair, None)  # type: ignore[arg-type]

    def load_config(self, config: dict[str, Any]) -> None:
        """Fetch, in one query, the entries of every id a draft holds."""
        self.load([(v.kind, v.value) for v in id_values(config)])

    def entry(self, kind: str, ident: str) -> DirectoryEntry | None:
        self.load([(kind, ident)])
        return self._entries.get((kind, ident))

    def problem(self, kind: str, value: str) -> tuple[str, bool] | None:
        """(message, confirmable) when `value` is not a known id of `kind`, else None."""
        entry = self.entry(kind, value)
        if entry is not None:
            if entry.gone_at:
                return (
                    f"“{entry.name}” is no longer on the platform. Remove it or pick another "
                    f"{noun(kind)}.",
                    True,
                )
            return None
        if kind == "models" and any(value == key for m in KNOWN_MODELS.values() for key, _ in m):
            return None
        has_directory = kind in self.kinds
        if not has_directory and not NAME_LIKE.search(value):
            return None
        if has_directory:
            message = f"“{value}” is not a known {noun(kind)}: pick from the list."
        else:
            message = (
                f"“{value}” looks like a name, not an id: ids have no spaces or commas. "
                f"{id_help(kind)}"
            )
        confirmable = kind in ALWAYS_CONFIRMABLE or not self.kinds.get(kind, False)
        return message, confirmable


def identifiers_unknown(*, organization_id: int, config: dict[str, Any]) -> list[Unknown]:
    """Every id in the draft that its directory does not know (or knows as gone)."""
    directory = Directory(organization_id)
    values = list(id_values(config))
    directory.load([(v.kind, v.value) for v in values])
    unknown = []
    for value in values:
        problem = directory.problem(value.kind, value.value)
        if problem:
            unknown.append(Unknown(value, problem[0], problem[1]))
    return unknown


# --- The directory while a page renders --------------------------------------------------
# Widgets deep inside forms and formsets (department grants' rows, say) need the names of
# the ids they show; the view opens a scope for its organisation and draft, and every
# widget of the page shares its few cached queries.

_current: ContextVar["Directory | None"] = ContextVar("directory", default=None)


@contextmanager
def directory_scope(
    organization_id: int, *, connection_id: int | None = None
) -> Iterator["Directory"]:
    directory = Directory(organization_id)
    directory.connection_id = connection_id
    token = _current.set(directory)
    try:
        yield directory
    finally:
        _current.reset(token)


def current_directory() -> "Directory | None":
    return _current.get()


def cannot_reason(directory: "Directory", model_key: str | None) -> DirectoryEntry | None:
    """The model's entry when the platform says it cannot reason (None when unknown)."""
    if not model_key:
        return None
    entry = directory.entry("models", model_key)
    capabilities = entry.extra.get("capabilities") if entry else None
    if isinstance(capabilities, list) and "reasoning" not in capabilities:
        return entry
    return None


def model_groups(directory: "Directory") -> list[tuple[str, list[DirectoryEntry]]]:
    """The organisation's listed models by provider: the target connection's when it has
    synced some, else every connection's. At most a few hundred: a model list is short."""
    models = DirectoryEntry.objects.filter(
        organization_id=directory.organization_id, kind="models", gone_at__isnull=True
    )
    if directory.connection_id and models.filter(connection_id=directory.connection_id).exists():
        models = models.filter(connection_id=directory.connection_id)
    groups: dict[str, list[DirectoryEntry]] = {}
    for entry in models.order_by("detail", "name")[:500]:
        groups.setdefault(entry.detail or "Other", []).append(entry)
    return [(provider.replace("-", " ").title(), entries) for provider, entries in groups.items()]
