"""Lists of objects edited as rows (Django formsets): add, remove and reorder.

Rows are derived from the item model's catalogue entries, except where the contract has
unions that a person shouldn't meet as JSON (MCP servers, tools, allowed models).
"""

from typing import Any

from django import forms

from assistants.contract import FieldSpec, field_specs
from assistants.contract.paths import assemble, read_path
from assistants.forms.kinds import JsonField, LinesField, echo, form_field, to_config
from assistants.forms.leaves import leaves_of
from assistants.forms.mcp_server import McpServerForm
from assistants.forms.widgets import SchemaBuilderWidget


class RowForm(forms.Form):
    """One row. `original` remembers which stored item it was, so secrets left blank keep
    their saved value even after rows were reordered or removed."""

    original = forms.IntegerField(required=False, widget=forms.HiddenInput)

    def stored_item(self, stored_list: list | None) -> dict:
        index = self.cleaned_data.get("original")
        if index is None or not stored_list or not 0 <= index < len(stored_list):
            return {}
        item = stored_list[index]
        return item if isinstance(item, dict) else {}

    @classmethod
    def initial_for(cls, item: Any, index: int) -> dict:
        raise NotImplementedError

    def to_item(self, stored: dict) -> Any:
        raise NotImplementedError

    # Where an error on a sub-path of the item is shown: first matching prefix wins.
    error_fields: dict[str, str] = {}

    def field_for_error(self, subpath: str) -> str | None:
        for prefix, name in self.error_fields.items():
            if subpath.startswith(prefix):
                return name
        name = subpath.replace(".", "__")
        while name:
            if name in self.fields:
                return name
            name = name.rpartition("__")[0]
        return None


def catalogue_row_form(item_model) -> type[RowForm]:
    """A row form whose fields are the item model's leaves (e.g. system message role/content)."""
    item_spec = FieldSpec(
        name="item",
        field="item",
        section=None,
        label="",
        help="",
        kind="object",
        default=None,
        choices=[],
        minimum=None,
        maximum=None,
        max_length=None,
        max_items=None,
        required=False,
        picker=None,
        secret=False,
        model=item_model,
    )
    leaves = leaves_of(item_spec)
    constants = {
        spec.name: spec.choices[0][0]
        for spec in field_specs(item_model)
        if spec.kind == "choice" and len(spec.choices) == 1 and spec.required
    }

    class CatalogueRowForm(RowForm):
        def __init__(self, *args, **kwargs) -> None:
            super().__init__(*args, **kwargs)
            for leaf in leaves:
                self.fields[leaf.form_name[len("item__") :]] = form_field(leaf.spec)

        @classmethod
        def initial_for(cls, item: Any, index: int) -> dict:
            initial = {"original": index}
            for leaf in leaves:
                initial[leaf.form_name[len("item__") :]] = read_path({"item": item}, leaf.path)
            return initial

        def to_item(self, stored: dict) -> Any:
            values = {
                leaf.path: to_config(
                    leaf.spec,
                    self.cleaned_data.get(leaf.form_name[len("item__") :]),
                    read_path({"item": stored}, leaf.path),
                    self.fields[leaf.form_name[len("item__") :]],
                )
                for leaf in leaves
            }
            item = assemble(values, "item")
            return {**constants, **item} if item else None

    return CatalogueRowForm


class McpServerRowForm(McpServerForm, RowForm):
    """The MCP server row (forms/mcp_server.py) with the row bookkeeping."""


