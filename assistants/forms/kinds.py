"""How each simple catalogue kind is edited: its form field, and the value it stores.

A form field's cleaned value becomes the stored value through `to_config`; `None` means
"not set" (the key is removed and the API's default applies).
"""

import json
import re
from typing import Any

from django import forms

from assistants.contract import FieldSpec
from assistants.forms.widgets import (
    JsonWidget,
    KeyValueWidget,
    LinesWidget,
    PickerInput,
    PickerListWidget,
)
from assistants.known_models import model_choices

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


def form_field(
    spec: FieldSpec,
    *,
    label: str | None = None,
    stored: Any = None,
    directory: dict | None = None,
) -> forms.Field:
    """The Django form field that edits a simple catalogue field.

    Limits are not repeated as Django validators: the contract checks them and words the
    message. They only go into the HTML (min/max, a character counter) as hints.
    """
    common = {"label": label or spec.label, "help_text": _help(spec), "required": False}
    kind = spec.kind
    if kind == "text" and spec.picker == "models":
        # A list grouped by provider instead of a box to type a model key into.
        choices = model_choices(stored, _default_label(spec))
        return forms.CharField(widget=forms.Select(choices=choices), **common)
    entries = (directory or {}).get(spec.picker or "", {})
    if kind == "string_list" and spec.picker and entries:
        return LinesField(widget=PickerListWidget(kind=spec.picker, entries=entries), **common)
    if kind == "text" and spec.picker and entries:
        return forms.CharField(widget=PickerInput(entries=entries), strip=True, **common)
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


def _as_browser_sends(widget: forms.Widget, text: str) -> str:
    """What a browser posts for `text` shown in `widget` (see tests/html_forms.py): line
    breaks become CRLF in a text area and disappear from a one-line input."""
    text = re.sub(r"\r\n|\r", "\n", text)
    if isinstance(widget, forms.Textarea):
        return text.replace("\n", "\r\n")
    if isinstance(widget, forms.Select | forms.CheckboxInput | forms.RadioSelect):
        return text
    return text.replace("\n", "")


def echo(field: forms.Field, stored: Any) -> Any:
    """The cleaned value the form gets back when the stored value is shown and posted
    untouched; a sentinel that equals nothing when the form would refuse it."""
    widget = field.widget
    shown = widget.format_value(stored)
    if isinstance(widget, forms.Select) and isinstance(shown, list):
        shown = shown[0] if shown else ""  # a select shows (and posts) one chosen option
    try:
        if isinstance(widget, KeyValueWidget):
            rows = [
                (_as_browser_sends(widget, k).strip(), _as_browser_sends(widget, v))
                for k, v in shown
            ]
            return field.clean([(k, v) for k, v in rows if k or v])
        return field.clean(_as_browser_sends(widget, "" if shown is None else str(shown)))
    except forms.ValidationError:
        return _REFUSED


_REFUSED = object()


def to_config(spec: FieldSpec, cleaned: Any, stored: Any, field: forms.Field | None = None) -> Any:
    """The value to store for a cleaned form value; None removes the key.

    A value equal to the API's default is only stored when it was stored already, so a
    draft records what people chose, not every default the form displays. A value posted
    back exactly as the form showed it keeps what is stored, byte for byte: a form cannot
    show every string as it is (spaces around it, line breaks in a one-line box, empty
    items in a list), and saving a section untouched must not change it.
    """
    unchanged = field is not None and stored is not None and not isinstance(stored, bool)
    if unchanged and cleaned == echo(field, stored):
        return stored
    if cleaned in (None, "", [], {}):
        return None
    if spec.kind == "boolean" and stored is None and cleaned == (spec.default or False):
        return None
    if spec.kind in ("integer", "number") and stored is None and cleaned == spec.default:
        return None
    return cleaned
