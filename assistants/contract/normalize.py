"""Import: turn a body copied from the docs (or another tool) into the stored shape.

Each rule below exists because the documentation's own examples disagree with its
reference table; docs/contract.md lists them with the tests that cover them.
"""

import copy
import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel

from assistants.contract import introspect
from assistants.contract.errors import FieldError, field_error
from assistants.contract.examples import load_example
from assistants.contract.models import AssistantConfig
from assistants.contract.validation import ValidationResult, config_to_document, validate_config

# Keys that belong to the request, not to the stored draft.
IGNORED_KEYS = ("organization_id",)
# The OpenAI-style alias the Python sample uses for store_responses.
KEY_ALIASES = {"store": "store_responses"}
# Truncation values of the OpenAI Responses API; the reference says boolean.
TRUNCATION_VALUES = {"auto": True, "disabled": False}


@dataclass(frozen=True)
class NormalizeResult:
    data: dict[str, Any]
    notes: list[str] = field(default_factory=list)
    errors: list[FieldError] = field(default_factory=list)
    ignored: list[str] = field(default_factory=list)  # keys dropped on purpose

    @property
    def ok(self) -> bool:
        return not self.errors


def _snake(key: str) -> str:
    return re.sub(r"(?<=[a-z0-9])([A-Z])", r"_\1", key).lower()


def _path(parent: str, key: str) -> str:
    return f"{parent}.{key}" if parent else key


@dataclass
class _Renamer:
    """Renames camelCase keys to the snake_case field names, only where the model has fields.

    Free-form maps (metadata, headers, JSON schemas) keep their keys untouched.
    """

    notes: list[str]
    errors: list[FieldError]

    def walk(self, candidates: list[Any], value: Any, path: str) -> Any:
        model = introspect.model_for(candidates, value)
        if model is not None:
            return self.walk_model(model, value, path)
        if isinstance(value, list):
            items = introspect.list_item_types(candidates)
            return [self.walk(items, item, f"{path}[{i}]") for i, item in enumerate(value)]
        if isinstance(value, dict):
            values = introspect.dict_value_types(candidates)
            return {k: self.walk(values, v, _path(path, k)) for k, v in value.items()}
        return value

    def walk_model(self, model: type[BaseModel], value: dict[str, Any], path: str) -> Any:
        renamed: dict[str, Any] = {}
        for key, item in value.items():
            target = key if key in model.model_fields else _snake(key)
            if target not in model.model_fields:
                target = key  # unknown either way: validation will name it
            elif target != key and not self.rename(value, key, target, path):
                continue
            info = model.model_fields.get(target)
            candidates = introspect.members(info.annotation) if info else []
            renamed[target] = self.walk(candidates, item, _path(path, target))
        return renamed

    def rename(self, value: dict[str, Any], key: str, target: str, path: str) -> bool:
        """Record the rename; False when the snake_case key is also present."""
        if target not in value:
            self.notes.append(f"Renamed “{key}” to “{target}” at {_path(path, target)}.")
            return True
        if value[target] != value[key]:
            self.errors.append(
                field_error(
                    AssistantConfig,
                    introspect.parse_path(_path(path, target)),
                    f"Both “{key}” and “{target}” are given with different values; keep one.",
                    "import_conflict",
                )
            )
        else:
            self.notes.append(f"Dropped “{key}”: it repeats “{target}” at {path or 'top level'}.")
        return False


def _apply_aliases(data: dict[str, Any], notes: list[str], errors: list[FieldError]) -> None:
    for alias, target in KEY_ALIASES.items():
        if alias not in data:
            continue
        value = data.pop(alias)
        if target in data and data[target] != value:
            errors.append(
                field_error(
                    AssistantConfig,
                    (target,),
                    f"Both “{alias}” and “{target}” are given with different values; keep one.",
                    "import_conflict",
                )
            )
        elif target not in data:
            data[target] = value
            notes.append(f"Renamed “{alias}” to “{target}”.")
        else:
            notes.append(f"Dropped “{alias}”: it repeats “{target}”.")


def _apply_truncation(data: dict[str, Any], notes: list[str]) -> None:
    value = data.get("truncation")
    if isinstance(value, str) and value in TRUNCATION_VALUES:
        data["truncation"] = TRUNCATION_VALUES[value]
        notes.append(f"Changed truncation “{value}” to {str(data['truncation']).lower()}.")


def _drop_ignored(data: dict[str, Any], notes: list[str]) -> list[str]:
    ignored = [key for key in IGNORED_KEYS if key in data]
    for key in ignored:
        del data[key]
        notes.append(
            f"Ignored “{key}”: it is set from the organisation when the assistant is sent."
        )
    return ignored


def normalize_import(body: dict[str, Any]) -> NormalizeResult:
    """Apply the documented import normalisations; the result is ready for validate_config."""
    if not isinstance(body, dict):
        error = FieldError("", "The imported text must be a JSON object.", "dict_type", None, "")
        return NormalizeResult({}, errors=[error])
    notes: list[str] = []
    errors: list[FieldError] = []
    data = _Renamer(notes, errors).walk_model(AssistantConfig, copy.deepcopy(body), "")
    _apply_aliases(data, notes, errors)
    _apply_truncation(data, notes)
    ignored = _drop_ignored(data, notes)
    return NormalizeResult(data, notes, errors, ignored)


def import_config(body: dict[str, Any]) -> ValidationResult:
    """normalize_import, then validate_config; errors of both steps are reported together."""
    normalized = normalize_import(body)
    validated = validate_config(normalized.data)
    return ValidationResult(
        validated.config if normalized.ok else None,
        [*normalized.errors, *validated.errors],
        normalized.notes,
    )


def example_document(name: str) -> dict[str, Any]:
    """A documented example as a draft stores it: imported (normalised and validated) and
    written back as a document. Raises when the example no longer imports."""
    result = import_config(load_example(name))
    if not result.ok:
        raise ValueError(f"The {name} example no longer imports: {result.errors}")
    return config_to_document(result.config)
