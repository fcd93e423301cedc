"""Secrets at rest: Fernet with rotation, a derived key only in development."""

import io

import pytest
from cryptography.fernet import Fernet
from django.core.exceptions import ImproperlyConfigured
from django.core.management import call_command

from assistants import crypto
from assistants.models import Connection, Draft
from assistants.services.drafts import draft_create
from tests.foundation.test_settings import settings_in_child

OLD, NEW = Fernet.generate_key().decode(), Fernet.generate_key().decode()


def test_a_secret_round_trips_and_is_not_stored_readable(settings):
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    token = crypto.encrypt("sk-live-abcdef")
    assert "sk-live-abcdef" not in token
    assert crypto.decrypt(token) == "sk-live-abcdef"


def test_without_keys_using_a_secret_is_a_configuration_error_naming_the_setting(settings):
    settings.FIELD_ENCRYPTION_KEYS = []
    with pytest.raises(ImproperlyConfigured, match="Set FIELD_ENCRYPTION_KEYS"):
        crypto.encrypt("x")


def test_development_derives_a_key_and_production_derives_none():
    code = "print(len(settings.FIELD_ENCRYPTION_KEYS))"
    assert settings_in_child(code, DEBUG="1").stdout.split() == ["1"]
    production = settings_in_child(code, DEBUG="0", SECRET_KEY="x" * 50)
    assert production.stdout.split() == ["0"], production.stderr


def test_a_secret_encrypted_with_a_removed_key_says_how_to_recover(settings):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    token = crypto.encrypt("secret")
    settings.FIELD_ENCRYPTION_KEYS = [NEW]
    with pytest.raises(crypto.DecryptionFailed, match="Put the old key back"):
        crypto.decrypt(token)


def test_rotation_re_encrypts_every_stored_secret_with_the_first_key(
    settings, organization, admin_user
):
    settings.FIELD_ENCRYPTION_KEYS = [OLD]
    connection = Connection(organization=organization, name="Prod", base_url="https://x.test")
    connection.set_api_key("sk-live-rotate-me-4242")
    connection.save()
    server = {
        "server_label": "calendar",
        "type": "mcp",
        "server_url": "https://mcp.example.com/sse",
        "authorization": "mcp-token-rotate-9876",
    }
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Tutor",
        config={"tool_configurations": {"mcp_tools": [server]}},
    )

    settings.FIELD_ENCRYPTION_KEYS = [NEW, OLD]
    out = io.StringIO()
    call_command("rotate_encryption_keys", stdout=out)
    assert "Re-encrypted 1 connection key" in out.getvalue()

    settings.FIELD_ENCRYPTION_KEYS = [NEW]  # the old key can go now
    connection.refresh_from_db()
    assert connection.api_key == "sk-live-rotate-me-4242"
    assert connection.api_key_last4 == "4242"
    mcp = Draft.objects.get(pk=draft.pk).config["tool_configurations"]["mcp_tools"][0]
    assert mcp["authorization"] == "mcp-token-rotate-9876"