class ToolForm(RowForm):
    TYPES = [
        ("web_search", "Web search"),
        ("code_interpreter", "Code interpreter"),
        ("file_search", "File search"),
        ("function", "Function (your own system)"),
    ]
    type = forms.ChoiceField(label="Tool", choices=TYPES)
    search_context_size = forms.ChoiceField(
        label="How much of each page to read",
        required=False,
        choices=[
            ("", "Not set"),
            ("low", "Low"),
            ("medium", "Medium"),
            ("high", "High"),
            ("large", "Large"),
        ],
        help_text="For web search: more gives better answers but is slower.",
    )
    function_name = forms.CharField(
        label="Function name", required=False, help_text="For functions: e.g. get_weather."
    )
    function_description = forms.CharField(
        label="What it does", required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    function_parameters = JsonField(
        label="Parameters",
        required=False,
        widget=SchemaBuilderWidget,
        help_text="The arguments the function takes: add a row per argument. Developers can "
        "edit the JSON Schema directly.",
    )
    function_strict = forms.BooleanField(label="Follow the parameters exactly", required=False)

    error_fields = {
        "function.name": "function_name",
        "function.parameters": "function_parameters",
        "function.description": "function_description",
        "function.strict": "function_strict",
        "function": "function_name",
        "search_context_size": "search_context_size",
        "type": "type",
    }

    @classmethod
    def initial_for(cls, item: Any, index: int) -> dict:
        item = item if isinstance(item, dict) else {}
        function = item.get("function") or {}
        return {
            "original": index,
            "type": item.get("type"),
            "search_context_size": item.get("search_context_size"),
            "function_name": function.get("name"),
            "function_description": function.get("description"),
            "function_parameters": function.get("parameters"),
            "function_strict": function.get("strict"),
        }

    def to_item(self, stored: dict) -> Any:
        data = self.cleaned_data
        item: dict[str, Any] = {"type": data["type"]}
        if data["type"] == "web_search" and data.get("search_context_size"):
            item["search_context_size"] = data["search_context_size"]
        if data["type"] == "function":
            function: dict[str, Any] = {"name": data.get("function_name") or ""}
            if data.get("function_description"):
                function["description"] = data["function_description"]
            if data.get("function_parameters") is not None:
                function["parameters"] = data["function_parameters"]
            if data.get("function_strict") or "strict" in (stored.get("function") or {}):
                function["strict"] = bool(data.get("function_strict"))
            item["function"] = function
        return item


class AllowedModelsForm(RowForm):
    provider = forms.CharField(label="Provider", help_text="e.g. openai, anthropic, aitronos.")
    all_models = forms.BooleanField(label="Allow all of its models", required=False)
    models = LinesField(label="Allowed models", required=False, help_text="One model per line.")

    @classmethod
    def initial_for(cls, item: Any, index: int) -> dict:
        provider, models = item
        return {
            "original": index,
            "provider": provider,
            "all_models": models is None,
            "models": models,
        }

    def stored_item(self, stored_list: list | None) -> dict:
        index = self.cleaned_data.get("original")
        if index is None or not stored_list or not 0 <= index < len(stored_list):
            return {}
        provider, models = stored_list[index]
        return {"provider": provider, "models": models}

    def _kept(self, name: str, stored: Any) -> Any:
        """The posted value, or the stored one when it came back exactly as shown."""
        cleaned = self.cleaned_data.get(name)
        if stored is not None and cleaned == echo(self.fields[name], stored):
            return stored
        return cleaned

    def to_item(self, stored: dict) -> Any:
        provider = self._kept("provider", stored.get("provider"))
        if self.cleaned_data["all_models"]:
            return (provider, None)
        return (provider, self._kept("models", stored.get("models")) or [])


CUSTOM_ROW_FORMS = {
    "mcp_servers": McpServerRowForm,
    "tools": ToolForm,
    "allowed_models": AllowedModelsForm,
}


def row_form_for(spec: FieldSpec) -> type[RowForm]:
    return CUSTOM_ROW_FORMS.get(spec.kind) or catalogue_row_form(spec.model)


def stored_rows(spec: FieldSpec, stored: Any) -> list:
    """The stored value as a list of row items (allowed_models is a dict of provider rows)."""
    if spec.kind == "allowed_models":
        return list((stored or {}).items())
    return list(stored or [])


def rows_to_value(spec: FieldSpec, items: list) -> Any:
    items = [item for item in items if item is not None]
    if spec.kind == "allowed_models":
        return dict(items) or None
    return items or None
