"""System checks for `manage.py check --deploy`: settings that are fine in development and
unsafe in production."""

from django.conf import settings
from django.core.checks import Error, Tags, register


@register(Tags.security, deploy=True)
def secrets_and_outbound(app_configs, **kwargs) -> list[Error]:
    errors = []
    if not [key for key in settings.FIELD_ENCRYPTION_KEYS if key.strip()]:
        errors.append(
            Error(
                "FIELD_ENCRYPTION_KEYS is not set: connection keys and MCP secrets cannot be "
                "encrypted (or read back).",
                hint="Set FIELD_ENCRYPTION_KEYS to one or more comma-separated Fernet keys.",
                id="assistants.E001",
            )
        )
    if settings.OUTBOUND_ALLOW_PRIVATE and not settings.DEBUG:
        errors.append(
            Error(
                "OUTBOUND_ALLOW_PRIVATE is on in production: drafts may make this server and "
                "the upstream call addresses inside your network.",
                hint="Turn it off and name the internal hosts that must be reachable in "
                "OUTBOUND_ALLOWLIST instead.",
                id="assistants.E002",
            )
        )
    return errors
