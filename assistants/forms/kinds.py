"""How each simple catalogue kind is edited: its form field, and the value it stores.

A form field's cleaned value becomes the stored value through `to_config`; `None` means
"not set" (the key is removed and the API's default applies).
"""

import json
from typing import Any

from django import forms

from assistants.contract import FieldSpec
from assistants.forms.image import ImageDataField
from assistants.forms.widgets import (
    JsonWidget,
    KeyValueWidget,
    LinesWidget,
    PickerInput,
    PickerListWidget,
)
from assistants.known_models import model_choices
from directory.identifiers import current_directory, id_help, model_groups

SIMPLE_KINDS = {
    "text",
    "textarea",
    "integer",
    "number",
    "boolean",
    "choice",
    "string_list",
    "string_map",
    "int_map",
    "object",
}


def _default_label(spec: FieldSpec) -> str:
    labels = dict(spec.choices)
    if spec.default is None:
        return "Not set"
    return f"API default: {labels.get(spec.default, spec.default)}"


def _help(spec: FieldSpec) -> str:
    return spec.help


class JsonField(forms.CharField):
    widget = JsonWidget

    def to_python(self, value):
        text = super().to_python(value)
        if not text.strip():
            return None
        try:
            return json.loads(text)
        except json.JSONDecodeError as error:
            raise forms.ValidationError(
                f"This isn't valid JSON (line {error.lineno}, column {error.colno}: "
                f"{error.msg}). Fix it or clear the box.",
                code="json",
            ) from error


class PairsField(forms.Field):
    """Key/value rows → dict; with `integers`, values must be whole numbers."""

    def __init__(self, *, integers: bool = False, **kwargs) -> None:
        self.integers = integers
        super().__init__(**kwargs)

    def to_python(self, value):
        pairs = list(value or [])
        result: dict[str, Any] = {}
        for key, raw in pairs:
            if not key:
                raise forms.ValidationError("Every value needs a key. Fill it in or clear the row.")
            if key in result:
                raise forms.ValidationError(f"The key “{key}” appears twice. Keep one.")
            if self.integers:
                try:
                    result[key] = int(str(raw).strip())
                except ValueError as error:
                    raise forms.ValidationError(
                        f"The value for “{key}” must be a whole number."
                    ) from error
            else:
                result[key] = raw
        return result or None


class LinesField(forms.CharField):
    widget = LinesWidget

    def to_python(self, value):
        if isinstance(value, list):
            return value or None
        lines = [line.strip() for line in (value or "").splitlines()]
        return [line for line in lines if line] or None


def _model_choices(groups: list, stored: Any, default_label: str) -> list:
    if not groups:
        return model_choices(stored, default_label)
    choices: list = [("", default_label)]
    known = set()
    for provider, entries in groups:
        options = []
        for entry in entries:
            capabilities = entry.extra.get("capabilities")
            reasons = isinstance(capabilities, list) and "reasoning" in capabilities
            options.append((entry.ident, f"{entry.name} (can reason)" if reasons else entry.name))
            known.add(entry.ident)
        choices.append((provider, options))
    if stored and stored not in known:
        choices.append(("Not listed by the platform", [(stored, stored)]))
    return choices


def form_field(
    spec: FieldSpec,
    *,
    label: str | None = None,
    stored: Any = None,
    directory: Any = None,
) -> forms.Field:
    """The Django form field that edits a simple catalogue field.

    Limits are not repeated as Django validators: the contract checks them and words the
    message. They only go into the HTML (min/max, a character counter) as hints.
    """
    common = {"label": label or spec.label, "help_text": _help(spec), "required": False}
    kind = spec.kind
    directory = current_directory()
    if kind == "text" and spec.picker == "models":
        # A list grouped by provider instead of a box to type a model key into: the
        # organisation's synced models when it has any, else the built-in list.
        groups = model_groups(directory) if directory is not None else []
        choices = _model_choices(groups, stored, _default_label(spec))
        return forms.CharField(widget=forms.Select(choices=choices), **common)
    if spec.picker and kind in ("string_list", "text"):
        if directory is not None and spec.picker not in directory.kinds:
            common["help_text"] = f"{spec.help} {id_help(spec.picker)}"
        if kind == "string_list":
            return LinesField(widget=PickerListWidget(kind=spec.picker), **common)
        return forms.CharField(widget=PickerInput(kind=spec.picker), strip=True, **common)
    if kind == "text" and spec.widget == "image":
        return ImageDataField(**common)
    if kind == "text" and spec.suggestions:
        # The documented values as choices; a value of one's own, once stored, stays one.
        options = [(value, value.capitalize()) for value in spec.suggestions]
        if stored and stored not in spec.suggestions:
            options.append((stored, stored))
        return forms.ChoiceField(choices=[("", "Choose…"), *options], **common)
    if kind in ("text", "textarea"):
        widget = forms.Textarea(attrs={"rows": 6}) if kind == "textarea" else forms.TextInput
        field = forms.CharField(widget=widget, strip=True, **common)
        if spec.max_length:
            field.widget.attrs["data-maxlength"] = spec.max_length
        return field
    if kind in ("integer", "number"):
        hints = {k: v for k, v in (("min", spec.minimum), ("max", spec.maximum)) if v is not None}
        if kind == "integer":
            return forms.IntegerField(widget=forms.NumberInput(attrs=hints), **common)
        widget = forms.NumberInput(attrs={"step": "any", **hints})
        return forms.FloatField(widget=widget, **common)
    if kind == "boolean":
        return forms.BooleanField(**common)
    if kind == "choice":
        return forms.ChoiceField(choices=[("", _default_label(spec)), *spec.choices], **common)
    if kind == "string_list":
        return LinesField(**common)
    if kind in ("string_map", "int_map"):
        return PairsField(
            integers=kind == "int_map", widget=KeyValueWidget(secret=spec.secret), **common
        )
    if kind == "object":
        return JsonField(**common)
    raise ValueError(f"{spec.name}: kind {kind!r} needs its own editor")


def initial_value(spec: FieldSpec, stored: Any) -> Any:
    """What the form shows: the stored value, else the documented default."""
    if stored is None:
        return spec.default if spec.kind in ("boolean", "integer", "number") else None
    return stored


def to_config(spec: FieldSpec, cleaned: Any, stored: Any) -> Any:
    """The value to store for a cleaned form value; None removes the key.

    A value equal to the API's default is only stored when it was stored already, so a
    draft records what people chose, not every default the form displays.
    """
    if cleaned in (None, "", [], {}):
        return None
    if spec.kind == "boolean" and stored is None and cleaned == (spec.default or False):
        return None
    if spec.kind in ("integer", "number") and stored is None and cleaned == spec.default:
        return None
    return cleaned
