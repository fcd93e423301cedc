"""The request a draft would send: exact body (secrets masked) and what can't be sent."""

from dataclasses import dataclass, field

from assistants.contract import FieldError
from assistants.dialects import DIALECTS, build_request, mask_request, update_request
from assistants.dialects.base import Unsupported, UpstreamRequest
from assistants.dialects.marker import PREVIEW_VALUE, with_marker
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


@dataclass(frozen=True)
class Target:
    """Where a preview or export is for: a connection of the organisation, or a dialect."""

    key: str  # "connection:<id>" or "dialect:<name>"
    choices: list[tuple[str, str]]  # every target the organisation can pick, with labels
    dialect: str
    connection: Connection | None = None

    @property
    def base_url(self) -> str:
        return self.connection.base_url.rstrip("/") if self.connection else ""


def resolve_target(organization: Organization, target: str) -> Target:
    """`target` when the organisation can pick it, else the first choice (its default
    connection comes first when it has one)."""
    connections = list(Connection.objects.filter(organization=organization))
    choices = [
        (f"connection:{c.pk}", f"{c.name} ({c.get_dialect_display()})") for c in connections
    ] + [(f"dialect:{value}", label) for value, label in DIALECTS]
    key = target if target in dict(choices) else choices[0][0]
    kind, _, ident = key.partition(":")
    chosen = next((c for c in connections if kind == "connection" and str(c.pk) == ident), None)
    return Target(key, choices, chosen.dialect if chosen else ident, chosen)


def masked_request(draft: Draft, dialect: str) -> UpstreamRequest:
    """The draft's request for `dialect` as it may be shown: key and secrets masked, and
    the submission marker (its value is made when Submit is pressed) in the labels."""
    built = build_request(
        dialect,
        draft.config,
        organization_id=draft.organization.upstream_id,
        api_key=PLACEHOLDER_KEY,
    )
    return mask_request(with_marker(built, dialect, PREVIEW_VALUE))


def masked_update(draft: Draft) -> UpstreamRequest:
    """The update a live draft would send now: to its assistant, clearing what it no longer
    sets (dialects.update_request), key and secrets masked."""
    built = update_request(
        draft.upstream_connection.dialect,
        draft.config,
        previous=draft.live_config,
        assistant_id=draft.upstream_assistant_id,
        organization_id=draft.organization.upstream_id,
        api_key=PLACEHOLDER_KEY,
    )
    return mask_request(built)


def preview_for(organization: Organization, draft: Draft, target: str) -> Preview:
    if not target and draft.upstream_assistant_id and draft.upstream_connection_id:
        target = f"connection:{draft.upstream_connection_id}"  # where its updates go
    chosen = resolve_target(organization, target)
    live_here = (
        draft.upstream_assistant_id
        and chosen.connection is not None
        and chosen.connection.pk == draft.upstream_connection_id
    )
    # Through the connection of its live assistant, Submit is an update: show that request.
    request = masked_update(draft) if live_here else masked_request(draft, chosen.dialect)
    return Preview(
        target=chosen.key,
        targets=chosen.choices,
        method=request.method,
        url=f"{chosen.base_url}{request.path}",
        headers=request.headers,
        body=request.body,
        unsupported=request.unsupported,
        errors=request.errors,
    )
