"""Confirming or removing the link between a member and their platform user."""

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.views.decorators.http import require_POST

from assistants.models import Membership
from assistants.views.decorators import organization_required
from directory.members import member_link_set


@require_POST
@organization_required("admin")
def member_link(request: HttpRequest, pk: int) -> HttpResponse:
    membership = get_object_or_404(Membership, pk=pk, organization=request.organization)
    confirmed = request.POST.get("action") == "confirm"
    member_link_set(membership=membership, confirmed=confirmed)
    who = membership.user.get_username()
    messages.success(
        request,
        f"{who} is linked to their platform user." if confirmed else f"Removed {who}'s link.",
    )
    return redirect("member_list")
