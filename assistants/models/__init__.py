from assistants.models.drafts import Draft, DraftRevision, DraftStatus
from assistants.models.health import HealthPing
from assistants.models.organizations import Membership, Organization, Role
from assistants.models.submissions import (
    Connection,
    Dialect,
    Submission,
    SubmissionAttempt,
    SubmissionStatus,
)

__all__ = [
    "Connection",
    "Dialect",
    "Draft",
    "DraftRevision",
    "DraftStatus",
    "HealthPing",
    "Membership",
    "Organization",
    "Role",
    "Submission",
    "SubmissionAttempt",
    "SubmissionStatus",
]
