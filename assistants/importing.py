"""Import a create-assistant body (Aitronos or OpenAI shape) as a draft configuration."""

from dataclasses import dataclass, field

from assistants.contract import FieldError, config_to_document, validate_config
from assistants.contract.normalize import normalize_import
from assistants.dialects import detect_shape, from_openai
from assistants.dialects.marker import MARKER_KEY

# Keys an upstream adds to the assistant it returns, which no create body takes: Aitronos's
# AssistantResponse (the official SDK) beyond the create fields, and OpenAI's Assistant.
# organization_id is dropped by the import rules themselves (it is sent from the organisation).
READ_ONLY_KEYS = (
    "id",
    "object",
    "created_at",
    "created_by",
    "updated_at",
    "deleted_at",
    "icon_url",
    "user_access_level",
    "tool_capabilities",
    "workflow_id",
    "workflow_version",
    "workflow_based",
)


@dataclass
class ImportResult:
    shape: str
    config: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)


def import_body(body: dict) -> ImportResult:
    """Every problem with its field path, or a configuration ready to store; never half.

    An assistant object exactly as an upstream returns it is accepted too: its read-only
    keys, the fields it reports as null (not set) and Assistant Builder's own submission
    label are dropped, each with a note.
    """
    body, dropped = strip_upstream_object(body)
    shape = detect_shape(body)
    normalized = from_openai(body) if shape == "openai" else normalize_import(body)
    notes = [*dropped, *normalized.notes]
    # The import's own problems (unknown OpenAI keys, conflicting spellings) and the
    # contract's are reported together, so one round of fixes is enough.
    result = validate_config(normalized.data)
    if normalized.errors or not result.ok:
        seen = {error.path for error in normalized.errors}
        errors = [*normalized.errors, *(e for e in result.errors if e.path not in seen)]
        return ImportResult(shape=shape, notes=notes, errors=errors)
    return ImportResult(shape=shape, config=config_to_document(result.config), notes=notes)


def strip_upstream_object(body: dict) -> tuple[dict, list[str]]:
    """`body` without what only a returned assistant has, and a note on what went."""
    if not isinstance(body, dict):
        return body, []
    notes = []
    read_only = [key for key in READ_ONLY_KEYS if key in body]
    looks_returned = bool(read_only)
    kept = {key: value for key, value in body.items() if key not in READ_ONLY_KEYS}
    if read_only:
        notes.append(
            "This looks like an assistant as an upstream returns it. Left out what the "
            f"upstream sets itself: {', '.join(read_only)}."
        )
    if looks_returned:
        nulls = [key for key, value in kept.items() if value is None]
        kept = {key: value for key, value in kept.items() if value is not None}
        if nulls:
            notes.append(f"Left out the settings it reports as not set: {', '.join(nulls)}.")
    metadata = kept.get("metadata")
    if isinstance(metadata, dict) and MARKER_KEY in metadata:
        kept["metadata"] = {k: v for k, v in metadata.items() if k != MARKER_KEY}
        if not kept["metadata"]:
            del kept["metadata"]
        notes.append(
            f"Left out the label “{MARKER_KEY}”: Assistant Builder adds its own to each submission."
        )
    return kept, notes
