"""The organisation's directory: names for the ids the API uses. Admins maintain it."""

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assistants.views.decorators import organization_required
from audit.services import audit_record
from directory.csv_import import CsvImportRefused, csv_import_start
from directory.models import DirectoryEntry, DirectoryImport
from directory.services import directory_entry_save
from directory.sync_views import sync_panel_context

DIRECTORY_PAGE_SIZE = 100


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
            audit_record(
                organization=request.organization,
                actor=request.user,
                action="directory.entry_saved",
                target=entry,
                details={"kind": entry.kind, "id": entry.ident, "new": created},
            )
            messages.success(request, f"{'Added' if created else 'Updated'} “{entry.name}”.")
            return redirect("directory_list")
    entries = (
        DirectoryEntry.objects.filter(organization=request.organization)
        .select_related("connection", "image")
        .defer("image__data")  # icons and avatars show their thumbnail, served on its own
    )
    kind = request.GET.get("kind", "")
    if kind:
        entries = entries.filter(kind=kind)
    # A page at a time: an organisation's directory can hold tens of thousands of ids.
    entries = Paginator(entries, DIRECTORY_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "directory/list.html",
        {
            "form": form,
            "csv_form": csv_form,
            "entries": entries,
            "page": entries,
            "imports": DirectoryImport.objects.filter(organization=request.organization)[:3],
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
    try:
        job = csv_import_start(
            organization=request.organization, user=request.user, upload=form.cleaned_data["file"]
        )
    except CsvImportRefused as refused:
        messages.error(request, str(refused))
        return redirect("directory_list")
    return redirect("directory_import", pk=job.pk)


@require_POST
@organization_required("admin")
def directory_delete(request: HttpRequest, pk: int) -> HttpResponse:
    entry = get_object_or_404(DirectoryEntry, pk=pk, organization=request.organization)
    audit_record(
        organization=request.organization,
        actor=request.user,
        action="directory.entry_removed",
        target=entry,
        details={"kind": entry.kind, "id": entry.ident},
    )
    entry.delete()
    messages.success(request, f"Removed “{entry.name}”. Drafts that use its id keep it.")
    return redirect("directory_list")


@organization_required("admin")
def directory_import(request: HttpRequest, pk: int) -> HttpResponse:
    """A CSV import's progress; htmx asks again every second until it has finished."""
    job = get_object_or_404(DirectoryImport, pk=pk, organization=request.organization)
    template = "directory/import.html#progress" if request.htmx else "directory/import.html"
    return render(request, template, {"job": job})
