"""The organisation's own templates: admins rename and delete them."""

from django import forms
from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from assistants.views.decorators import organization_required
from directory.models import AssistantTemplate
from directory.services import TemplateRefused, template_delete, template_rename


class TemplateRenameForm(forms.Form):
    name = forms.CharField(label="Name", max_length=200)
    description = forms.CharField(label="What it is good for", max_length=500, required=False)


def _template(request: HttpRequest, pk: int) -> AssistantTemplate:
    return get_object_or_404(AssistantTemplate, pk=pk, organization=request.organization)


@organization_required("admin")
def template_list(request: HttpRequest) -> HttpResponse:
    templates = AssistantTemplate.objects.filter(organization=request.organization)
    rows = [
        (
            template,
            TemplateRenameForm(
                initial={"name": template.name, "description": template.description},
                prefix=f"t{template.pk}",
            ),
        )
        for template in templates
    ]
    return render(request, "templates_org/list.html", {"rows": rows})


@require_POST
@organization_required("admin")
def template_rename_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    form = TemplateRenameForm(request.POST, prefix=f"t{template.pk}")
    if form.is_valid():
        try:
            template_rename(template=template, user=request.user, **form.cleaned_data)
        except TemplateRefused as refused:
            messages.error(request, str(refused))
        else:
            messages.success(request, f"Saved the template “{template.name}”.")
    else:
        messages.error(request, "Give the template a name (up to 200 characters).")
    return redirect("template_list")


@require_POST
@organization_required("admin")
def template_delete_view(request: HttpRequest, pk: int) -> HttpResponse:
    template = _template(request, pk)
    name = template.name
    template_delete(template=template, user=request.user)
    messages.success(request, f"Deleted the template “{name}”. Drafts started from it are kept.")
    return redirect("template_list")
