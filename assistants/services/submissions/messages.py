"""What a failed submission tells people: what happened, in plain words, and what to do."""

from assistants.models import Draft, Submission
from assistants.upstream import Reply


def is_duplicate_name(reply: Reply) -> bool:
    """Aitronos refuses a second live assistant of the same name with issue "duplicate"."""
    return any(e.path == "name" and e.code == "duplicate" for e in reply.field_errors)


def gave_up(tries: int, last: str) -> str:
    return (
        f"Gave up after {tries} tries. The last one: {last or 'no answer'} "
        "Submit again later, or check whether the upstream is working."
    )


def unconfirmed(name: str, problem: str) -> str:
    return (
        "An earlier attempt may have created the assistant, but the upstream's list of "
        f"assistants could not be read to confirm it ({problem or 'no answer'}). "
        f"Look for an assistant called “{name}” at the upstream before submitting again."
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
    said = f" The upstream said: “{reply.message}”." if reply.message else ""
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
            "below, then submit again."
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
