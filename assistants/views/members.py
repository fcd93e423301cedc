"""Admins add people to the organisation, change their roles and remove them."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assistants.models import Membership, Role
from assistants.services.organizations import (
    MembershipRefused,
    membership_add,
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
        label="Username", max_length=150, help_text="An existing account, or a new one we create."
    )
    role = forms.ChoiceField(
        label="Role", choices=Role.choices, initial=Role.EDITOR, help_text=ROLE_HELP
    )


@organization_required("admin")
def member_list(request: HttpRequest) -> HttpResponse:
    form = AddMemberForm(request.POST or None)
    new_password = None
    if request.method == "POST" and form.is_valid():
        try:
            membership, new_password = membership_add(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except MembershipRefused as refused:
            form.add_error("username", str(refused))
        else:
            messages.success(
                request,
                f"Added {membership.user.get_username()} as "
                f"{membership.get_role_display().lower()}.",
            )
            if not new_password:
                return redirect("member_list")
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
            "new_password": new_password,
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
