"""The organisation's directory: names for the ids the API uses. Admins maintain it."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assistants.views.decorators import organization_required
from directory.models import DirectoryEntry
from directory.services import directory_entry_save, directory_import_csv
from directory.sync_views import sync_panel_context


class EntryForm(forms.ModelForm):
    class Meta:
        model = DirectoryEntry
        fields = ["kind", "name", "ident", "detail"]
        labels = {"ident": "Id", "detail": "Provider or note"}
        help_texts = {
            "ident": "Exactly as the upstream API knows it, e.g. dept_7f3a.",
            "detail": "For models, the provider (openai, aitronos, …).",
        }

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", "Choose what it names"), *DirectoryEntry.KINDS]


class CsvForm(forms.Form):
    file = forms.FileField(
        label="CSV file", help_text="Columns: kind, id, name, and optionally provider/note."
    )


@organization_required()
def directory_list(request: HttpRequest) -> HttpResponse:
    is_admin = request.membership.is_admin
    form = EntryForm(request.POST or None, prefix="entry") if is_admin else None
    csv_form = CsvForm(prefix="csv")
    if request.method == "POST":
        if not is_admin:
            return render(request, "403.html", status=403)
        if form.is_valid():
            entry, created = directory_entry_save(
                organization=request.organization, **form.cleaned_data
            )
            messages.success(request, f"{'Added' if created else 'Updated'} “{entry.name}”.")
            return redirect("directory_list")
    entries = DirectoryEntry.objects.filter(organization=request.organization).select_related(
        "connection"
    )
    kind = request.GET.get("kind", "")
    if kind:
        entries = entries.filter(kind=kind)
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "csv_form": csv_form,
            "entries": entries,
            "kind": kind,
            "kinds": DirectoryEntry.KINDS,
            **sync_panel_context(request.organization),
        },
    )


@require_POST
@organization_required("admin")
def directory_upload(request: HttpRequest) -> HttpResponse:
    form = CsvForm(request.POST, request.FILES, prefix="csv")
    if not form.is_valid():
        messages.error(request, "Choose a CSV file to upload.")
        return redirect("directory_list")
    text = form.cleaned_data["file"].read().decode("utf-8-sig", errors="replace")
    result = directory_import_csv(organization=request.organization, text=text)
    if result.errors:
        for error in result.errors[:20]:
            messages.error(request, error)
        messages.error(request, "Nothing was imported: fix these rows and upload again.")
    else:
        messages.success(
            request, f"Imported {result.created} new and updated {result.updated} existing entries."
        )
    return redirect("directory_list")


@require_POST
@organization_required("admin")
def directory_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(DirectoryEntry, pk=pk, organization=request.organization)
    entry.delete()
    messages.success(request, f"Removed “{entry.name}”. Drafts that use its id keep it.")
    return redirect("directory_list")
