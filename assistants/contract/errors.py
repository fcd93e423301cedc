"""Pydantic errors rewritten as `FieldError`s: a path, and a message a person can act on."""

from dataclasses import dataclass
from typing import Any

from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails

from assistants.contract import introspect
from assistants.contract.spec import CONTRACT_ERROR, section_of

# Unknown keys that deserve more than "not a setting we know": removed in the newest
# edition, or belonging to the request rather than to the stored draft.
SPECIAL_KEYS = {
    "computer_use_preview": "Computer use was removed from the Aitronos API; take it out of "
    "the built-in tools.",
    "organization_id": "organization_id is not stored with the assistant; it is set from the "
    "organisation when the assistant is sent.",
    "store": "“store” is called “store_responses” here; use the import to convert it.",
}


@dataclass(frozen=True)
class FieldError:
    path: str  # tool_configurations.mcp_tools[0].server_url
    message: str
    code: str
    section: str | None
    field: str  # the top-level key, e.g. tool_configurations


def _number(value: Any) -> str:
    return f"{value:g}" if isinstance(value, float) else f"{value:,}"


def _one_of(values: tuple[Any, ...]) -> str:
    quoted = [f"“{v}”" for v in values]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " or " + quoted[-1]


def _range_message(label: str, where: introspect.Location, ctx: dict[str, Any]) -> str:
    low, high = introspect.bounds(where.leaf_constraints)
    if low is not None and high is not None:
        return f"{label} must be between {_number(low)} and {_number(high)}."
    if "ge" in ctx:
        return f"{label} must be at least {_number(ctx['ge'])}."
    if "gt" in ctx:
        return f"{label} must be more than {_number(ctx['gt'])}."
    if "le" in ctx:
        return f"{label} must be at most {_number(ctx['le'])}."
    return f"{label} must be less than {_number(ctx['lt'])}."


_TYPE_MESSAGES = {
    "missing": "{label} is required.",
    "int_type": "{label} must be a whole number.",
    "int_parsing": "{label} must be a whole number.",
    "int_from_float": "{label} must be a whole number.",
    "float_type": "{label} must be a number.",
    "float_parsing": "{label} must be a number.",
    "finite_number": "{label} must be a number.",
    "bool_type": "{label} must be true or false.",
    "bool_parsing": "{label} must be true or false.",
    "string_type": "{label} must be text.",
    "list_type": "{label} must be a list.",
    "dict_type": "{label} must be a set of named values (a JSON object).",
    "model_type": "{label} must be a set of named values (a JSON object).",
    "model_attributes_type": "{label} must be a set of named values (a JSON object).",
    "union_tag_not_found": "{label}: say which type it is.",
}


def _message(err: ErrorDetails, label: str, where: introspect.Location) -> str:
    kind, ctx = err["type"], err.get("ctx") or {}
    if ctx.get(CONTRACT_ERROR):
        return err["msg"]
    if kind in _TYPE_MESSAGES:
        return _TYPE_MESSAGES[kind].format(label=label)
    if kind in ("greater_than_equal", "greater_than", "less_than_equal", "less_than"):
        return _range_message(label, where, ctx)
    if kind == "literal_error":
        choices = introspect.literal_values(where.leaf_types[0]) if where.leaf_types else ()
        return f"{label} must be {_one_of(choices) if choices else ctx.get('expected')}."
    if kind == "string_too_long":
        return f"{label} can be at most {_number(ctx['max_length'])} characters."
    if kind == "string_too_short":
        if ctx.get("min_length") == 1:
            return f"{label} cannot be empty."
        return f"{label} must be at least {_number(ctx['min_length'])} characters."
    if kind == "too_long":
        return f"{label} can have at most {_number(ctx['max_length'])} entries."
    if kind == "too_short":
        return f"{label} needs at least {_number(ctx['min_length'])} entries."
    if kind == "string_pattern_mismatch":
        hint = where.leaf_field.description if where.leaf_field else None
        return f"{label} is not in the right form." + (f" {hint}" if hint else "")
    if kind == "union_tag_invalid":
        tags = tuple(t.strip(" '") for t in str(ctx.get("expected_tags", "")).split(","))
        return f"{label}: “{ctx.get('tag')}” is not a known type; use {_one_of(tags)}."
    return f"{label}: {err['msg']}."


def _extra_message(key: str, parent_label: str | None) -> str:
    if key in SPECIAL_KEYS:
        return SPECIAL_KEYS[key]
    where = f" in {parent_label}" if parent_label else ""
    return f"“{key}” is not a setting we know{where}. Remove it or check the spelling."


def _label(where: introspect.Location) -> str:
    info = where.leaf_field
    if info is not None and info.title:
        return info.title
    return where.field_name.replace("_", " ").capitalize()


def _section(where: introspect.Location) -> str | None:
    sections = [section_of(info) for _, info in where.fields]
    found = [s for s in sections if s is not None]
    return found[-1].value if found else None


def field_error(model: type[BaseModel], loc: introspect.Loc, message: str, code: str) -> FieldError:
    """A FieldError for a path in `model`, with its section and top-level field filled in."""
    where = introspect.locate(model, loc)
    return FieldError(where.path, message, code, _section(where), where.field_name)


def errors_from_validation(model: type[BaseModel], exc: ValidationError) -> list[FieldError]:
    """One FieldError per path, the most precise ones only.

    A value that fits no branch of a union fails once per branch: the first error per path
    is kept, and an error on a path is dropped when a deeper one explains it (a filter object
    given for require_approval fails as "not always/never" and inside the object).
    """
    found: dict[str, FieldError] = {}
    for err in exc.errors():
        error = _convert(model, err)
        found.setdefault(error.path, error)
    return [error for path, error in found.items() if not _has_deeper(path, found)]


def _has_deeper(path: str, paths: dict[str, FieldError]) -> bool:
    return any(other.startswith((f"{path}.", f"{path}[")) for other in paths if other != path)


def _convert(model: type[BaseModel], err: ErrorDetails) -> FieldError:
    loc = tuple(err["loc"])
    if err["type"] == "extra_forbidden":
        key = str(loc[-1])
        parent = introspect.locate(model, loc[:-1])
        message = _extra_message(key, _label(parent) if parent.fields else None)
        path = f"{parent.path}.{key}" if parent.path else key
        return FieldError(path, message, err["type"], _section(parent), str(loc[0]))
    where = introspect.locate(model, loc)
    path = where.path
    if err["type"] in ("union_tag_invalid", "union_tag_not_found"):
        # Point at the discriminator key itself (tools[0].type) but keep the list's label.
        key = str((err.get("ctx") or {}).get("discriminator", "type")).strip("'")
        path = f"{path}.{key}"
    message = _message(err, _label(where), where)
    return FieldError(path, message, err["type"], _section(where), where.field_name)
