"""The submission marker: a metadata label that ties an upstream assistant to one submission.

Every create carries `metadata["assistant_builder_submission"] = <the submission's
idempotency key>`. All three upstream shapes store `metadata` and return it, so after an
attempt whose outcome is unknown the pipeline looks for the assistant carrying *this*
submission's key; names and times only narrow the search (docs/contract.md, "Exactly once").

Where the label does not fit (an OpenAI-shaped target keeps at most 16 labels) the request is
sent without it, the pre-check says so, and an unclear attempt is never settled by adopting
an assistant: see `MARKER_MISSING_REASON`.
"""

from dataclasses import replace
from typing import Any

from assistants.dialects.base import Unsupported, UpstreamRequest

MARKER_KEY = "assistant_builder_submission"
# Shown in previews: the real value is the submission's own key, made when Submit is pressed.
PREVIEW_VALUE = "(a new key for each submission)"
# OpenAI (and compatible servers): at most 16 pairs, keys ≤ 64, values ≤ 512 characters.
# The Aitronos reference gives no limit for metadata.
METADATA_PAIRS = {"openai": 16, "openai_v1": 16}
MARKER_MISSING_REASON = (
    "Assistant Builder's own label (it recognises this submission's assistant by it) is not "
    "added: the labels already hold {limit} entries, the most {target} keeps. Your labels are "
    "sent, but if the upstream's answer is lost (a timeout, a dropped connection) the submission "
    "stops as “unconfirmed” instead of being tried again, and you check the upstream yourself. "
    "Remove one label to avoid this."
)


def marker_fits(dialect: str, metadata: Any) -> bool:
    limit = METADATA_PAIRS.get(dialect)
    if limit is None:
        return True
    others = {k: v for k, v in (metadata or {}).items() if k != MARKER_KEY}
    return len(others) < limit


def with_marker(request: UpstreamRequest, dialect: str, value: str) -> UpstreamRequest:
    """`request` with the marker label added to its body (a copy), or, where the target's
    metadata is full, unchanged but for an `unsupported` entry saying so."""
    if not request.body or request.errors:  # an invalid draft: nothing will be sent
        return request
    metadata = request.body.get("metadata")
    metadata = dict(metadata) if isinstance(metadata, dict) else {}
    if not marker_fits(dialect, metadata):
        from assistants.dialects import DIALECTS

        target = dict(DIALECTS).get(dialect, dialect)
        reason = MARKER_MISSING_REASON.format(limit=METADATA_PAIRS[dialect], target=target)
        return replace(request, unsupported=[*request.unsupported, Unsupported("metadata", reason)])
    metadata[MARKER_KEY] = value
    return replace(request, body={**request.body, "metadata": metadata})


def marker_of(obj: Any) -> str | None:
    """The marker an upstream assistant object carries, if any."""
    if not isinstance(obj, dict):
        return None
    metadata = obj.get("metadata")
    if not isinstance(metadata, dict):
        metadata = obj.get("assistant_metadata")  # the Aitronos SDK's update spelling
    if not isinstance(metadata, dict):
        return None
    value = metadata.get(MARKER_KEY)
    return str(value) if value is not None else None


def body_marker(body: dict[str, Any]) -> str | None:
    """The marker a stored request body carries (None: it was sent without one)."""
    return marker_of(body)
