"""What the sandbox upstream stores: the assistants created through it, in its own table."""

from django.db import models
from django.db.models import Q


class Dialect(models.TextChoices):
    AITRONOS = "aitronos", "Aitronos (Freddy) API"
    OPENAI = "openai", "OpenAI Assistants v2"
    OPENAI_V1 = "openai_v1", "OpenAI-compatible v1"


class SandboxAssistant(models.Model):
    id = models.CharField(primary_key=True, max_length=40)  # asst_ + 24 characters
    dialect = models.CharField(max_length=16, choices=Dialect.choices)
    organization_id = models.CharField(max_length=200)
    # OpenAI names are optional: "" stands for "no name".
    name = models.CharField(max_length=256, blank=True)
    created_by = models.CharField(max_length=40)
    body = models.JSONField()  # the request body exactly as received
    object = models.JSONField()  # the assistant object as returned
    # Recorded to show what a client sent; the sandbox never deduplicates on it, because
    # the real upstreams do not promise to.
    idempotency_key = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField()
    deleted_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            # Aitronos documents names as unique within an organisation; OpenAI does not, so
            # its shapes accept duplicates like the real service. Deleted assistants free
            # their name. The database enforces it, so concurrent creates cannot both win.
            models.UniqueConstraint(
                fields=["dialect", "organization_id", "name"],
                condition=Q(deleted_at__isnull=True, dialect="aitronos"),
                name="sandbox_live_aitronos_name_unique",
            ),
        ]
        indexes = [
            models.Index(
                fields=["dialect", "organization_id", "created_at"], name="sandbox_list_idx"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.id} ({self.dialect}, {self.organization_id}, {self.name!r})"
