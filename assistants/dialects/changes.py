"""What retrieve, update and delete requests share across dialects: the path of one
assistant, and clearing upstream what the draft no longer sets.

An update sends the whole configuration (so a resent update is harmless and puts back
anything changed elsewhere), plus an explicit value for every key the previous request set
and this one does not: an update that merely leaves a key out keeps its old value upstream.
Each dialect says how each key is cleared; a key it has no way to clear is reported as
unsupported, never dropped in silence.
"""

from collections.abc import Callable, Mapping
from typing import Any
from urllib.parse import quote

from assistants.dialects.base import Unsupported, UpstreamRequest
from assistants.dialects.marker import MARKER_KEY

# A clear value, or a function of the key when it depends on the contract.
Clear = Any
NO_CLEAR = object()  # the key cannot be cleared on this upstream


def assistant_path(collection: str, assistant_id: str) -> str:
    """`/v1/assistants/{id}`, the id escaped: it comes from the upstream, not from us."""
    return f"{collection}/{quote(assistant_id, safe='')}"


def without_body(headers: dict[str, str]) -> dict[str, str]:
    """Headers for a request without a body (GET, DELETE): no Content-Type."""
    return {key: value for key, value in headers.items() if key.lower() != "content-type"}


def with_clears(
    request: UpstreamRequest,
    previous_body: Mapping[str, Any] | None,
    clear_value: Callable[[str], Clear],
    *,
    label: str,
    origin: Callable[[str], str] = lambda key: key,
) -> UpstreamRequest:
    """`request` with every key of `previous_body` it no longer sends set to its clear value.

    `origin` maps a body key back to the configuration path it came from, for the report.
    """
    body = dict(request.body)
    unsupported = list(request.unsupported)
    for key in previous_body or {}:
        if key in body:
            continue
        value = clear_value(key)
        if value is NO_CLEAR:
            unsupported.append(
                Unsupported(
                    origin(key),
                    f"{label} has no way to clear this setting: it keeps its current value "
                    "upstream. Change it there, or set a value here.",
                )
            )
            continue
        body[key] = value
    return UpstreamRequest(
        request.method, request.path, request.headers, body, unsupported, request.errors
    )


def without_marker(metadata: Any) -> Any:
    """Labels as the draft knows them: Assistant Builder's own submission marker (added to
    every create) is the pipeline's, not a setting, so reading it back is not drift. None
    when nothing else is left."""
    if not isinstance(metadata, dict) or MARKER_KEY not in metadata:
        return metadata
    rest = {key: value for key, value in metadata.items() if key != MARKER_KEY}
    return rest or None
