"""Validating a stored configuration and turning it back into its stored form."""

from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError

from assistants.contract.errors import FieldError, errors_from_validation
from assistants.contract.models import AssistantConfig


@dataclass(frozen=True)
class ValidationResult:
    config: AssistantConfig | None
    errors: list[FieldError]
    notes: list[str] = field(default_factory=list)  # what an import normalised

    @property
    def ok(self) -> bool:
        return not self.errors


def validate_config(data: dict[str, Any]) -> ValidationResult:
    """Validate a configuration in its stored shape (snake_case, no organization_id)."""
    try:
        config = AssistantConfig.model_validate(data)
    except ValidationError as exc:
        return ValidationResult(None, errors_from_validation(AssistantConfig, exc))
    return ValidationResult(config, [])


def config_to_document(config: AssistantConfig) -> dict[str, Any]:
    """The stored shape: only what the user set, snake_case, JSON-safe.

    Defaults are not written: they apply when the document is read, so a draft keeps
    saying "not set" rather than freezing today's default.
    """
    return config.model_dump(mode="json", exclude_unset=True, by_alias=False)
