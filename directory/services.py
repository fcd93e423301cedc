"""Directory entries (names for ids) and organisation templates."""

import csv
import io
from dataclasses import dataclass, field

from django.db import transaction

from assistants.contract import Picker
from assistants.contract.secrets import map_secrets
from assistants.models import Draft, Organization
from audit.services import audit_record
from directory.models import AssistantTemplate, DirectoryEntry

KINDS = {p.value for p in Picker}


def directory_for(organization: Organization) -> dict[str, dict[str, DirectoryEntry]]:
    """Every entry of the organisation by kind and id, in one query."""
    names: dict[str, dict[str, DirectoryEntry]] = {}
    for entry in DirectoryEntry.objects.filter(organization=organization):
        names.setdefault(entry.kind, {})[entry.ident] = entry
    return names


@dataclass
class CsvImport:
    created: int = 0
    updated: int = 0
    errors: list[str] = field(default_factory=list)


@transaction.atomic
def directory_import_csv(*, organization: Organization, text: str) -> CsvImport:
    """Rows of `kind,id,name[,detail]` (a header row is optional). All or nothing."""
    result = CsvImport()
    rows = [row for row in csv.reader(io.StringIO(text)) if any(cell.strip() for cell in row)]
    if rows and [c.strip().lower() for c in rows[0][:3]] == ["kind", "id", "name"]:
        rows = rows[1:]
    entries = [tuple(([cell.strip() for cell in row] + ["", "", "", ""])[:4]) for row in rows]
    for number, (kind, ident, name, _detail) in enumerate(entries, start=1):
        if kind not in KINDS:
            result.errors.append(
                f"Row {number}: “{kind}” is not a kind of entry. "
                f"Use one of: {', '.join(sorted(KINDS))}."
            )
        elif not ident or not name:
            result.errors.append(f"Row {number}: give both an id and a name.")
    if result.errors:
        return result  # nothing written yet: all or nothing
    for kind, ident, name, detail in entries:
        _, created = directory_entry_save(
            organization=organization, kind=kind, ident=ident, name=name, detail=detail
        )
        result.created += created
        result.updated += not created
    return result


def directory_entry_save(
    *, organization: Organization, kind: str, ident: str, name: str, detail: str = ""
) -> tuple[DirectoryEntry, bool]:
    """Add the entry, or rename the one with this kind and id; (entry, whether it is new)."""
    return DirectoryEntry.objects.update_or_create(
        organization=organization,
        kind=kind,
        ident=ident,
        defaults={"name": name, "detail": detail},
    )


def template_from_draft(
    *, draft: Draft, user, name: str, description: str = ""
) -> AssistantTemplate:
    """Save (or overwrite) an organisation template from a draft's configuration."""
    # Credentials stay with the draft: a template is shared with the whole organisation.
    config = strip_secrets({k: v for k, v in draft.config.items() if k != "name"})
    template, _ = AssistantTemplate.objects.update_or_create(
        organization=draft.organization,
        name=name.strip(),
        defaults={"description": description, "config": config, "created_by": user},
    )
    audit_record(
        organization=draft.organization, actor=user, action="template.saved", target=template
    )
    return template


def strip_secrets(config: dict) -> dict:
    """The configuration with every secret value emptied (MCP tokens, header values)."""
    emptied = map_secrets(config, lambda _value: "")
    servers = (emptied.get("tool_configurations") or {}).get("mcp_tools") or []
    for server in servers:
        if server.get("authorization") == "":
            del server["authorization"]
    return emptied


class TemplateRefused(Exception):
    """The template cannot be renamed so: the message says why."""


@transaction.atomic
def template_rename(
    *, template: AssistantTemplate, user, name: str, description: str
) -> AssistantTemplate:
    name = name.strip()
    taken = AssistantTemplate.objects.filter(
        organization=template.organization, name__iexact=name
    ).exclude(pk=template.pk)
    if taken.exists():
        raise TemplateRefused(f"Another template is already called “{name}”. Choose another name.")
    before = template.name
    template.name, template.description = name, description
    template.save(update_fields=["name", "description"])
    details = {"from": before, "to": name} if before != name else {}
    audit_record(
        organization=template.organization,
        actor=user,
        action="template.renamed",
        target=template,
        details=details,
    )
    return template


def template_delete(*, template: AssistantTemplate, user) -> None:
    """Drafts started from it keep their settings: a template is only a starting point."""
    audit_record(
        organization=template.organization, actor=user, action="template.deleted", target=template
    )
    template.delete()
