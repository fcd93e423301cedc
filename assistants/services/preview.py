"""The request a draft would send: exact body (secrets masked) and what can't be sent."""

from dataclasses import dataclass, field

from assistants.contract import FieldError
from assistants.dialects import DIALECTS, build_request, mask_request
from assistants.dialects.base import Unsupported
from assistants.models import Connection, Draft, Organization

# Shown in previews where no connection (and so no real key) is chosen.
PLACEHOLDER_KEY = "sk-preview-0000"


@dataclass
class Preview:
    target: str  # "dialect:<name>" or "connection:<id>"
    targets: list[tuple[str, str]]
    method: str = "POST"
    url: str = ""
    headers: dict[str, str] = field(default_factory=dict)
    body: dict = field(default_factory=dict)
    unsupported: list[Unsupported] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)


def preview_targets(organization: Organization) -> list[tuple[str, str]]:
    connections = [
        (f"connection:{c.pk}", f"{c.name} ({c.get_dialect_display()})")
        for c in Connection.objects.filter(organization=organization)
    ]
    dialects = [(f"dialect:{value}", label) for value, label in DIALECTS]
    return connections + dialects


def preview_for(organization: Organization, draft: Draft, target: str) -> Preview:
    targets = preview_targets(organization)
    if target not in dict(targets):
        target = targets[0][0]
    kind, _, ident = target.partition(":")
    base_url, dialect = "", ident
    if kind == "connection":
        connection = Connection.objects.get(organization=organization, pk=ident)
        base_url, dialect = connection.base_url.rstrip("/"), connection.dialect
    request = mask_request(
        build_request(
            dialect, draft.config, organization_id=organization.upstream_id, api_key=PLACEHOLDER_KEY
        )
    )
    return Preview(
        target=target,
        targets=targets,
        method=request.method,
        url=f"{base_url}{request.path}",
        headers=request.headers,
        body=request.body,
        unsupported=request.unsupported,
        errors=request.errors,
    )
