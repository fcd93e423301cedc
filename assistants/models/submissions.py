"""Connections to upstream APIs, submissions of drafts, and every attempt to send one."""

import uuid

from django.conf import settings
from django.db import models

from assistants import crypto
from assistants.contract.secrets import MASK
from assistants.models.fields import SecretsJSONField


class Dialect(models.TextChoices):
    AITRONOS = "aitronos", "Aitronos (Freddy) API"
    OPENAI = "openai", "OpenAI Assistants v2 (compatible servers)"
    OPENAI_V1 = "openai_v1", "OpenAI-compatible v1 server"


class Connection(models.Model):
    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="connections"
    )
    name = models.CharField(max_length=100)
    dialect = models.CharField(max_length=20, choices=Dialect.choices, default=Dialect.AITRONOS)
    base_url = models.URLField(
        "base URL", help_text="Everything before /v1/assistants, e.g. https://api.aitronos.com"
    )
    # Encrypted at rest (assistants.crypto); write-only in every form, shown as its last four.
    api_key_encrypted = models.TextField(blank=True)
    api_key_last4 = models.CharField(max_length=4, blank=True)
    is_default = models.BooleanField(default=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organization", "name"], name="connection_name_unique"),
            models.UniqueConstraint(
                fields=["organization"],
                condition=models.Q(is_default=True),
                name="one_default_connection_per_organization",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.get_dialect_display()})"

    def set_api_key(self, plain: str) -> None:
        """Store `plain` encrypted, keeping only its last four characters readable."""
        plain = plain.strip()
        self.api_key_encrypted = crypto.encrypt(plain) if plain else ""
        # Like mask_secret: a short key would give too much away in its last four.
        self.api_key_last4 = plain[-4:] if len(plain) > 8 else ""

    @property
    def api_key(self) -> str:
        """The key in full, for the request upstream only: never log or render it."""
        return crypto.decrypt(self.api_key_encrypted) if self.api_key_encrypted else ""

    @property
    def has_api_key(self) -> bool:
        return bool(self.api_key_encrypted)

    @property
    def api_key_hint(self) -> str:
        """How the key is shown: `••••abcd`, or just `••••` for a key too short to hint at."""
        return MASK + self.api_key_last4 if self.api_key_encrypted else ""


class SubmissionStatus(models.TextChoices):
    QUEUED = "queued", "Queued"
    SENDING = "sending", "Sending"
    RETRYING = "retrying", "Retrying"
    CREATED = "created", "Created"
    UPDATED = "updated", "Updated"
    DELETED = "deleted", "Deleted"
    FAILED = "failed", "Failed"


class SubmissionKind(models.TextChoices):
    """What a submission does to the upstream assistant. The lease, attempts, retries and
    timeline are shared; the request and the success rule differ (services/submissions)."""

    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"


# A submission in one of these is on its way: it holds its draft and a worker will act on it.
ACTIVE_STATUSES = (SubmissionStatus.QUEUED, SubmissionStatus.SENDING, SubmissionStatus.RETRYING)


class Submission(models.Model):
    organization = models.ForeignKey(
        "assistants.Organization", on_delete=models.CASCADE, related_name="submissions"
    )
    draft = models.ForeignKey(
        "assistants.Draft", on_delete=models.CASCADE, related_name="submissions"
    )
    revision = models.ForeignKey(
        "assistants.DraftRevision", on_delete=models.SET_NULL, null=True, related_name="+"
    )
    connection = models.ForeignKey(Connection, on_delete=models.PROTECT, related_name="+")
    dialect = models.CharField(max_length=20, choices=Dialect.choices)
    kind = models.CharField(
        max_length=10, choices=SubmissionKind.choices, default=SubmissionKind.CREATE
    )
    status = models.CharField(
        max_length=10, choices=SubmissionStatus.choices, default=SubmissionStatus.QUEUED
    )
    # The draft's configuration as it was sent: never changed afterwards (the revision it
    # came from may fold later saves in), so "Last submitted" compares with what was sent.
    config = SecretsJSONField(null=True, blank=True)
    # The draft's live_version this change was built on: applied only if still current.
    base_live_version = models.PositiveIntegerField(null=True, blank=True)
    idempotency_key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    # The exact request body, with secrets redacted, for people to read...
    request_body = models.JSONField(default=dict)
    # ...and the same body in full, encrypted, for the worker to send: the draft (and even
    # its revision, which folds later saves in) may change after the user pressed Submit.
    body_encrypted = models.TextField(blank=True)
    unsupported_fields = models.JSONField(default=list, blank=True)
    upstream_assistant_id = models.CharField(max_length=200, blank=True)
    upstream_object = models.JSONField(null=True, blank=True)
    error_code = models.CharField(max_length=100, blank=True)
    error_message = models.TextField(blank=True)
    field_errors = models.JSONField(default=list, blank=True)
    # Fields sent that the created assistant came back without: [{key, path, label}].
    not_kept = models.JSONField(default=list, blank=True)
    attempt_count = models.PositiveIntegerField(default=0)
    next_attempt_at = models.DateTimeField(null=True, blank=True)
    # Set while a worker owns the submission; a lease that runs out can be taken over.
    claimed_by = models.CharField(max_length=200, blank=True)
    claimed_until = models.DateTimeField(null=True, blank=True)
    # The fencing token: raised by every claim, and every write of a run requires the value
    # its claim set, so a worker that lost its lease (paused, too slow) writes nothing more.
    lease_generation = models.PositiveBigIntegerField(default=0)
    # Claims since the last run that ended cleanly: counts workers that died holding it.
    deliveries = models.PositiveIntegerField(default=0)
    # When the last message for it was due to run (None: none is known to be on its way, so
    # the sweep sends one). Keeps the sweep from stacking messages on the queue.
    enqueued_at = models.DateTimeField(null=True, blank=True)
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["organization", "status", "-created_at"]),
            models.Index(fields=["status", "next_attempt_at"]),
        ]
        constraints = [
            # One submission of a draft on its way at a time, and one that created it.
            models.UniqueConstraint(
                fields=["draft"],
                condition=models.Q(status__in=["queued", "sending", "retrying"]),
                name="one_active_submission_per_draft",
            ),
            models.UniqueConstraint(
                fields=["draft"],
                condition=models.Q(status="created"),
                name="one_created_submission_per_draft",
            ),
        ]

    def __str__(self) -> str:
        return f"Submission {self.pk} of {self.draft} ({self.status})"

    @property
    def is_final(self) -> bool:
        return self.status not in ACTIVE_STATUSES


class SubmissionAttempt(models.Model):
    submission = models.ForeignKey(Submission, on_delete=models.CASCADE, related_name="attempts")
    number = models.PositiveIntegerField()
    kind = models.CharField(max_length=10, default="create")  # create | lookup
    started_at = models.DateTimeField()
    finished_at = models.DateTimeField(null=True, blank=True)
    http_status = models.PositiveIntegerField(null=True, blank=True)
    response_body = models.JSONField(null=True, blank=True)  # redacted
    trace_id = models.CharField(max_length=200, blank=True)
    error_code = models.CharField(max_length=100, blank=True)
    error_message = models.TextField(blank=True)
    outcome = models.CharField(max_length=20, blank=True)  # created, retry, failed, ambiguous…
    retry_after_seconds = models.FloatField(null=True, blank=True)
    worker = models.CharField(max_length=200, blank=True)  # who made it

    class Meta:
        ordering = ["number"]
        constraints = [
            models.UniqueConstraint(fields=["submission", "number"], name="attempt_number_unique")
        ]

    def __str__(self) -> str:
        return f"Attempt {self.number} of submission {self.submission_id}"
