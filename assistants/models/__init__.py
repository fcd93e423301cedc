from assistants.models.drafts import Draft, DraftRevision, DraftStatus
from assistants.models.health import HealthPing
from assistants.models.invitations import Invitation
from assistants.models.organizations import Membership, Organization, Role
from assistants.models.submissions import (
    ACTIVE_STATUSES,
    Connection,
    Dialect,
    Submission,
    SubmissionAttempt,
    SubmissionKind,
    SubmissionStatus,
)

__all__ = [
    "ACTIVE_STATUSES",
    "Connection",
    "Dialect",
    "Draft",
    "DraftRevision",
    "DraftStatus",
    "HealthPing",
    "Invitation",
    "Membership",
    "Organization",
    "Role",
    "Submission",
    "SubmissionAttempt",
    "SubmissionKind",
    "SubmissionStatus",
]
