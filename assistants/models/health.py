"""A ping that proves the round trip web → broker → worker → database."""

import uuid

from django.db import models


class HealthPing(models.Model):
    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    # The worker is shared; who asked is not: each organisation sees its own checks.
    organization = models.ForeignKey(
        "assistants.Organization",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="health_pings",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    answered_at = models.DateTimeField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Ping {self.id} ({'answered' if self.answered else 'waiting'})"

    @property
    def answered(self) -> bool:
        return self.answered_at is not None
