"""Suggestions as people type in an id field: a bounded, indexed query per keystroke, so
neither the page nor the answer grows with the directory.

Names starting with what was typed come first (the b-tree on UPPER(name)); then, from three
letters on, names containing it (the trigram index), then an exact id. Entries no longer on
the platform are not suggested.
"""

from django.conf import settings
from django.db.models import QuerySet, Value
from django.db.models.functions import Collate, Upper

from directory.models import DirectoryEntry

# The prefix index's expression (migration 0004): upper-cased name in C collation. Queries
# filter and order by this very expression, so a prefix is a range of the index read in
# order (LIMIT stops after ten rows), and "bea" sorts beside "Bob" whatever the database's
# collation (C puts every capital first).
SORT_KEY = Collate(Upper("name"), "C")


def _base(organization_id: int, kind: str, detail: str = "") -> QuerySet[DirectoryEntry]:
    entries = DirectoryEntry.objects.filter(
        organization_id=organization_id, kind=kind, gone_at__isnull=True
    )
    return entries.filter(detail=detail) if detail else entries


def directory_suggest(
    *, organization_id: int, kind: str, query: str, detail: str = "", limit: int | None = None
) -> list[DirectoryEntry]:
    """At most `limit` entries of `kind` whose name matches `query`, best first."""
    limit = min(limit or settings.DIRECTORY_SUGGEST_LIMIT, settings.DIRECTORY_SUGGEST_LIMIT)
    query = query.replace("\x00", "").strip()[:100]  # PostgreSQL refuses NUL in text
    base = _base(organization_id, kind, detail).only(
        "id", "kind", "ident", "name", "detail", "extra"
    )
    base = base.annotate(sort_key=SORT_KEY)
    if not query:
        return list(base.order_by("sort_key")[:limit])
    prefix = base.filter(sort_key__startswith=Upper(Value(query))).order_by("sort_key")
    found = list(prefix[:limit])
    if len(found) < limit and len(query) >= 3:
        # Anywhere in the name (a last name, say), through the trigram index. Unordered, so
        # the scan stops at the first matches instead of sorting every Smith; sorted here.
        seen = [entry.pk for entry in found]
        more = base.filter(name__icontains=query).exclude(pk__in=seen).order_by()
        found += sorted(more[: limit - len(found)], key=lambda entry: entry.name.upper())
    if len(found) < limit and not any(entry.ident == query for entry in found):
        # One row of the unique id index; unordered, or the model's ordering (by name) has
        # the planner scan the whole kind in name order instead.
        found += base.filter(ident=query).order_by()[:1]
    return found[:limit]


def directory_names(*, organization_id: int, kind: str, name: str) -> list[DirectoryEntry]:
    """The entries called exactly `name` (names are not unique), at most a few."""
    return list(_base(organization_id, kind).filter(name__iexact=name.strip())[:5])
