"""Per-organisation names for the ids the upstream API uses, and saved assistant templates."""

from django.conf import settings
from django.db import models
from django.db.models import Q

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
    # For models: their provider (openai, aitronos, …); for people their e-mail address.
    detail = models.CharField(max_length=200, blank=True)
    # Where the entry came from: the connection whose sync last listed it; empty for
    # entries an admin added or uploaded.
    connection = models.ForeignKey(
        "assistants.Connection",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="directory_entries",
    )
    # What the platform says beyond a name: a model's capabilities, an icon's address, …
    extra = models.JSONField(default=dict, blank=True)
    # The sync run that last listed it; a complete sync that did not is "no longer on the
    # platform" (gone_at). Such entries are kept: drafts may still hold their ids.
    seen_in = models.BigIntegerField(null=True, blank=True)
    gone_at = models.DateTimeField(null=True, blank=True)
    # Indexes for suggestions as people type are made in migration 0002 (SQL): a b-tree on
    # (organization, kind, UPPER(name) text_pattern_ops) for prefixes, and a trigram GIN
    # index on UPPER(name) for matches anywhere in the name.

    class Meta:
        ordering = ["kind", "name"]
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "kind", "ident"], name="directory_id_unique_per_kind"
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.ident})"

    @property
    def synced(self) -> bool:
        return self.connection_id is not None


class DirectoryImage(models.Model):
    """The picture of an icon or avatar, copied from the platform by a sync (directory/images.py)
    so the dashboard serves it itself: the browser never loads the platform's address (the
    page's CSP allows images from us only, and it works offline). `data` is empty when the
    copy failed or was refused; `problem` says why and the gallery shows a placeholder."""

    entry = models.OneToOneField(DirectoryEntry, on_delete=models.CASCADE, related_name="image")
    source_url = models.CharField(max_length=500)  # fetched again only when this changes
    content_type = models.CharField(max_length=40, blank=True)
    data = models.BinaryField(default=b"", blank=True)
    digest = models.CharField(max_length=64, blank=True)  # sha256 of data: the URL's version
    problem = models.CharField(max_length=300, blank=True)
    fetched_at = models.DateTimeField(auto_now=True)

    def __str__(self) -> str:
        return f"Picture of {self.entry}"

    @property
    def stored(self) -> bool:
        return bool(self.digest)

    @property
    def url(self) -> str:
        """Where the dashboard serves it; the digest in it changes with the picture, so it can
        be cached for good (directory/gallery_views.py)."""
        from django.urls import reverse

        return reverse("directory_picture", args=[self.entry_id, self.digest[:16]])


class SyncStatus(models.TextChoices):
    QUEUED = "queued", "Waiting to start"
    RUNNING = "running", "Syncing"
    DONE = "done", "Done"
    PARTIAL = "partial", "Partly done"
    FAILED = "failed", "Failed"


class SyncRun(models.Model):
    """One sync of a connection's directory: what was read, kind by kind, and how it ended."""

    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="directory_syncs"
    )
    connection = models.ForeignKey(
        "assistants.Connection", on_delete=models.CASCADE, related_name="directory_syncs"
    )
    status = models.CharField(max_length=10, choices=SyncStatus.choices, default="queued")
    trigger = models.CharField(max_length=20, default="manual")  # manual, scheduled, setup, api
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True
    )
    # {kind: {"status", "read", "added", "gone", "error"}} in the order the kinds were read.
    progress = models.JSONField(default=dict, blank=True)
    message = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # One sync at a time per connection: a second "Sync now" joins the first.
            models.UniqueConstraint(
                fields=["connection"],
                condition=Q(status__in=["queued", "running"]),
                name="one_open_directory_sync_per_connection",
            )
        ]

    def __str__(self) -> str:
        return f"Directory sync of {self.connection} ({self.get_status_display()})"

    @property
    def is_open(self) -> bool:
        return self.status in (SyncStatus.QUEUED, SyncStatus.RUNNING)


class MemberLink(models.Model):
    """A dashboard member is a person on the platform: their platform user id."""

    membership = models.OneToOneField(
        "assistants.Membership", on_delete=models.CASCADE, related_name="platform_link"
    )
    user_ident = models.CharField("platform user id", max_length=200)
    confirmed = models.BooleanField(default=False)  # False: proposed from the e-mail address
    created_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return f"{self.membership.user} = {self.user_ident}"


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
