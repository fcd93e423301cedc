from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from assistants.views.decorators import organization_required
from audit.services import ACTIONS, action_title, audit_events


class AuditFilterForm(forms.Form):
    action = forms.ChoiceField(
        label="What",
        required=False,
        choices=[("", "Everything"), *((a, action_title(a)) for a in ACTIONS)],
    )
    actor = forms.CharField(label="Who (username)", required=False)
    search = forms.CharField(label="About (name contains)", required=False)


@organization_required("admin")
def audit_list(request: HttpRequest) -> HttpResponse:
    filters = AuditFilterForm(request.GET)
    filters.is_valid()
    events = audit_events(
        request.organization, **{k: v for k, v in filters.cleaned_data.items() if v}
    )
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    return render(
        request, "audit/list.html", {"filters": filters, "page": page, "actions": ACTIONS}
    )
