"""Widgets for values people shouldn't have to type as JSON: lists and key/value pairs."""

import json

from django import forms

from assistants.contract.secrets import MASK


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
        rows = [(key, *self._shown(text)) for key, text in self.format_value(value)] + [
            ("", "", self.value_label)
        ] * self.blank_rows
        context["widget"].update(
            rows=rows, key_label=self.key_label, value_label=self.value_label, secret=self.secret
        )
        return context

    def _shown(self, text: str) -> tuple[str, str]:
        """(value, placeholder) of a row. A secret's value never goes into the page, in
        no attribute: a saved one shows its mask, one typed before an error says so."""
        if not self.secret:
            return text, self.value_label
        if text.startswith(MASK):
            return "", f"Saved: {text}"
        return "", "Kept from your last try (not shown)" if text else self.value_label

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
    whose suggestions the server sends as people type (so the page does not grow with the
    directory). Values that are not known ids are flagged beside the field. Without
    JavaScript the lines stay editable as they are."""

    template_name = "editor/widgets/picker_list.html"
    single = False

    def __init__(
        self, attrs: dict | None = None, *, kind: str = "", detail: str = "", detail_from: str = ""
    ) -> None:
        super().__init__(attrs)
        # detail_from: the row field whose value filters the suggestions (a provider).
        self.kind, self.detail, self.detail_from = kind, detail, detail_from

    def _current(self, value) -> list[str]:
        if isinstance(value, list):
            return [str(v) for v in value]
        return [line.strip() for line in str(value or "").splitlines() if line.strip()]

    def get_context(self, name, value, attrs):
        from django.urls import reverse

        from directory.identifiers import current_directory, noun

        context = super().get_context(name, value, attrs)
        directory = current_directory()
        current = self._current(value)
        chosen = []
        if directory is not None:
            directory.load([(self.kind, ident) for ident in current])
        for ident in current:
            entry = directory.entry(self.kind, ident) if directory else None
            problem = directory.problem(self.kind, ident) if directory else None
            chosen.append(
                {
                    "id": ident,
                    "name": entry.name if entry else None,
                    "gone": bool(entry and entry.gone_at),
                    "problem": problem[0] if problem else "",
                }
            )
        context["widget"].update(
            kind=self.kind,
            noun=noun(self.kind),
            nouns=noun(self.kind, True),
            chosen=chosen,
            single=self.single,
            detail=self.detail,
            detail_from=self.detail_from,
            suggest_url=reverse("directory_suggest"),
            check_url=reverse("directory_check"),
        )
        return context


class PickerInput(PickerListWidget):
    """One id, picked by name like a list of them; the box holds the id."""

    single = True

    def format_value(self, value):
        return "" if value is None else str(value)


class GalleryInput(PickerInput):
    """An icon or avatar: the same one id, chosen from a grid of thumbnails (the pictures a
    sync copied, directory/images.py) that the page's script shows instead of the name picker.
    The grid comes from the server as a fragment, so the page does not grow with the library.
    Without pictures in the directory for this kind the name picker stays, so an id can still
    be typed."""

    template_name = "editor/widgets/gallery.html"

    def __init__(self, attrs: dict | None = None, *, kind: str = "", label: str = "") -> None:
        super().__init__(attrs, kind=kind)
        self.label = label

    def get_context(self, name, value, attrs):
        from urllib.parse import urlencode

        from django.urls import reverse

        from directory.identifiers import current_directory

        context = super().get_context(name, value, attrs)
        directory = current_directory()
        query = urlencode({"kind": self.kind, "field": name, "label": self.label})
        context["widget"].update(
            gallery=directory is not None and self.kind in directory.kinds,
            gallery_url=f"{reverse('directory_gallery')}?{query}",
        )
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
