"""`spec()`: declare a field and everything the editor needs about it in one place.

The editor metadata travels in `json_schema_extra` under `x-` keys, so it shows up in the
JSON Schema (where validators ignore unknown `x-` keywords) and can be read back from the
pydantic `FieldInfo` by `catalogue.field_specs()` without a second hand-written list.
"""

import warnings
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field
from pydantic.fields import FieldInfo
from pydantic_core import PydanticCustomError, PydanticUndefined

from assistants.contract.sections import Section


class Picker(StrEnum):
    """Directories an id field picks from; the editor swaps opaque ids for a search box."""

    USERS = "users"
    DEPARTMENTS = "departments"
    ROLES = "roles"
    VECTOR_STORES = "vector_stores"
    RULES = "rules"
    PRESET_PROMPTS = "preset_prompts"
    SKILLS = "skills"
    SLICES = "slices"
    AVATARS = "avatars"
    VOICE_PROFILES = "voice_profiles"
    MODELS = "models"
    PROVIDERS = "providers"
    STREAMLINE_FLOWS = "streamline_flows"
    THREADS = "threads"
    SKIN_TEMPLATES = "skin_templates"
    ASSISTANTS = "assistants"
    ICONS = "icons"
    CONNECTORS = "connectors"


# Keys used inside json_schema_extra.
X_SECTION = "x-section"
X_PICKER = "x-picker"
X_SECRET = "x-secret"
X_WIDGET = "x-widget"
X_KIND = "x-kind"
X_CHOICE_LABELS = "x-choice-labels"
X_SUGGESTIONS = "x-suggestions"
X_FLATTEN = "x-flatten"
X_LEVEL = "x-level"

# How much a field asks of the person: "basic" fields are shown at once, "advanced" ones sit
# behind the section's "Advanced settings" (experts' knobs, and overlapping controls kept
# for bodies written by hand).
LEVELS = ("basic", "advanced")


class ContractModel(BaseModel):
    """Base of every catalogue model: unknown keys are errors and types are not coerced.

    Strict mode because a stored draft must round-trip byte for byte: "1" must not quietly
    become 1, nor "yes" become true.
    """

    model_config = ConfigDict(extra="forbid", strict=True)


def spec(
    default: Any = PydanticUndefined,
    *,
    label: str,
    help: str,
    section: Section | None = None,
    picker: Picker | None = None,
    secret: bool = False,
    widget: str | None = None,
    kind: str | None = None,
    choice_labels: Mapping[str, str] | None = None,
    suggestions: Sequence[str] | None = None,
    flatten: bool = False,
    level: str = "basic",
    **constraints: Any,
) -> Any:
    """A pydantic `Field` carrying the editor's label, help text and hints.

    `kind` names a custom editor for complex fields; `flatten` makes the catalogue list the
    field's own sub-fields instead of the field itself (tool_configurations spans sections).
    `level` is "basic" or "advanced" (see LEVELS).
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, not {level!r}")
    extra: dict[str, Any] = {}
    if section is not None:
        extra[X_SECTION] = section.value
    if picker is not None:
        extra[X_PICKER] = picker.value
    if secret:
        extra[X_SECRET] = True
    if widget:
        extra[X_WIDGET] = widget
    if kind:
        extra[X_KIND] = kind
    if choice_labels:
        extra[X_CHOICE_LABELS] = dict(choice_labels)
    if suggestions:
        extra[X_SUGGESTIONS] = list(suggestions)
    if flatten:
        extra[X_FLATTEN] = True
    if level != "basic":
        extra[X_LEVEL] = level
    return Field(
        default,
        title=label,
        description=help,
        json_schema_extra=extra or None,
        **constraints,
    )


def extra_of(field: FieldInfo) -> dict[str, Any]:
    """The `x-` metadata declared with `spec()` (empty for plain fields)."""
    extra = field.json_schema_extra
    return extra if isinstance(extra, dict) else {}


def section_of(field: FieldInfo) -> Section | None:
    value = extra_of(field).get(X_SECTION)
    return Section(value) if value else None


def is_secret(field: FieldInfo) -> bool:
    return bool(extra_of(field).get(X_SECRET))


def contract_error(code: str, message: str) -> PydanticCustomError:
    """An error whose message is already written for people; `errors.py` shows it as is."""
    return PydanticCustomError(code, message, {CONTRACT_ERROR: True})


# Marker in an error's ctx: the message needs no rewording.
CONTRACT_ERROR = "contract_message"


@contextmanager
def schema_field_allowed() -> Iterator[None]:
    """Silence pydantic's warning for a field named `schema`.

    The APIs call the key "schema", which shadows the deprecated BaseModel.schema(); an
    alias would leak "schema_" into stored drafts, so models keep the name inside this.
    """
    with warnings.catch_warnings():
        warnings.filterwarnings("ignore", message='Field name "schema"', category=UserWarning)
        yield
