"""How each simple catalogue kind is edited: its form field, and the value it stores.

A form field's cleaned value becomes the stored value through `to_config`; `None` means
"not set" (the key is removed and the API's default applies).
"""

import re
from typing import Any

from django import forms

from assistants import jsonlimits
from assistants.contract import FieldSpec
from assistants.forms.image import ImageDataField
from assistants.forms.widgets import (
    GalleryInput,
    JsonWidget,
    KeyValueWidget,
    LinesWidget,
    PickerInput,
    PickerListWidget,
    SchemaBuilderWidget,
)
from assistants.known_models import model_choices
from directory.identifiers import current_directory, id_help, model_groups
from directory.images import IMAGE_KINDS

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
            return jsonlimits.loads(text)
        except jsonlimits.JsonRefused as refused:
            raise forms.ValidationError(
                f"{refused} Fix it or clear the box.", code="json"
            ) from refused


class TriStateField(forms.ChoiceField):
    """An optional yes/no: "Not set (API default: …)", On or Off.

    A checkbox cannot say "not set", yet leaving a setting out is how a draft keeps the
    API's default; so optional booleans are a choice of three, cleaned to None/True/False.
    """

    def __init__(self, *, default: bool | None, **kwargs) -> None:
        unset = "Not set" if default is None else f"Not set (API default: {_on_off(default)})"
        super().__init__(choices=[("", unset), ("true", "On"), ("false", "Off")], **kwargs)

    def prepare_value(self, value):
        if isinstance(value, bool):
            return "true" if value else "false"
        return value

    def to_python(self, value):
        if isinstance(value, bool):
            return value
        text = super().to_python(value)
        return {"true": True, "false": False}.get(text)

    def validate(self, value) -> None:
        if value not in (None, True, False):
            raise forms.ValidationError("Choose On, Off or Not set.", code="invalid_choice")


def _on_off(value: bool) -> str:
    return "on" if value else "off"


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
        # Not stripped: the value is one of the options, stored exactly as it was.
        return forms.CharField(widget=forms.Select(choices=choices), strip=False, **common)
    if spec.picker and kind in ("string_list", "text"):
        if directory is not None and spec.picker not in directory.kinds:
            common["help_text"] = f"{spec.help} {id_help(spec.picker)}"
        if kind == "string_list":
            return LinesField(widget=PickerListWidget(kind=spec.picker), **common)
        if spec.picker in IMAGE_KINDS:
            widget = GalleryInput(kind=spec.picker, label=common["label"])
            return forms.CharField(widget=widget, strip=False, **common)
        return forms.CharField(widget=PickerInput(kind=spec.picker), strip=False, **common)
    if kind == "text" and spec.widget == "image":
        return ImageDataField(stored=stored, **common)
    if kind == "text" and spec.suggestions:
        # The documented values as choices; a value of one's own, once stored, stays one.
        options = [(value, value.capitalize()) for value in spec.suggestions]
        if stored and stored not in spec.suggestions:
            options.append((stored, stored))
            return KeptChoiceField(kept=stored, choices=[("", "Choose…"), *options], **common)
        return forms.ChoiceField(choices=[("", "Choose…"), *options], **common)
    if kind in ("text", "textarea"):
        widget = forms.Textarea(attrs={"rows": 6}) if kind == "textarea" else forms.TextInput
        field = forms.CharField(widget=widget, strip=True, **common)
        if spec.max_length:
            field.widget.attrs["data-maxlength"] = spec.max_length
        return field
    if kind in ("integer", "number"):
        hints = {k: v for k, v in (("min", spec.minimum), ("max", spec.maximum)) if v is not None}
        # Worded like the contract's own messages, which may appear beside them.
        if kind == "integer":
            invalid = {"invalid": f"{common['label']} must be a whole number."}
            widget = forms.NumberInput(attrs=hints)
            return forms.IntegerField(widget=widget, error_messages=invalid, **common)
        invalid = {"invalid": f"{common['label']} must be a number."}
        widget = forms.NumberInput(attrs={"step": "any", **hints})
        return forms.FloatField(widget=widget, error_messages=invalid, **common)
    if kind == "boolean":
        return TriStateField(default=spec.default, **common)
    if kind == "choice":
        return forms.ChoiceField(choices=[("", _default_label(spec)), *spec.choices], **common)
    if kind == "string_list":
        return LinesField(**common)
    if kind in ("string_map", "int_map"):
        return PairsField(
            integers=kind == "int_map", widget=KeyValueWidget(secret=spec.secret), **common
        )
    if kind == "object" and spec.widget == "json_schema":
        return JsonField(widget=SchemaBuilderWidget(), **common)
    if kind == "object":
        return JsonField(**common)
    raise ValueError(f"{spec.name}: kind {kind!r} needs its own editor")


def initial_value(spec: FieldSpec, stored: Any) -> Any:
    """What the form shows: the stored value, else the documented default (numbers only:
    an optional yes/no shows "Not set", which names the default)."""
    if stored is None:
        return spec.default if spec.kind in ("integer", "number") else None
    return stored


class KeptChoiceField(forms.ChoiceField):
    """A select offering a stored value of one's own: a browser posts each line break in it
    as CRLF, which is read back as the stored value rather than refused as no choice."""

    def __init__(self, *, kept: str, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.kept = kept

    def to_python(self, value: Any) -> str:
        value = super().to_python(value)
        return self.kept if value == _as_browser_sends(self.widget, self.kept) else value


def _as_browser_sends(widget: forms.Widget, text: str) -> str:
    """What a browser posts for `text` shown in `widget` (see tests/html_forms.py): line
    breaks become CRLF in a text area and disappear from a one-line input."""
    text = re.sub(r"\r\n|\r", "\n", text)
    if isinstance(widget, forms.Textarea) and not getattr(widget, "single", False):
        return text.replace("\n", "\r\n")
    if isinstance(widget, forms.Select | forms.RadioSelect):
        # An option's value keeps its line breaks, and a form sends every one as CRLF.
        return text.replace("\n", "\r\n")
    if isinstance(widget, forms.CheckboxInput):
        return text
    # A one-line box (a single-id picker too, though it is drawn by a lines widget).
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

    A number equal to the API's default is only stored when it was stored already, so a
    draft records what people chose, not every default the form displays; a yes/no is
    stored whenever On or Off was chosen ("Not set" is its own choice). A value posted
    back exactly as the form showed it keeps what is stored, byte for byte: a form cannot
    show every string as it is (spaces around it, line breaks in a one-line box, empty
    items in a list), and saving a section untouched must not change it.
    """
    unchanged = field is not None and stored is not None and not isinstance(stored, bool)
    if unchanged and cleaned == echo(field, stored):
        return stored
    if cleaned in (None, "", [], {}):
        return None
    if spec.kind in ("integer", "number") and stored is None and cleaned == spec.default:
        return None
    return cleaned
