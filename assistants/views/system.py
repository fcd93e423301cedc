from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.http import require_POST

from assistants.models import HealthPing
from assistants.services.health import ping_create
from assistants.views.decorators import organization_required


@organization_required()
def system_status(request: HttpRequest) -> HttpResponse:
    """Shows whether the background worker answers; the check itself is a real task."""
    latest = HealthPing.objects.filter(organization=request.organization).first()
    return render(request, "system/status.html", {"ping": latest})


@require_POST
@organization_required()
def system_ping(request: HttpRequest) -> HttpResponse:
    ping = ping_create(organization=request.organization)
    return render(request, "system/status.html#ping", {"ping": ping})


@organization_required()
def system_ping_detail(request: HttpRequest, ping_id) -> HttpResponse:
    ping = get_object_or_404(HealthPing, id=ping_id, organization=request.organization)
    return render(request, "system/status.html#ping", {"ping": ping})
