"""Submissions: send a draft to an upstream through Celery, exactly once, every attempt recorded.

- `start`: `submission_start` validates and stores a submission, enqueued on commit.
- `process`: `submission_process`, the state machine a worker runs (lease, look-up, send).
- `sweep`: `submissions_sweep`, the periodic job that sends what no message is on its way for.
- `scheduling`: publishing messages, backoff.
- `field_errors`: an upstream's field errors mapped onto the draft's sections.
"""

from assistants.services.submissions.changes import (
    DraftNotLive,
    StaleChange,
    submission_delete_start,
    submission_send,
    submission_update_start,
)
from assistants.services.submissions.process import submission_process
from assistants.services.submissions.start import (
    ConnectionUnusable,
    DraftAlreadyCreated,
    DraftNotSendable,
    SubmissionInProgress,
    SubmissionRefused,
    submission_start,
)
from assistants.services.submissions.sweep import submissions_sweep

__all__ = [
    "ConnectionUnusable",
    "DraftAlreadyCreated",
    "DraftNotLive",
    "DraftNotSendable",
    "StaleChange",
    "SubmissionInProgress",
    "SubmissionRefused",
    "submission_delete_start",
    "submission_process",
    "submission_send",
    "submission_start",
    "submission_update_start",
    "submissions_sweep",
]
