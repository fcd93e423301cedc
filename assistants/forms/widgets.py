"""Widgets for values people shouldn't have to type as JSON: lists and key/value pairs."""

import json

from django import forms


class LinesWidget(forms.Textarea):
    """A list of short strings, one per line."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"rows": 3, "class": "lines", **(attrs or {})})

    def format_value(self, value):
        if isinstance(value, list):
            return "\n".join(str(item) for item in value)
        return super().format_value(value)


class KeyValueWidget(forms.Widget):
    """Rows of key and value inputs; the page's script adds rows, and two blank rows are
    always there so it also works without JavaScript."""

    template_name = "editor/widgets/key_value.html"
    blank_rows = 2

    def __init__(
        self,
        attrs: dict | None = None,
        *,
        key_label: str = "Key",
        value_label: str = "Value",
        secret: bool = False,
    ) -> None:
        super().__init__(attrs)
        self.key_label, self.value_label, self.secret = key_label, value_label, secret

    def format_value(self, value):
        if isinstance(value, dict):
            return [(str(k), "" if v is None else str(v)) for k, v in value.items()]
        return value or []

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        rows = list(self.format_value(value)) + [("", "")] * self.blank_rows
        context["widget"].update(
            rows=rows, key_label=self.key_label, value_label=self.value_label, secret=self.secret
        )
        return context

    def value_from_datadict(self, data, files, name):
        keys, values = data.getlist(f"{name}__key"), data.getlist(f"{name}__value")
        return [(k.strip(), v) for k, v in zip(keys, values, strict=False) if k.strip() or v]

    def value_omitted_from_data(self, data, files, name):
        return f"{name}__key" not in data


class JsonWidget(forms.Textarea):
    """JSON text, checked as you type by the page's script and on save by the form."""

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__(
            {"rows": 8, "class": "code", "spellcheck": "false", "data-json": "", **(attrs or {})}
        )

    def format_value(self, value):
        if isinstance(value, dict | list):
            return json.dumps(value, indent=2)
        return super().format_value(value)


class PickerListWidget(LinesWidget):
    """Ids one per line, shown as names from the organisation's directory, with a search box
    that adds an id by name. Without JavaScript the lines stay editable as they are."""

    template_name = "editor/widgets/picker_list.html"

    def __init__(
        self, attrs: dict | None = None, *, kind: str = "", entries: dict | None = None
    ) -> None:
        super().__init__(attrs)
        self.kind, self.entries = kind, entries or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        current = (
            value
            if isinstance(value, list)
            else [line.strip() for line in (value or "").splitlines() if line.strip()]
        )
        context["widget"].update(
            kind=self.kind.replace("_", " "),
            options=[(entry.name, ident) for ident, entry in self.entries.items()],
            chosen=[
                (ident, self.entries[ident].name if ident in self.entries else None)
                for ident in current
            ],
        )
        return context


class PickerInput(forms.TextInput):
    """One id, with the directory's names offered as suggestions (a datalist)."""

    template_name = "editor/widgets/picker_input.html"

    def __init__(self, attrs: dict | None = None, *, entries: dict | None = None) -> None:
        super().__init__(attrs)
        self.entries = entries or {}

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["options"] = [(e.name, i) for i, e in self.entries.items()]
        context["widget"]["known"] = self.entries.get(value).name if value in self.entries else ""
        return context


class SchemaBuilderWidget(JsonWidget):
    """A JSON Schema built as rows of fields (name, type, description, required, allowed
    values; groups and lists nest), kept in step with the JSON beside it.

    The page's script draws the rows from the textarea and writes the textarea from the rows;
    without JavaScript the textarea is all there is, and it still works.
    """

    template_name = "editor/widgets/schema_builder.html"

    def __init__(self, attrs: dict | None = None) -> None:
        super().__init__({"data-schema-json": "", **(attrs or {})})
