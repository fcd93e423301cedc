"""Import a create-assistant body as a new draft; export a draft as a request or snippet."""

import json

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assistants import jsonlimits
from assistants.importing import import_body
from assistants.services.drafts import DraftInvalid, draft_create
from assistants.services.export import export_for
from assistants.views.decorators import organization_required
from assistants.views.drafts import get_draft


class ImportForm(forms.Form):
    body = forms.CharField(
        label="Request body (JSON)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 16, "class": "code", "spellcheck": "false"}),
        help_text="Paste the JSON you would send to POST /v1/assistants, in the Aitronos or "
        "the OpenAI shape.",
    )
    file = forms.FileField(label="…or upload a .json file", required=False)
    name = forms.CharField(
        label="Name",
        required=False,
        max_length=256,
        help_text="Leave empty to use the name in the body.",
    )

    def clean(self):
        data = super().clean()
        upload = data.get("file")
        text = upload.read().decode("utf-8", errors="replace") if upload else data.get("body")
        if not (text or "").strip():
            raise forms.ValidationError("Paste a request body or choose a file.")
        try:
            parsed = jsonlimits.loads(text)
        except jsonlimits.JsonRefused as refused:
            raise forms.ValidationError(str(refused)) from refused
        if not isinstance(parsed, dict):
            raise forms.ValidationError("The body must be a JSON object, in { }.")
        data["parsed"] = parsed
        return data


@organization_required("editor")
def draft_import(request: HttpRequest) -> HttpResponse:
    form = ImportForm(request.POST or None, request.FILES or None)
    problems, notes = [], []
    if request.method == "POST" and form.is_valid():
        result = import_body(form.cleaned_data["parsed"])
        problems, notes = result.errors, result.notes
        name = form.cleaned_data.get("name") or result.config.get("name")
        if not problems and not name:
            form.add_error("name", "The body has no name: give the assistant one here.")
        elif not problems:
            try:
                draft = draft_create(
                    organization=request.organization,
                    user=request.user,
                    name=name,
                    config=result.config,
                )
            except DraftInvalid as invalid:
                problems = invalid.errors
            else:
                messages.success(
                    request, f"Imported “{draft.name}” as a new draft ({result.shape} shape)."
                )
                return redirect("draft_edit", pk=draft.pk)
    return render(
        request, "drafts/import.html", {"form": form, "problems": problems, "notes": notes}
    )


@organization_required()
def draft_export(request: HttpRequest, pk: int) -> HttpResponse:
    draft = get_draft(request, pk)
    export = export_for(request.organization, draft, request.GET.get("target", ""))
    if request.GET.get("download"):
        response = HttpResponse(json.dumps(export.body, indent=2), content_type="application/json")
        response["Content-Disposition"] = f'attachment; filename="{export.filename}"'
        return response
    return render(request, "drafts/export.html", {"draft": draft, "export": export})
