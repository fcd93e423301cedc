"""What a create submission sends: its stored body and the endpoint it goes to. Shared by the
run that sends it (process.py) and the reconciliation that looks for its copies."""

import json
from typing import Any

from assistants import crypto
from assistants.dialects import build_request
from assistants.models import Submission


def sent_body(submission: Submission) -> dict[str, Any]:
    """The create body as stored (encrypted) when Submit was pressed, marker included."""
    return json.loads(crypto.decrypt(submission.body_encrypted))


def create_endpoint(submission: Submission) -> tuple[str, dict[str, str]]:
    """URL and headers, with the connection's current key (an admin may have fixed it)."""
    connection = submission.connection
    # An empty configuration still yields the dialect's path and headers.
    shape = build_request(
        submission.dialect,
        {},
        organization_id=submission.organization.upstream_id,
        api_key=connection.api_key,
    )
    return connection.base_url.rstrip("/") + shape.path, shape.headers
