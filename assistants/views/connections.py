"""Connections to upstream APIs, for admins: list, create, edit, delete. The key is write-only."""

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from assistants.models import Connection, Dialect
from assistants.services.connections import (
    ConnectionInUse,
    connection_create,
    connection_delete,
    connection_update,
)
from assistants.views import pending_secrets
from assistants.views.decorators import organization_required

KEPT_KEY_HELP = (
    "The key you typed is kept for this form but not shown: leave this empty and save "
    "again to use it, or type another."
)


def _posted(request: HttpRequest, scope: str):
    """The post, with a key typed before a failed save filled in when the box is empty."""
    if request.method != "POST":
        return None
    # Kept for this connection's form only; its base URL may change (a mistyped base URL is
    # the usual reason a save failed).
    data, _ = pending_secrets.restore(request, scope, request.POST)
    return data


def _after(request: HttpRequest, scope: str, form: forms.Form) -> None:
    """Keep a typed key when the form failed, and say so; forget it once saved."""
    if not form.is_bound:
        return
    if form.errors:
        if pending_secrets.remember(request, scope, form.data, ["api_key"]):
            # The bound field copies its help text when first built (during validation).
            form.fields["api_key"].help_text = form["api_key"].help_text = KEPT_KEY_HELP
            form.fields["api_key"].widget.attrs["placeholder"] = "Kept (not shown)"
    else:
        pending_secrets.forget(request, scope)


class ConnectionForm(forms.Form):
    name = forms.CharField(
        label="Name", max_length=100, help_text="How people pick it when they submit."
    )
    dialect = forms.ChoiceField(
        label="API", choices=Dialect.choices, help_text="Which kind of API the upstream speaks."
    )
    base_url = forms.URLField(
        label="Base URL",
        assume_scheme="https",
        help_text="Everything before /v1/assistants, e.g. https://api.aitronos.com. For OpenAI "
        "Assistants v2, the address of a compatible server: OpenAI retired its own hosted "
        "Assistants API on 2026-08-26.",
    )
    # Write-only: never rendered back (render_value=False), not even after an error.
    api_key = forms.CharField(
        label="API key",
        required=False,
        strip=True,
        widget=forms.PasswordInput(render_value=False, attrs={"autocomplete": "off"}),
    )
    is_default = forms.BooleanField(
        label="Default connection", required=False, help_text="Preselected when people submit."
    )

    def __init__(self, *args, connection: Connection | None = None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        key = self.fields["api_key"]
        if connection is None:
            key.required = True
            key.help_text = "Sent upstream with every request, and stored encrypted."
        else:
            hint = connection.api_key_hint or "none"
            key.help_text = (
                f"The current key is {hint}. Leave this blank to keep it; type a new one to "
                "replace it."
            )


def _connection(request: HttpRequest, pk: int) -> Connection:
    found = Connection.objects.filter(organization=request.organization, pk=pk).first()
    if found is None:
        raise Http404("No such connection in this organisation.")
    return found


def _add_errors(form: forms.Form, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, errors in error.message_dict.items():
            for message in errors:
                form.add_error(name if name in form.fields else None, message)
    else:
        for message in error.messages:
            form.add_error(None, message)


@organization_required("admin")
def connection_list(request: HttpRequest) -> HttpResponse:
    connections = Connection.objects.filter(organization=request.organization)
    return render(request, "connections/list.html", {"connections": connections})


@organization_required("admin")
def connection_new(request: HttpRequest) -> HttpResponse:
    scope = "connection:new"
    form = ConnectionForm(_posted(request, scope))
    if request.method == "POST" and form.is_valid():
        try:
            connection = connection_create(
                organization=request.organization, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            pending_secrets.forget(request, scope)
            messages.success(request, f"Connection “{connection.name}” was added.")
            return redirect("connection_list")
    _after(request, scope, form)
    status = 422 if form.errors else 200
    return render(request, "connections/form.html", {"form": form}, status=status)


@organization_required("admin")
def connection_edit(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _connection(request, pk)
    initial = {
        "name": connection.name,
        "dialect": connection.dialect,
        "base_url": connection.base_url,
        "is_default": connection.is_default,
    }
    scope = f"connection:{connection.pk}"
    form = ConnectionForm(_posted(request, scope), initial=initial, connection=connection)
    if request.method == "POST" and form.is_valid():
        try:
            connection = connection_update(
                connection=connection, actor=request.user, **form.cleaned_data
            )
        except ValidationError as error:
            _add_errors(form, error)
        else:
            pending_secrets.forget(request, scope)
            messages.success(request, f"Connection “{connection.name}” was saved.")
            return redirect("connection_list")
    _after(request, scope, form)
    context = {"form": form, "connection": connection}
    return render(request, "connections/form.html", context, status=422 if form.errors else 200)


@organization_required("admin")
def connection_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    connection = _connection(request, pk)
    problem = ""
    if request.method == "POST":
        try:
            connection_delete(connection=connection, actor=request.user)
        except ConnectionInUse as in_use:
            problem = str(in_use)
        else:
            messages.success(request, f"Connection “{connection.name}” was deleted.")
            return redirect("connection_list")
    context = {"connection": connection, "problem": problem}
    return render(
        request, "connections/confirm_delete.html", context, status=409 if problem else 200
    )
