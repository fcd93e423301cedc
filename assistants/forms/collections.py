"""Lists of objects edited as rows (Django formsets): add, remove and reorder.

Rows are derived from the item model's catalogue entries, except where the contract has
unions that a person shouldn't meet as JSON (MCP servers, tools, allowed models).
"""

from typing import Any

from django import forms

from assistants.contract import FieldSpec, field_specs
from assistants.contract.paths import assemble, read_path
from assistants.contract.secrets import mask_secret
from assistants.forms.kinds import JsonField, LinesField, PairsField, form_field, to_config
from assistants.forms.leaves import leaves_of
from assistants.forms.widgets import KeyValueWidget, PickerInput, PickerListWidget


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
                )
                for leaf in leaves
            }
            item = assemble(values, "item")
            return {**constants, **item} if item else None

    return CatalogueRowForm


class McpServerForm(RowForm):
    server_label = forms.CharField(
        label="Server name", help_text="A short name, e.g. google-drive."
    )
    server_url = forms.CharField(
        label="Server URL",
        required=False,
        help_text="The web address of the MCP server (https://…). Or choose a connector instead.",
    )
    connector_id = forms.CharField(
        label="Connector",
        required=False,
        help_text="A ready-made connection, e.g. connector_googledrive. Or give a server URL.",
    )
    server_description = forms.CharField(
        label="What it is for",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
    )
    allowed_mode = forms.ChoiceField(
        label="Tools the assistant may use",
        choices=[
            ("all", "All of the server's tools"),
            ("names", "Only the tools listed below"),
            ("read_only", "Only read-only tools (that never change data)"),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )
    allowed_names = LinesField(
        label="Allowed tool names", required=False, help_text="One tool name per line."
    )
    approval = forms.ChoiceField(
        label="Ask a person before a tool runs",
        choices=[
            ("always", "Always (the API's default)"),
            ("never", "Never"),
            ("rules", "Depends on the tool (rules below)"),
        ],
        initial="always",
        widget=forms.RadioSelect,
    )
    always_names = LinesField(
        label="Always ask for these tools", required=False, help_text="One tool name per line."
    )
    never_names = LinesField(
        label="Never ask for these tools", required=False, help_text="One tool name per line."
    )
    never_read_only = forms.BooleanField(label="Never ask for read-only tools", required=False)
    authorization = forms.CharField(
        label="Access token",
        required=False,
        widget=forms.PasswordInput(attrs={"autocomplete": "off"}),
        help_text="Kept secret. Leave empty to keep the saved token.",
    )
    clear_authorization = forms.BooleanField(label="Remove the saved token", required=False)
    headers = PairsField(
        label="Extra HTTP headers",
        required=False,
        widget=KeyValueWidget(key_label="Header", value_label="Value", secret=True),
        help_text="Values are kept secret; leave a value empty to keep it.",
    )

    error_fields = {
        "allowed_tools": "allowed_names",
        "require_approval": "approval",
        "headers": "headers",
        "server_url": "server_url",
    }

    @classmethod
    def initial_for(cls, item: Any, index: int) -> dict:
        item = item if isinstance(item, dict) else {}
        allowed = item.get("allowed_tools")
        approval = item.get("require_approval", "always")
        rules = approval if isinstance(approval, dict) else {}
        return {
            "original": index,
            "server_label": item.get("server_label"),
            "server_url": item.get("server_url"),
            "connector_id": item.get("connector_id"),
            "server_description": item.get("server_description"),
            "allowed_mode": "names"
            if isinstance(allowed, list)
            else "read_only"
            if isinstance(allowed, dict) and allowed.get("read_only")
            else "all",
            "allowed_names": allowed
            if isinstance(allowed, list)
            else (allowed or {}).get("tool_names")
            if isinstance(allowed, dict)
            else None,
            "approval": "rules" if rules else approval,
            "always_names": (rules.get("always") or {}).get("tool_names"),
            "never_names": (rules.get("never") or {}).get("tool_names"),
            "never_read_only": bool((rules.get("never") or {}).get("read_only")),
            # Secrets are never sent back to the browser; the widgets show a mask.
            "headers": {k: mask_secret(v) for k, v in (item.get("headers") or {}).items()},
            "token_hint": mask_secret(item["authorization"]) if item.get("authorization") else "",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hint = (self.initial or {}).get("token_hint")
        if hint:
            self.fields["authorization"].widget.attrs["placeholder"] = f"Saved: {hint}"

    def to_item(self, stored: dict) -> Any:
        data = self.cleaned_data
        item: dict[str, Any] = {"server_label": data["server_label"], "type": "mcp"}
        for key in ("server_url", "connector_id", "server_description"):
            if data.get(key):
                item[key] = data[key]
        if data["allowed_mode"] == "names" and data.get("allowed_names"):
            item["allowed_tools"] = data["allowed_names"]
        elif data["allowed_mode"] == "read_only":
            item["allowed_tools"] = {"read_only": True}
        if data["approval"] == "never":
            item["require_approval"] = "never"
        elif data["approval"] == "rules":
            rules: dict[str, Any] = {}
            if data.get("always_names"):
                rules["always"] = {"tool_names": data["always_names"]}
            never: dict[str, Any] = {}
            if data.get("never_names"):
                never["tool_names"] = data["never_names"]
            if data.get("never_read_only"):
                never["read_only"] = True
            if never:
                rules["never"] = never
            item["require_approval"] = rules or "always"
        elif "require_approval" in stored:
            item["require_approval"] = "always"
        token = data.get("authorization") or (
            None if data.get("clear_authorization") else stored.get("authorization")
        )
        if token:
            item["authorization"] = token
        headers = {}
        saved_headers = stored.get("headers") or {}
        for key, value in (data.get("headers") or {}).items():
            kept = value if value and value != mask_secret(saved_headers.get(key, "")) else None
            headers[key] = kept or saved_headers.get(key, "")
        if headers:
            item["headers"] = headers
        return item


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
        label="Parameters (JSON Schema)",
        required=False,
        help_text='The arguments, as a JSON Schema with "type": "object". Checked as you type.',
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
    # The provider first, then its models: the models' suggestions follow the provider.
    provider = forms.CharField(
        label="Provider",
        help_text="e.g. openai, anthropic, aitronos.",
        widget=PickerInput(kind="providers"),
    )
    all_models = forms.BooleanField(label="Allow all of its models", required=False)
    models = LinesField(
        label="Allowed models",
        required=False,
        help_text="The provider's models people may switch to.",
        widget=PickerListWidget(kind="models", detail_from="provider"),
    )

    @classmethod
    def initial_for(cls, item: Any, index: int) -> dict:
        provider, models = item
        return {
            "original": index,
            "provider": provider,
            "all_models": models is None,
            "models": models,
        }

    def to_item(self, stored: dict) -> Any:
        data = self.cleaned_data
        return (data["provider"], None if data["all_models"] else (data.get("models") or []))


CUSTOM_ROW_FORMS = {
    "mcp_servers": McpServerForm,
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
