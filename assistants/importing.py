"""Import a create-assistant body (Aitronos or OpenAI shape) as a draft configuration."""

from dataclasses import dataclass, field

from assistants.contract import FieldError, config_to_document, validate_config
from assistants.contract.normalize import normalize_import
from assistants.dialects import detect_shape, from_openai


@dataclass
class ImportResult:
    shape: str
    config: dict = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)


def import_body(body: dict) -> ImportResult:
    """Every problem with its field path, or a configuration ready to store; never half."""
    shape = detect_shape(body)
    normalized = from_openai(body) if shape == "openai" else normalize_import(body)
    if normalized.errors:
        return ImportResult(shape=shape, notes=normalized.notes, errors=normalized.errors)
    result = validate_config(normalized.data)
    if not result.ok:
        return ImportResult(shape=shape, notes=normalized.notes, errors=result.errors)
    return ImportResult(
        shape=shape, config=config_to_document(result.config), notes=normalized.notes
    )
