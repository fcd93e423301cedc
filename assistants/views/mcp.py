"""MCP discovery from the editor: "Test connection" and "Connect and list tools" (htmx)."""

import re

from django.http import HttpRequest, HttpResponse, HttpResponseBadRequest
from django.shortcuts import render
from django.views.decorators.http import require_POST

from assistants.forms.mcp_server import McpServerForm
from assistants.params import strict_int
from assistants.services.mcp_discovery import McpRow, mcp_row_discover
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft
from assistants.views.editor import with_kept_secrets

ROW_PREFIX = re.compile(r"mcp-tool_configurations-mcp_tools-\d+")


def _row(data, prefix: str) -> McpRow:
    """The row as the person has it now, read with the row form's own fields."""
    form = McpServerForm(data, prefix=prefix)
    form.is_valid()  # cleaned_data holds every field that is valid on its own
    value = form.cleaned_data.get
    original = data.get(f"{prefix}-original", "")
    return McpRow(
        label=value("server_label") or "",
        url=(value("server_url") or "").strip(),
        connector=value("connector_id") or "",
        token=value("authorization") or "",
        headers=value("headers") or {},
        original=strict_int(original),
        allowed_mode=value("allowed_mode") or "all",
        allowed_read_only=value("allowed_read_only") or "",
        allowed_names=value("allowed_names") or [],
        approval=value("approval") or "always",
        always_names=value("always_names") or [],
        never_names=value("never_names") or [],
    )


@require_POST
@organization_required("editor")
def mcp_discover(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    prefix = request.POST.get("row", "")
    if not ROW_PREFIX.fullmatch(prefix):
        return HttpResponseBadRequest("Which MCP server row?")
    data = with_kept_secrets(request, f"draft:{draft.pk}:mcp")
    listing = request.POST.get("list") == "1"
    found = mcp_row_discover(draft=draft, row=_row(data, prefix), list_tools=listing)
    context = {"found": found, "prefix": prefix, "listing": listing}
    return render(request, "editor/mcp_discovery.html", context)
