"""Field-by-field differences between two configurations, worded with the catalogue's labels."""

import json
from dataclasses import dataclass
from typing import Any

from assistants.contract import field_specs
from assistants.contract.labels import path_label
from assistants.contract.paths import read_path
from assistants.contract.secrets import redact_secrets
from assistants.scrub import scrub, sent_secrets


@dataclass(frozen=True)
class Change:
    path: str
    label: str
    section: str
    kind: str  # added | removed | changed
    before: str
    after: str

    @property
    def sentence(self) -> str:
        if self.kind == "added":
            return f"{self.label} set to {self.after}"
        if self.kind == "removed":
            return f"{self.label} cleared (was {self.before}); the API's default applies"
        return f"{self.label} changed from {self.before} to {self.after}"


def _show(value: Any) -> str:
    if isinstance(value, bool):
        return "on" if value else "off"
    if isinstance(value, str):
        return f"“{value[:120]}{'…' if len(value) > 120 else ''}”"
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        return ", ".join(value) or "nothing"
    return json.dumps(value, ensure_ascii=False)[:200]


def _shown(config: dict) -> dict:
    """The configuration as anyone who may read the draft may see it: secrets masked (and,
    for an old revision the catalogue cannot walk, scrubbed by value)."""
    try:
        return redact_secrets(config)
    except Exception:
        return scrub(config, sent_secrets(config))


def config_diff(before: dict, after: dict) -> list[Change]:
    """What changed, worded for people; secrets never appear, only that they changed."""
    changes = []
    shown_before, shown_after = _shown(before), _shown(after)
    for spec in field_specs():
        old, new = read_path(before, spec.name), read_path(after, spec.name)
        if old == new:
            continue
        old, new = read_path(shown_before, spec.name), read_path(shown_after, spec.name)
        kind = "added" if old is None else "removed" if new is None else "changed"
        changes.append(
            Change(
                path=spec.name,
                label=spec.label,
                section=spec.section.label if spec.section else "",
                kind=kind,
                before=_show(old),
                after=_show(new),
            )
        )
    return changes


def change_sentences(before: dict, after: dict, *, limit: int = 8) -> list[str]:
    """What changed between two configurations, as sentences with old → new values.

    These lines end up in the history and the audit log, which must never hold a token:
    config_diff shows secrets masked (a changed token reads "changed", not its value).
    """
    changes = config_diff(before, after)
    lines = [change.sentence for change in changes[:limit]]
    if len(changes) > limit:
        lines.append(f"and {len(changes) - limit} more")
    return lines


def revision_history(revisions: list, *, shown: int = 10) -> list[tuple[Any, list[str]]]:
    """The newest `shown` revisions, each with what it changed against the one before.

    `revisions` is newest first and holds one more than `shown` when there is one, to compare
    the oldest shown revision with; the first revision is compared with an empty draft.
    """
    history = []
    for index, revision in enumerate(revisions[:shown]):
        older = revisions[index + 1] if index + 1 < len(revisions) else None
        if older is None and revision.number != 1:
            lines = [f"Changed: {', '.join(path_label(k) for k in revision.changed_fields)}"]
        else:
            lines = change_sentences(older.config if older else {}, revision.config)
        history.append((revision, lines))
    return history
