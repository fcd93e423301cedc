"""Audit details in words, for the log's readers (admins, not developers)."""

from typing import Any

from assistants.contract.labels import path_label

ROLE_WORDS = {"viewer": "viewer", "editor": "editor", "admin": "admin"}


def _yes_no(value: Any) -> str:
    return "yes" if value else "no"


def detail_lines(action: str, details: dict[str, Any]) -> list[str]:
    if not details:
        return []
    if "changes" in details:
        return list(details["changes"])
    lines: list[str] = []
    if "fields" in details:  # events recorded before the changes were kept in words
        lines.append("Changed: " + ", ".join(path_label(k) for k in details["fields"]))
    if "from" in details and "to" in details:
        what = "Name" if action.startswith("template.") else "Role"
        lines.append(f"{what}: {details['from']} → {details['to']}")
    elif "role" in details:
        lines.append(f"Role: {ROLE_WORDS.get(details['role'], details['role'])}")
    if "new_account" in details:
        lines.append(f"New account: {_yes_no(details['new_account'])}")
    if "connection" in details:
        lines.append(f"Sent to: {details['connection']}")
    if "submission" in details:
        lines.append(f"Submission {details['submission']}")
    if "new_key" in details:
        lines.append(f"New API key: {_yes_no(details['new_key'])}")
    known = {"changes", "fields", "from", "to", "role", "new_account", "connection"}
    known |= {"submission", "new_key"}
    for key, value in details.items():
        if key not in known:
            lines.append(f"{key.replace('_', ' ').capitalize()}: {value}")
    return lines
