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
    """Every problem with its field path, or a configuration ready to store; never half.

    The import's own problems (unknown OpenAI keys, conflicting spellings) and the contract's
    are reported together, so one round of fixes is enough.
    """
    shape = detect_shape(body)
    normalized = from_openai(body) if shape == "openai" else normalize_import(body)
    result = validate_config(normalized.data)
    if normalized.errors or not result.ok:
        seen = {error.path for error in normalized.errors}
        errors = [*normalized.errors, *(e for e in result.errors if e.path not in seen)]
        return ImportResult(shape=shape, notes=normalized.notes, errors=errors)
    return ImportResult(
        shape=shape, config=config_to_document(result.config), notes=normalized.notes
    )
