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


class DirectoryImport(models.Model):
    """A CSV of directory entries, imported by a worker (a 50,000-row file took minutes in
    one request). All or nothing; `processed` of `total` rows show the progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting to start"
        RUNNING = "running", "Importing"
        DONE = "done", "Imported"
        FAILED = "failed", "Nothing imported"

    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="directory_imports"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    file_name = models.CharField(max_length=200, blank=True)
    text = models.TextField()  # emptied once imported: the entries hold what matters
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(default=0)
    processed = models.PositiveIntegerField(default=0)
    created = models.PositiveIntegerField(default=0)
    updated = models.PositiveIntegerField(default=0)
    errors = models.JSONField(default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"CSV import {self.file_name or self.pk}"

    @property
    def finished(self) -> bool:
        return self.status in (self.Status.DONE, self.Status.FAILED)

    @property
    def percent(self) -> int:
        return int(100 * self.processed / self.total) if self.total else 0
