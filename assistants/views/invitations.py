"""The page an invitation link opens: accept or decline, or make the invited account."""

from django import forms
from django.contrib import messages
from django.contrib.auth import login
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from assistants.middleware import SESSION_KEY
from assistants.services.invitations import (
    InvitationRefused,
    account_exists,
    invitation_accept,
    invitation_accept_new_account,
    invitation_decline,
    invitation_for_token,
)


class NewAccountForm(forms.Form):
    password = forms.CharField(
        label="Choose a password",
        widget=forms.PasswordInput(attrs={"autocomplete": "new-password"}),
    )


@login_not_required
@require_http_methods(["GET", "POST"])
def invitation_page(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return render(request, "invitations/gone.html", status=404)
    form = NewAccountForm(request.POST or None)
    signed_in = request.user.is_authenticated
    error = ""
    if request.method == "POST":
        try:
            if request.POST.get("answer") == "decline" and signed_in:
                invitation_decline(invitation=invitation, user=request.user)
                messages.info(request, f"You declined to join {invitation.organization.name}.")
                return redirect("draft_list")
            if signed_in:
                invitation_accept(invitation=invitation, user=request.user)
            elif form.is_valid():
                membership = invitation_accept_new_account(
                    invitation=invitation, password=form.cleaned_data["password"]
                )
                login(
                    request,
                    membership.user,
                    backend="django.contrib.auth.backends.ModelBackend",
                )
            else:
                raise InvitationRefused("Choose a password.")
        except InvitationRefused as refused:
            error = str(refused)
        except ValidationError as weak:
            form.add_error("password", weak)
        else:
            request.session[SESSION_KEY] = invitation.organization_id
            messages.success(request, f"You joined {invitation.organization.name}.")
            return redirect("draft_list")
    context = {
        "invitation": invitation,
        "form": form,
        "error": error,
        "signed_in": signed_in,
        "is_invited_account": signed_in
        and request.user.get_username().lower() == invitation.username.lower(),
        # Only the person holding the link sees this, never the admin's form.
        "needs_account": not signed_in and not account_exists(invitation.username),
        "login_url": reverse("login") + "?next=" + request.path,
    }
    return render(request, "invitations/page.html", context, status=422 if error else 200)
