"""The live assistant a draft manages: what is not live yet, where the upstream drifted, and
the draft verbs that follow from it (take the upstream's values, restore a revision).

"Live" is the configuration last sent (or imported), `Draft.live_config`. Two comparisons
read it, both worded by compare.config_diff:
- Changes not yet live: the live configuration → the draft.
- Drift: what we last sent → what the upstream holds now (retrieved by "Check live").
"""

import copy
import logging
from dataclasses import asdict, dataclass, field
from datetime import datetime

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from assistants import upstream
from assistants.contract.paths import read_path, remove_path, set_path
from assistants.dialects import Unsupported, parse_assistant, retrieve_request, update_request
from assistants.models import Draft, DraftRevision
from assistants.services.compare import Change, config_diff
from assistants.services.drafts import draft_update_config
from assistants.upstream import Outcome

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class LiveState:
    """What the draft page and list say about a draft's live assistant."""

    linked: bool
    changes: list[Change] = field(default_factory=list)  # live → draft: not yet live
    drift: list[dict] = field(default_factory=list)  # at the last check: sent → upstream

    @property
    def up_to_date(self) -> bool:
        return self.linked and not self.changes


def live_state(draft: Draft) -> LiveState:
    if not draft.upstream_assistant_id:
        return LiveState(False)
    return LiveState(True, config_diff(draft.live_config or {}, draft.config), list(draft.drift))


# --- Check live: drift ------------------------------------------------------------------------


class LiveCheckFailed(Exception):
    """The live assistant could not be read; the message says why and what to do."""


@dataclass
class DriftReport:
    changes: list[Change]
    upstream_config: dict
    unsupported: list[Unsupported]
    checked_at: datetime


def _sent_as_read_back(draft: Draft) -> dict:
    """What we last sent, as the upstream would answer it: built and read back by the same
    dialect, so what it maps lossily is never mistaken for drift."""
    connection = draft.upstream_connection
    body = update_request(
        connection.dialect,
        draft.live_config or {},
        previous=None,
        assistant_id=draft.upstream_assistant_id,
        organization_id=draft.organization.upstream_id,
        api_key="-",
    ).body
    return parse_assistant(connection.dialect, body).config


def live_check(*, draft: Draft) -> DriftReport:
    """Retrieve the live assistant and record where it differs from what was last sent."""
    connection = draft.upstream_connection
    if not draft.upstream_assistant_id or connection is None:
        raise LiveCheckFailed(f"“{draft.name}” is not linked to an assistant upstream.")
    request = retrieve_request(
        connection.dialect,
        draft.upstream_assistant_id,
        organization_id=draft.organization.upstream_id,
        api_key=connection.api_key,
    )
    reply = upstream.read(
        dialect=connection.dialect,
        url=connection.base_url.rstrip("/") + request.path,
        headers=request.headers,
    )
    if reply.outcome is not Outcome.SUCCESS or not isinstance(reply.raw, dict):
        if reply.http_status == 404:
            raise LiveCheckFailed(
                f"{connection.name} has no assistant {draft.upstream_assistant_id} any more: "
                "it was deleted there. The draft keeps its settings."
            )
        said = reply.message or "no answer"
        raise LiveCheckFailed(f"Could not read the live assistant from {connection.name}: {said}")
    retrieved = parse_assistant(connection.dialect, reply.raw)
    changes = config_diff(_sent_as_read_back(draft), retrieved.config)
    now = timezone.now()
    Draft.objects.filter(pk=draft.pk).update(
        drift=[asdict(change) for change in changes],
        drift_config=retrieved.config,
        drift_checked_at=now,
    )
    draft.drift, draft.drift_config, draft.drift_checked_at = (
        [asdict(change) for change in changes],
        retrieved.config,
        now,
    )
    return DriftReport(changes, retrieved.config, retrieved.unsupported, now)


def drift_check_all() -> int:
    """The periodic check (DRIFT_CHECK_INTERVAL): every live draft; returns how many drifted."""
    drifted = 0
    linked = (
        Draft.objects.alive()
        .exclude(upstream_assistant_id="")
        .select_related("organization", "upstream_connection")
    )
    for draft in linked.filter(upstream_connection__isnull=False):
        try:
            drifted += bool(live_check(draft=draft).changes)
        except LiveCheckFailed as failure:
            logger.info("Drift check of draft %s: %s", draft.pk, failure)
    return drifted


def _with_values(document: dict, source: dict, paths: list[str]) -> dict:
    changed = copy.deepcopy(document)
    for path in paths:
        value = read_path(source, path)
        if value is None:
            remove_path(changed, path)
        else:
            set_path(changed, path, copy.deepcopy(value))
    return changed


@transaction.atomic
def draft_take_live_values(
    *, draft: Draft, user: AbstractBaseUser, paths: list[str], version: int
) -> Draft:
    """Copy the upstream's values of `paths` (from the last check) into the draft, as a
    revision of its own. They are live already, so they are not "changes not yet live"."""
    if draft.drift_config is None:
        raise LiveCheckFailed("Check live first: there are no upstream values to take.")
    known = {item["path"] for item in draft.drift}
    paths = [path for path in paths if path in known]
    config = _with_values(draft.config, draft.drift_config, paths)
    draft = draft_update_config(
        draft=draft,
        user=user,
        config=config,
        version=version,
        fold=False,
        action="draft.took_live_values",
        details={"taken": paths, "assistant": draft.upstream_assistant_id},
    )
    live = _with_values(draft.live_config or {}, draft.drift_config, paths)
    remaining = [item for item in draft.drift if item["path"] not in paths]
    Draft.objects.filter(pk=draft.pk).update(live_config=live, drift=remaining)
    draft.live_config, draft.drift = live, remaining
    return draft


@transaction.atomic
def draft_restore_revision(
    *, draft: Draft, user: AbstractBaseUser, number: int, version: int
) -> Draft:
    """Put revision `number`'s configuration back into the draft, as a new revision."""
    revision = DraftRevision.objects.filter(draft=draft, number=number).first()
    if revision is None:
        raise DraftRevision.DoesNotExist(f"The draft has no revision {number}.")
    return draft_update_config(
        draft=draft,
        user=user,
        config=copy.deepcopy(revision.config),
        version=version,
        fold=False,
        action="draft.revision_restored",
        details={"revision": number},
    )
