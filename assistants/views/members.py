"""Admins add people to the organisation, change their roles and remove them."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from assistants.models import Membership, Role
from assistants.services.invitations import invitation_create
from assistants.services.organizations import (
    MembershipRefused,
    membership_change_role,
    membership_remove,
)
from assistants.views.decorators import organization_required
from directory.members import member_links_propose, member_rows

ROLE_HELP = (
    "Viewers can look at everything but change nothing. Editors also edit and submit "
    "drafts. Admins also manage connections, members and the directory."
)


class AddMemberForm(forms.Form):
    username = forms.CharField(
        label="Username",
        max_length=150,
        help_text="Their account's username, or the one a new account should have. They get "
        "a link to accept: nobody joins without saying yes.",
    )
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, initial=Role.EDITOR, help_text=ROLE_HELP
    )


@organization_required("admin")
def member_list(request: HttpRequest) -> HttpResponse:
    form = AddMemberForm(request.POST or None)
    invite_link = None
    if request.method == "POST" and form.is_valid():
        try:
            invitation, token = invitation_create(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except MembershipRefused as refused:
            form.add_error("username", str(refused))
        else:
            # The same answer whether or not an account has this name (issue 17).
            invite_link = request.build_absolute_uri(reverse("invitation_page", args=[token]))
            messages.success(
                request,
                f"Invitation for “{invitation.username}” made, as "
                f"{invitation.get_role_display().lower()}. They join when they accept it.",
            )
            form = AddMemberForm()
    members = list(
        Membership.objects.filter(organization=request.organization)
        .select_related("user")
        .order_by("user__username")
    )
    # Members are people on the platform: propose links by e-mail, show each member's.
    member_links_propose(organization=request.organization)
    platform = member_rows(organization=request.organization)
    for member in members:
        member.platform = platform.get(member.pk)
    return render(
        request,
        "members/list.html",
        {
            "form": form,
            "members": members,
            "roles": Role.choices,
            "invite_link": invite_link,
            "role_help": ROLE_HELP,
        },
    )


def _membership(request: HttpRequest, pk: int) -> Membership:
    return get_object_or_404(Membership, pk=pk, organization=request.organization)


@require_POST
@organization_required("admin")
def member_role(request: HttpRequest, pk: int) -> HttpResponse:
    membership, role = _membership(request, pk), request.POST.get("role", "")
    if role not in Role.values:
        messages.error(request, "Choose viewer, editor or admin.")
        return redirect("member_list")
    try:
        membership_change_role(membership=membership, actor=request.user, role=role)
    except MembershipRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"{membership.user.get_username()} is now {Role(role).label.lower()}."
        )
    return redirect("member_list")


@require_POST
@organization_required("admin")
def member_remove(request: HttpRequest, pk: int) -> HttpResponse:
    membership = _membership(request, pk)
    try:
        membership_remove(membership=membership, actor=request.user)
    except MembershipRefused as refused:
        messages.error(request, str(refused))
    else:
        messages.success(
            request, f"Removed {membership.user.get_username()} from {request.organization.name}."
        )
    return redirect("member_list")
