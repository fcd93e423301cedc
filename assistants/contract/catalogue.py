"""The flattened catalogue the editor is built from, read off the pydantic models."""

from dataclasses import dataclass, field
from functools import cache
from typing import Any, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo
from pydantic_core import PydanticUndefined

from assistants.contract import introspect
from assistants.contract.models import AssistantConfig
from assistants.contract.sections import SECTIONS, Section
from assistants.contract.spec import (
    X_CHOICE_LABELS,
    X_FLATTEN,
    X_KIND,
    X_LEVEL,
    X_PICKER,
    X_SUGGESTIONS,
    X_WIDGET,
    extra_of,
    is_secret,
    section_of,
)


@dataclass(frozen=True)
class FieldSpec:
    name: str  # dotted path from the model's root: "temperature", "tool_configurations.mcp_tools"
    field: str  # the top-level key that holds it
    section: Section | None  # None for the fields of nested models
    label: str
    help: str
    kind: str
    default: Any  # the documented default, None when there is none
    choices: list[tuple[str, str]]
    minimum: float | None
    maximum: float | None
    max_length: int | None
    max_items: int | None
    required: bool
    picker: str | None
    secret: bool
    widget: str | None = None
    suggestions: list[str] = field(default_factory=list)
    model: type[BaseModel] | None = None  # nested model (or list item model) for formsets
    level: str = "basic"  # "advanced": behind the section's "Advanced settings"

    @property
    def is_advanced(self) -> bool:
        return self.level == "advanced"


def _kind(tp: Any) -> str:
    """The editor kind of a plain type; complex fields declare theirs with spec(kind=...)."""
    bare = introspect.members(tp)
    if introspect.literal_values(tp):
        return "choice"
    if len(bare) != 1:
        return "object"
    only = bare[0]
    simple = {bool: "boolean", int: "integer", float: "number", str: "text"}
    if only in simple:
        return simple[only]
    origin, args = get_origin(only), get_args(only)
    if origin is list and introspect.members(args[0]) == [str]:
        return "string_list"
    if origin is dict and introspect.members(args[1]) == [str]:
        return "string_map"
    if origin is dict and introspect.members(args[1]) == [int]:
        return "int_map"
    return "object"


def _nested_model(tp: Any) -> type[BaseModel] | None:
    candidates = introspect.members(tp)
    for candidate in [*candidates, *introspect.list_item_types(candidates)]:
        if introspect.is_model(candidate):
            return candidate
    return None


def _choices(info: FieldInfo) -> list[tuple[str, str]]:
    labels = extra_of(info).get(X_CHOICE_LABELS, {})
    values = introspect.literal_values(info.annotation)
    return [(v, labels.get(v, str(v).replace("_", " ").capitalize())) for v in values]


def _spec(name: str, top: str, info: FieldInfo) -> FieldSpec:
    extra = extra_of(info)
    widget = extra.get(X_WIDGET)
    kind = extra.get(X_KIND) or _kind(info.annotation)
    if kind == "text" and widget == "textarea":
        kind = "textarea"
    low, high = introspect.bounds(info.metadata)
    length = introspect.max_length(info.metadata)
    textual = kind in ("text", "textarea")
    default = None if info.default is PydanticUndefined else info.default
    return FieldSpec(
        name=name,
        field=top,
        section=section_of(info),
        label=info.title or name,
        help=info.description or "",
        kind=kind,
        default=default,
        choices=_choices(info),
        minimum=low,
        maximum=high,
        max_length=length if textual else None,
        max_items=None if textual else length,
        required=info.is_required(),
        picker=extra.get(X_PICKER),
        secret=is_secret(info),
        widget=widget,
        suggestions=list(extra.get(X_SUGGESTIONS, [])),
        model=_nested_model(info.annotation),
        level=extra.get(X_LEVEL, "basic"),
    )


@cache
def field_specs(model: type[BaseModel] = AssistantConfig) -> tuple[FieldSpec, ...]:
    """One FieldSpec per field of `model`, in declaration order.

    Cached: the models don't change while the process runs, and every editor page and
    validation message reads the catalogue (a tuple, so no caller can change the shared one).

    Fields declared with spec(flatten=True) are replaced by their own sub-fields, because
    tool_configurations holds parts of two sections (Tools, MCP servers).
    """
    specs: list[FieldSpec] = []
    for name, info in model.model_fields.items():
        nested = _nested_model(info.annotation)
        if extra_of(info).get(X_FLATTEN) and nested is not None:
            children = nested.model_fields.items()
            specs.extend(_spec(f"{name}.{child}", name, sub) for child, sub in children)
        else:
            specs.append(_spec(name, name, info))
    return tuple(specs)


@cache
def specs_by_section() -> dict[Section, tuple[FieldSpec, ...]]:
    """Every section in form order, each with its fields (possibly none)."""
    grouped: dict[Section, list[FieldSpec]] = {section: [] for section in SECTIONS}
    for spec in field_specs():
        if spec.section is not None:
            grouped[spec.section].append(spec)
    return {section: tuple(specs) for section, specs in grouped.items()}
