"""One MCP server row of the editor: every shape `McpServer` allows, shown and saved back.

The contract (`contract/models/mcp.py`) allows `allowed_tools` as a list of names or as a
filter `{read_only?, tool_names?}`, and `require_approval` as "always", "never" or rules
`{always?: filter, never?: filter}`. The form offers each as a choice a person can read,
and maps it back to exactly the shape that was stored when nothing was changed.

Secrets (the token, header values) are never put into the page: the fields show only that a
value is saved. A value typed into a form that then fails validation is kept for that form
by `forms/secret_drafts.py`, never rendered back.
"""

from typing import Any

from django import forms

from assistants.contract.secrets import mask_secret
from assistants.contract.spec import Picker
from assistants.forms.kinds import LinesField, PairsField, echo
from assistants.forms.widgets import KeyValueWidget, PickerInput

READ_ONLY_CHOICES = [
    ("", "Any tool"),
    ("yes", "Only tools that just read data"),
    ("no", "Only tools that change data"),
]
_READ_ONLY = {"": None, "yes": True, "no": False}


def _read_only_choice(value: Any) -> str:
    return {True: "yes", False: "no"}.get(value, "")


class McpServerForm(forms.Form):
    """Declared fields only; `RowForm` (collections.py) adds the row bookkeeping."""

    discovery = True  # the row offers "Test connection" and "Connect and list tools"

    server_label = forms.CharField(
        label="Server name", help_text="A short name, e.g. google-drive."
    )
    server_url = forms.CharField(
        label="Server URL",
        required=False,
        help_text="The web address of the MCP server (https://…). Or choose a connector instead.",
    )
    # Found by name in the directory's synced connectors; the box still holds the plain id,
    # so what is stored (and a value the directory does not know) is exactly as typed.
    connector_id = forms.CharField(
        label="Connector",
        required=False,
        widget=PickerInput(kind=Picker.CONNECTORS),
        help_text="A ready-made connection, found by name, e.g. Google Drive. "
        "Or give a server URL.",
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
            ("rule", "Tools that match a rule (below)"),
        ],
        initial="all",
        widget=forms.RadioSelect,
    )
    allowed_read_only = forms.ChoiceField(
        label="Rule: which tools",
        choices=READ_ONLY_CHOICES,
        required=False,
        help_text="For a rule: read-only tools never change anything.",
    )
    allowed_names = LinesField(
        label="Tool names",
        required=False,
        help_text="One tool name per line: the tools allowed, or the rule's tools. "
        "“Connect and list tools” fills this in.",
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
    always_read_only = forms.ChoiceField(
        label="Always ask for", choices=READ_ONLY_CHOICES, required=False
    )
    always_names = LinesField(
        label="Always ask for these tools", required=False, help_text="One tool name per line."
    )
    never_read_only = forms.ChoiceField(
        label="Never ask for", choices=READ_ONLY_CHOICES, required=False
    )
    never_names = LinesField(
        label="Never ask for these tools", required=False, help_text="One tool name per line."
    )
    authorization = forms.CharField(
        label="Access token",
        required=False,
        strip=False,
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
        allowed_rule = allowed if isinstance(allowed, dict) else {}
        always, never = rules.get("always") or {}, rules.get("never") or {}
        return {
            "original": index,
            "server_label": item.get("server_label"),
            "server_url": item.get("server_url"),
            "connector_id": item.get("connector_id"),
            "server_description": item.get("server_description"),
            "allowed_mode": "names"
            if isinstance(allowed, list)
            else "rule"
            if isinstance(allowed, dict)
            else "all",
            "allowed_read_only": _read_only_choice(allowed_rule.get("read_only")),
            "allowed_names": allowed
            if isinstance(allowed, list)
            else allowed_rule.get("tool_names"),
            "approval": "rules" if isinstance(approval, dict) else approval,
            "always_read_only": _read_only_choice(always.get("read_only")),
            "always_names": always.get("tool_names"),
            "never_read_only": _read_only_choice(never.get("read_only")),
            "never_names": never.get("tool_names"),
            # Secrets are never sent back to the browser; the widgets say one is saved.
            "headers": {k: mask_secret(v) for k, v in (item.get("headers") or {}).items()},
            "token_hint": mask_secret(item["authorization"]) if item.get("authorization") else "",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        hint = (self.initial or {}).get("token_hint")
        if hint:
            self.fields["authorization"].widget.attrs["placeholder"] = f"Saved: {hint}"
            self.fields[
                "authorization"
            ].help_text = (
                f"A token ending {hint} is saved. Leave this empty to keep it, or type a new one."
            )

    # --- what is stored ------------------------------------------------------------------

    def _text(self, name: str, stored: Any) -> Any:
        """The posted text, or the stored one when it was posted back as shown."""
        cleaned = self.cleaned_data.get(name)
        if stored is not None and cleaned == echo(self.fields[name], stored):
            return stored
        return cleaned if cleaned else None

    def _names(self, name: str, stored: Any) -> list[str] | None:
        cleaned = self.cleaned_data.get(name)
        if isinstance(stored, list) and cleaned == echo(self.fields[name], stored):
            return stored
        return cleaned

    def _filter(self, read_only: str, names: str, stored: Any) -> dict | None:
        """`{read_only?, tool_names?}`; None when nothing is set and nothing was stored."""
        stored = stored if isinstance(stored, dict) else None
        rule: dict[str, Any] = {}
        if _READ_ONLY[self.cleaned_data.get(read_only) or ""] is not None:
            rule["read_only"] = _READ_ONLY[self.cleaned_data[read_only]]
        chosen = self._names(names, (stored or {}).get("tool_names"))
        if chosen is not None:
            rule["tool_names"] = chosen
        if not rule and stored is None:
            return None
        return rule

    def _allowed_tools(self, stored: dict) -> Any:
        mode, before = self.cleaned_data["allowed_mode"], stored.get("allowed_tools")
        if mode == "names":
            # "Only these" with none listed allows none: never quietly all of them.
            return self._names("allowed_names", before if isinstance(before, list) else None) or []
        if mode == "rule":
            return self._filter("allowed_read_only", "allowed_names", before) or {}
        return None

    def _require_approval(self, stored: dict) -> Any:
        choice, before = self.cleaned_data["approval"], stored.get("require_approval")
        if choice == "rules":
            before = before if isinstance(before, dict) else {}
            rules = {}
            for key in ("always", "never"):
                rule = self._filter(f"{key}_read_only", f"{key}_names", before.get(key))
                if rule is not None:
                    rules[key] = rule
            return rules
        if choice == "never" or "require_approval" in stored:
            return choice
        return None  # "always" is the API's default: stored only when it was stored

    def _headers(self, stored: dict) -> dict | None:
        saved = stored.get("headers") or {}
        posted = self.cleaned_data.get("headers") or {}
        headers = {}
        for key, value in posted.items():
            # A value left empty, or the mask shown for it, keeps the saved value.
            keep = not value or (key in saved and value == mask_secret(saved[key]))
            headers[key] = saved.get(key, "") if keep else value
        if not headers and saved == {}:
            return {} if "headers" in stored else None
        return headers or None

    def to_item(self, stored: dict) -> Any:
        item: dict[str, Any] = {
            "server_label": self._text("server_label", stored.get("server_label")),
            "type": "mcp",
        }
        for key in ("server_url", "connector_id", "server_description"):
            value = self._text(key, stored.get(key))
            if value is not None:
                item[key] = value
        allowed = self._allowed_tools(stored)
        if allowed is not None:
            item["allowed_tools"] = allowed
        approval = self._require_approval(stored)
        if approval is not None:
            item["require_approval"] = approval
        typed = self.cleaned_data.get("authorization")
        if typed:
            item["authorization"] = typed
        elif not self.cleaned_data.get("clear_authorization") and "authorization" in stored:
            item["authorization"] = stored["authorization"]
        headers = self._headers(stored)
        if headers is not None:
            item["headers"] = headers
        return item
