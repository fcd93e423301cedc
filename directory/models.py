"""Per-organisation names for the ids the upstream API uses, and saved assistant templates."""

from django.conf import settings
from django.db import models

from assistants.contract import Picker


class DirectoryEntry(models.Model):
    """`dept_7f3a` is “Finance” to people: pickers show the name and store the id."""

    KINDS = [(p.value, p.value.replace("_", " ").capitalize()) for p in Picker]

    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="directory"
    )
    kind = models.CharField(max_length=30, choices=KINDS)
    ident = models.CharField("id", max_length=200)
    name = models.CharField(max_length=200)
    # For models: their provider (openai, aitronos, …); free text for other kinds.
    detail = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "ident"], name="directory_id_unique_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ident})"


class AssistantTemplate(models.Model):
    """A draft an admin saved for everyone in the organisation to start from."""

    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="templates"
    )
    name = models.CharField(max_length=200)
    description = models.CharField(max_length=500, blank=True)
    config = models.JSONField(default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "name"], name="template_name_unique_per_org"
            )
        ]

    def __str__(self) -> str:
        return self.name
