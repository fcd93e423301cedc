"""What a successful submission records on its draft: the live assistant it now manages.

Kept apart from the state machine (process.py) and the per-kind runs (kinds.py) so both can
use it without importing each other.
"""

from typing import Any

from django.db.models import F
from django.utils import timezone

from assistants.models import Submission


def live_fields(submission: Submission) -> dict[str, Any]:
    """Draft fields after `submission` was applied upstream: what it sent is now live, one
    version on, and whatever drift was seen before is answered by it."""
    return {
        "upstream_connection_id": submission.connection_id,
        "live_config": submission.config,
        "live_version": F("live_version") + 1,
        "live_at": timezone.now(),
        "live_by_id": submission.submitted_by_id,
        "drift": [],
        "drift_config": None,
        "drift_checked_at": None,
    }


def unlinked_fields() -> dict[str, Any]:
    """Draft fields after its assistant was deleted upstream: a record, no longer live."""
    return {
        "upstream_assistant_id": "",
        "upstream_connection_id": None,
        "live_config": None,
        "live_version": F("live_version") + 1,
        "live_at": timezone.now(),
        "drift": [],
        "drift_config": None,
        "drift_checked_at": None,
    }
