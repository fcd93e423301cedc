"""The Directory page's sync panel: what each connection's platform fills in, "Sync now",
and a run's progress (polled by htmx until it ends)."""

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assistants.models import Connection
from assistants.views.decorators import organization_required
from directory.identifiers import NOUNS, noun
from directory.models import SyncRun
from directory.sync import SYNCED_KINDS, directory_sync_start


def sync_panel_context(organization) -> dict:
    """Each connection with the kinds it syncs and its latest run; the kinds none syncs."""
    connections = list(Connection.objects.filter(organization=organization))
    latest: dict[int, SyncRun] = {}
    for run in SyncRun.objects.filter(organization=organization).order_by("-created_at")[:50]:
        latest.setdefault(run.connection_id, run)
    synced = {kind for c in connections for kind in SYNCED_KINDS.get(c.dialect, [])}
    rows = [
        {
            "connection": c,
            "kinds": ", ".join(noun(k, True) for k in SYNCED_KINDS.get(c.dialect, [])),
            "run": latest.get(c.pk),
        }
        for c in connections
    ]
    manual = [noun(kind, True) for kind in NOUNS if kind not in synced]
    return {"sync_rows": rows, "manual_kinds": ", ".join(manual)}


@require_POST
@organization_required("admin")
def directory_sync_now(request: HttpRequest, connection_id: int) -> HttpResponse:
    connection = get_object_or_404(Connection, pk=connection_id, organization=request.organization)
    run, _ = directory_sync_start(connection=connection, user=request.user, trigger="manual")
    if not request.htmx:
        return redirect("directory_list")
    return render(request, "directory/sync_run.html", {"run": run, "row_id": connection.pk})


@organization_required()
def directory_sync_run(request: HttpRequest, pk: int) -> HttpResponse:
    """One run's progress; htmx polls it every second while the run is open."""
    run = get_object_or_404(SyncRun, pk=pk, organization=request.organization)
    return render(request, "directory/sync_run.html", {"run": run, "row_id": run.connection_id})
