"""Submitting from a page or the API: the checks that must pass before a submission is
stored, in words for the person, around `submission_start` (assistants/services/submissions).

A draft can be stored in a state that no longer sends: its MCP server's host now resolves
inside the network, or the connection's key was encrypted with a key since removed. Those
are refusals to explain, not errors (issue 17).
"""

from django.contrib.auth.models import AbstractBaseUser

from assistants import crypto
from assistants.models import Connection, Draft, Submission
from assistants.outbound import outbound_url_problem
from assistants.services.drafts import outbound_errors
from assistants.services.submissions import (
    ConnectionUnusable,
    DraftNotSendable,
    SubmissionRefused,
    submission_send,
)


def submission_send_checked(
    *,
    draft: Draft,
    user: AbstractBaseUser,
    connection: Connection | None = None,
    base_live_version: int | None = None,
) -> Submission:
    """`submission_send` (create through `connection`, or update the live assistant), refused
    with SubmissionRefused (a message, field errors) when the draft's MCP servers or the
    connection it goes through may not be called, or the key cannot be read."""
    if draft.upstream_assistant_id:
        connection = draft.upstream_connection
    if connection is None:
        raise SubmissionRefused("Choose a connection to send it to.")
    problem = outbound_url_problem(connection.base_url)
    if problem:
        raise ConnectionUnusable(
            f"The connection “{connection.name}” cannot be used: {problem} An admin can "
            "change its base URL on the Connections page."
        )
    errors = outbound_errors(draft.config)
    if errors:
        raise DraftNotSendable(
            "This draft cannot be sent as it is: an MCP server's address is not one this "
            "installation calls. Change it in the MCP section, then submit again.",
            errors,
        )
    try:
        return submission_send(
            draft=draft, user=user, connection=connection, base_live_version=base_live_version
        )
    except crypto.DecryptionFailed as unreadable:
        raise ConnectionUnusable(
            f"The API key of “{connection.name}” cannot be read with this installation's "
            "encryption keys. An admin can enter it again on the Connections page."
        ) from unreadable
