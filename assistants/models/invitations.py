"""Invitations: joining an organisation is the invited person's choice (issue 17).

An admin invites by username and gets a one-time link to hand over; the person who opens it
accepts into their own account (signing in first), or, when no account has that name yet,
chooses a password and gets one. The admin's answer is the same whether the name exists.
"""

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone

from assistants.models.organizations import Organization, Role

INVITATION_VALIDITY = timedelta(days=7)


def _expiry():
    return timezone.now() + INVITATION_VALIDITY


class Invitation(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="invitations"
    )
    username = models.CharField(max_length=150)
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    invited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    # sha256 of the link's token: the token itself is shown once, to the admin.
    token_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(auto_now_add=True)
    expires_at = models.DateTimeField(default=_expiry)
    accepted_at = models.DateTimeField(null=True, blank=True)
    declined_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.username} to {self.organization} ({self.role})"

    @property
    def is_open(self) -> bool:
        return (
            self.accepted_at is None
            and self.declined_at is None
            and self.expires_at > timezone.now()
        )
