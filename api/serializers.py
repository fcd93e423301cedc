"""API shapes. The draft configuration itself is the contract's document, not redeclared."""

from dataclasses import asdict

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from assistants.contract import SECTIONS, redact_secrets
from assistants.models import Draft, Membership, Submission, SubmissionAttempt


@extend_schema_field({"$ref": "#/components/schemas/AssistantConfig"})
class ConfigField(serializers.JSONField):
    """The draft configuration in the contract's shape (validated by the contract)."""

    def to_internal_value(self, data):
        if not isinstance(data, dict):
            raise serializers.ValidationError("The configuration must be a JSON object.")
        return data

    def to_representation(self, value):
        # Secrets (MCP tokens, header values) leave as `••••abcd`; sent back unchanged they
        # keep the saved value (see keep_masked_secrets).
        return redact_secrets(value)


class DraftSerializer(serializers.ModelSerializer):
    config = ConfigField()
    updated_by = serializers.SlugRelatedField(slug_field="username", read_only=True)
    notices = serializers.ListField(
        child=serializers.CharField(),
        source="secret_notices",
        read_only=True,
        help_text="What this save did that you did not ask for in so many words, e.g. a saved "
        "MCP token dropped because the server's address changed. Empty otherwise.",
    )
    live = serializers.SerializerMethodField(
        help_text="The live assistant the draft manages: null when it manages none."
    )

    @extend_schema_field(
        {
            "type": "object",
            "nullable": True,
            "properties": {
                "connection": {"type": "integer"},
                "version": {"type": "integer", "description": "Give it back as live_version."},
                "changed_at": {"type": "string", "format": "date-time", "nullable": True},
                "changed_by": {"type": "string", "nullable": True},
                "changes_not_live": {
                    "type": "array",
                    "items": {"type": "object"},
                    "description": "Live → draft: what an update would send, in plain words.",
                },
                "drift": {
                    "type": "array",
                    "items": {"type": "object"},
                    "description": "At the last Check live: what was sent → what is live.",
                },
                "drift_checked_at": {"type": "string", "format": "date-time", "nullable": True},
            },
        }
    )
    def get_live(self, draft):
        if not draft.upstream_assistant_id:
            return None
        from assistants.services.live import live_state

        state = live_state(draft)
        return {
            "connection": draft.upstream_connection_id,
            "version": draft.live_version,
            "changed_at": draft.live_at,
            "changed_by": draft.live_by.get_username() if draft.live_by else None,
            "changes_not_live": [
                {**asdict(change), "sentence": change.sentence} for change in state.changes
            ],
            "drift": state.drift,
            "drift_checked_at": draft.drift_checked_at,
        }

    class Meta:
        model = Draft
        fields = [
            "id",
            "organization",
            "name",
            "status",
            "version",
            "section_versions",
            "config",
            "upstream_assistant_id",
            "upstream_created_at",
            "live",
            "created_at",
            "updated_at",
            "updated_by",
            "notices",
        ]
        read_only_fields = fields


class DraftCreateSerializer(serializers.Serializer):
    organization = serializers.IntegerField(
        required=False, help_text="Organisation id; optional when you belong to only one."
    )
    name = serializers.CharField(max_length=256)
    config = ConfigField(required=False, default=dict)


class DraftUpdateSerializer(serializers.Serializer):
    version = serializers.IntegerField(
        help_text="The draft's version you last read; a stale version is refused (409)."
    )
    name = serializers.CharField(max_length=256, required=False)
    config = ConfigField(
        required=False,
        help_text="The whole configuration, or with "
        "`section`, just that section's fields (the others are kept).",
    )
    section = serializers.ChoiceField(choices=[s.value for s in SECTIONS], required=False)

    def validate(self, attrs):
        if "config" not in attrs and "name" not in attrs:
            raise serializers.ValidationError("Send a name, a config, or both.")
        if "section" in attrs and "config" not in attrs:
            raise serializers.ValidationError({"config": ["Send the section's fields."]})
        return attrs


class ImportSerializer(serializers.Serializer):
    organization = serializers.IntegerField(required=False)
    name = serializers.CharField(
        max_length=256, required=False, help_text="Overrides the body's name."
    )
    body = serializers.JSONField(
        help_text="A create-assistant request body, Aitronos or OpenAI shape."
    )

    def validate_body(self, body):
        if not isinstance(body, dict):
            raise serializers.ValidationError("The body must be a JSON object.")
        return body


class FieldErrorSerializer(serializers.Serializer):
    path = serializers.CharField()
    message = serializers.CharField()
    code = serializers.CharField()
    section = serializers.CharField(allow_null=True)


class UnsupportedSerializer(serializers.Serializer):
    path = serializers.CharField()
    reason = serializers.CharField()


class VerdictSerializer(serializers.Serializer):
    valid = serializers.BooleanField()
    dialect = serializers.CharField()
    errors = FieldErrorSerializer(many=True)
    unsupported = UnsupportedSerializer(many=True)


class PayloadSerializer(serializers.Serializer):
    dialect = serializers.CharField()
    method = serializers.CharField()
    url = serializers.CharField()
    headers = serializers.DictField(child=serializers.CharField())
    body = serializers.DictField()
    unsupported = UnsupportedSerializer(many=True)
    errors = FieldErrorSerializer(many=True)


class MembershipSerializer(serializers.ModelSerializer):
    id = serializers.IntegerField(source="organization.id")
    name = serializers.CharField(source="organization.name")
    slug = serializers.CharField(source="organization.slug")
    upstream_id = serializers.CharField(source="organization.upstream_id")

    class Meta:
        model = Membership
        fields = ["id", "name", "slug", "upstream_id", "role"]


class AttemptSerializer(serializers.ModelSerializer):
    class Meta:
        model = SubmissionAttempt
        fields = [
            "number",
            "kind",
            "started_at",
            "finished_at",
            "http_status",
            "response_body",
            "trace_id",
            "error_code",
            "error_message",
            "outcome",
            "retry_after_seconds",
        ]


class SubmissionSerializer(serializers.ModelSerializer):
    attempts = AttemptSerializer(many=True, read_only=True)
    not_kept = serializers.ListField(
        child=serializers.DictField(child=serializers.CharField()),
        read_only=True,
        help_text="Fields sent that the created assistant came back without (the upstream "
        "accepted but ignored them): each with `key` (in the request body), `path` (the "
        "draft's field) and `label`.",
    )

    class Meta:
        model = Submission
        fields = [
            "id",
            "organization",
            "draft",
            "connection",
            "dialect",
            "kind",
            "status",
            "base_live_version",
            "idempotency_key",
            "request_body",
            "unsupported_fields",
            "upstream_assistant_id",
            "upstream_object",
            "not_kept",
            "error_code",
            "error_message",
            "field_errors",
            "attempt_count",
            "next_attempt_at",
            "created_at",
            "updated_at",
            "finished_at",
            "attempts",
        ]
        read_only_fields = fields
