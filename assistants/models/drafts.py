"""Drafts: an assistant's configuration being edited, stored in the contract's shape."""

from django.conf import settings
from django.db import models
from django.db.models.functions import Lower

from assistants.models.fields import SecretsJSONField


class DraftStatus(models.TextChoices):
    DRAFT = "draft", "Draft"
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    RETRYING = "retrying", "Waiting to retry"  # the upstream asked to wait, or did not answer
    CREATED = "created", "Created"
    FAILED = "failed", "Failed"


class DraftQuerySet(models.QuerySet):
    def alive(self) -> "DraftQuerySet":
        return self.filter(deleted_at__isnull=True)

    def deleted(self) -> "DraftQuerySet":
        return self.filter(deleted_at__isnull=False)


class Draft(models.Model):
    # Not a column: what the last save verb dropped on the way (assistants.services.drafts),
    # for the page or the API to tell the person who saved.
    secret_notices: tuple[str, ...] | list[str] = ()

    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="drafts"
    )
    # First-class copies of what lists, filters and uniqueness need; the configuration
    # document (`config`) is the source of truth for everything sent upstream.
    name = models.CharField(max_length=256)
    status = models.CharField(max_length=10, choices=DraftStatus.choices, default=DraftStatus.DRAFT)
    config = SecretsJSONField(default=dict, blank=True)
    # Optimistic concurrency: `version` grows on every save; `section_versions` remembers the
    # version at which each section was last saved, so two people editing different sections
    # don't collide, while a stale save of the same section is refused.
    version = models.PositiveIntegerField(default=1)
    section_versions = models.JSONField(default=dict, blank=True)
    upstream_assistant_id = models.CharField(max_length=200, blank=True)
    upstream_created_at = models.DateTimeField(null=True, blank=True)
    # --- The live assistant this draft manages (set by a create, an import; cleared by a
    # delete). `live_config` is the configuration last sent (or imported): what "Changes
    # not yet live" compares the draft with, and what an update clears against.
    upstream_connection = models.ForeignKey(
        "assistants.Connection", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    live_config = SecretsJSONField(null=True, blank=True)
    # Grows with every change applied upstream; an update built on an older one is stale.
    live_version = models.PositiveIntegerField(default=0)
    live_at = models.DateTimeField(null=True, blank=True)
    live_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    # Where the upstream differed from what was last sent, at the last "Check live".
    drift = models.JSONField(default=list, blank=True)
    drift_config = SecretsJSONField(null=True, blank=True)  # the upstream's values, read back
    drift_checked_at = models.DateTimeField(null=True, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    deleted_at = models.DateTimeField(null=True, blank=True)
    deleted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )

    objects = DraftQuerySet.as_manager()

    class Meta:
        ordering = ["-updated_at"]
        constraints = [
            # The upstream requires names unique within an organisation; a deleted draft
            # gives its name back.
            models.UniqueConstraint(
                "organization",
                Lower("name"),
                condition=models.Q(deleted_at__isnull=True),
                name="draft_name_unique_in_organization",
            ),
            # One draft manages one live assistant: an import never links a second.
            models.UniqueConstraint(
                "upstream_connection",
                "upstream_assistant_id",
                condition=models.Q(deleted_at__isnull=True) & ~models.Q(upstream_assistant_id=""),
                name="one_draft_per_live_assistant",
            ),
        ]
        indexes = [models.Index(fields=["organization", "status", "-updated_at"])]

    def __str__(self) -> str:
        return self.name

    def section_version(self, section: str) -> int:
        return int(self.section_versions.get(section, 0))

    @property
    def is_live(self) -> bool:
        """Linked to an assistant upstream (created from here, or imported)."""
        return bool(self.upstream_assistant_id)


class DraftRevision(models.Model):
    """A saved state of a draft. Saves by one person within a few minutes fold into one."""

    draft = models.ForeignKey(Draft, on_delete=models.CASCADE, related_name="revisions")
    number = models.PositiveIntegerField()
    name = models.CharField(max_length=256)
    config = SecretsJSONField(default=dict)
    changed_fields = models.JSONField(default=list, blank=True)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-number"]
        constraints = [
            models.UniqueConstraint(fields=["draft", "number"], name="revision_number_unique")
        ]

    def __str__(self) -> str:
        return f"{self.draft} revision {self.number}"
