"""Organisations and the people in them."""

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models


class Organization(models.Model):
    name = models.CharField("display name", max_length=200)
    slug = models.SlugField(unique=True)
    upstream_id = models.CharField(
        "upstream organisation id",
        max_length=100,
        validators=[RegexValidator(r"^org_[A-Za-z0-9_-]+$", "Use the form org_abc123.")],
        help_text="The organisation id the upstream API knows, for example org_abc123.",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class Role(models.TextChoices):
    ADMIN = "admin", "Admin"
    EDITOR = "editor", "Editor"
    VIEWER = "viewer", "Viewer"


class Membership(models.Model):
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(max_length=10, choices=Role.choices, default=Role.VIEWER)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["organization__name"]
        constraints = [
            models.UniqueConstraint(fields=["user", "organization"], name="one_membership_per_org")
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.organization} ({self.role})"

    @property
    def can_edit(self) -> bool:
        """Editors and admins change drafts and submit them."""
        return self.role in (Role.ADMIN, Role.EDITOR)

    @property
    def is_admin(self) -> bool:
        """Admins also manage connections and members."""
        return self.role == Role.ADMIN

    def has_role(self, least: str) -> bool:
        """Whether this member may do what `least` (viewer, editor or admin) may."""
        return {"admin": self.is_admin, "editor": self.can_edit}.get(least, True)
