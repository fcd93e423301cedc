"""What a failed submission tells people: what happened, in plain words, and what to do."""

from typing import Any

from assistants.models import Draft, Submission
from assistants.upstream import Reply

# How much of an upstream's own words a message quotes; the stored attempt keeps the rest.
QUOTE_LIMIT = 300
# Body keys only one family of shapes has: a refusal naming them means the connection's API
# type is probably wrong (an OpenAI server behind an "Aitronos" connection, or the reverse).
OPENAI_ONLY = frozenset({"model", "tool_resources", "reasoning_effort", "file_ids"})
AITRONOS_ONLY = frozenset(
    {"default_model_key", "organization_id", "tool_configurations", "system_message"}
)


def quote(text: Any, limit: int = QUOTE_LIMIT) -> str:
    """At most `limit` characters of `text`, whitespace folded, an ellipsis where cut."""
    folded = " ".join(str(text or "").split())
    return folded if len(folded) <= limit else folded[: limit - 1].rstrip() + "…"


def is_duplicate_name(reply: Reply) -> bool:
    """Aitronos refuses a second live assistant of the same name with issue "duplicate"."""
    return any(e.path == "name" and e.code == "duplicate" for e in reply.field_errors)


def gave_up(tries: int, last: str) -> str:
    return (
        f"Gave up after {tries} tries. The last one: {quote(last) or 'no answer'} "
        "Submit again later, or check whether the upstream is working."
    )


def unconfirmed(name: str, problem: str) -> str:
    return (
        "An earlier attempt may have created the assistant, but the upstream's list of "
        f"assistants could not be read to confirm it ({quote(problem) or 'no answer'}). "
        f"Look for an assistant called “{name}” at the upstream before submitting again."
    )


def unconfirmed_without_marker(name: Any) -> str:
    return (
        "An earlier attempt may have created the assistant, and it went without Assistant "
        "Builder's own label (the connection's labels were full), so an assistant found there "
        "cannot be told apart from someone else's. Nothing more was sent. Look for an "
        f"assistant called “{name or ''}” at the upstream before submitting again."
    )


def not_yet(remaining: float) -> str:
    return (
        "The earlier attempt's assistant is not in the upstream's list (yet): a slow upstream "
        "may still be creating it. It is looked for again before anything is sent again "
        f"(for up to {max(0, round(remaining))} s more)."
    )


def wrong_shape_hint(submission: Submission, reply: Reply) -> str:
    """A hint when a refusal names fields of the other family of shapes."""
    named = {e.path.split(".", 1)[0].split("[", 1)[0] for e in reply.field_errors}
    foreign = AITRONOS_ONLY if submission.dialect != "aitronos" else OPENAI_ONLY
    if not named & foreign:
        return ""
    return (
        f" The upstream asked about {', '.join(sorted(named & foreign))}, which "
        f"{submission.connection.get_dialect_display()} does not send: check the API type of "
        f"the connection “{submission.connection.name}” (an admin can change it on the "
        "Connections page)."
    )


def worker_lost(times: int) -> str:
    return (
        f"The worker stopped {times} times while handling this submission, so it was stopped "
        "to be safe and nothing more will be sent. Check the worker's logs, then check the "
        "upstream for the assistant before submitting again."
    )


def duplicate_name_field(name: str) -> str:
    return f"The upstream already has an assistant called “{name}”. Choose another name."


def rejected(submission: Submission, reply: Reply) -> str:
    """A 4xx: why trying again will not help, and where to fix it."""
    connection = submission.connection
    status = reply.http_status
    said = f" The upstream said: “{quote(reply.message)}”." if reply.message else ""
    if status == 401:
        return (
            f"The upstream did not accept the API key of the connection “{connection.name}” "
            f"(HTTP 401).{said} Check the connection's key: an admin can replace it on the "
            "Connections page. Then submit again."
        )
    if status == 403:
        return (
            f"The upstream refused the connection's API key for this (HTTP 403).{said} Check "
            f"that the key of “{connection.name}” may create assistants for the organisation "
            f"{submission.organization.upstream_id} (an admin can change the key on the "
            "Connections page), then submit again."
        )
    if status == 404:
        return (
            f"The upstream has no assistants endpoint at {connection.base_url} (HTTP 404). "
            f"Check the base URL of the connection “{connection.name}”: everything before "
            "/v1/assistants."
        )
    if is_duplicate_name(reply):
        return (
            "The upstream already has an assistant with this name, so it refused another one. "
            "Rename the draft (Basics → Name), then submit again."
        )
    if reply.field_errors:
        count = len(reply.field_errors)
        noun = "setting" if count == 1 else "settings"
        return (
            f"The upstream refused {count} {noun} (HTTP {status}).{said} Fix the fields listed "
            "below, then submit again." + wrong_shape_hint(submission, reply)
        )
    return (
        f"The upstream refused the request (HTTP {status}).{said} Trying again will not help "
        "until that is fixed."
    )


def stale_change(draft: Draft) -> str:
    """An update or delete built on a live version someone else has changed since."""
    who = draft.live_by.get_username() if draft.live_by else "someone"
    when = f"{draft.live_at:%d %b %Y %H:%M} UTC" if draft.live_at else "meanwhile"
    return (
        f"Not sent: {who} changed the live assistant ({when}) after this change was "
        "prepared, and sending it would overwrite theirs. Look at what is live now, then "
        "update again."
    )


def not_found_upstream(submission: Submission) -> str:
    return (
        f"The upstream has no assistant {submission.upstream_assistant_id} any more (HTTP "
        "404): it was deleted there, or the connection points at another account. Check the "
        f"connection “{submission.connection.name}”; to make the assistant again, create a "
        "copy of this draft and submit it."
    )
