"""A JSON field whose secret values (MCP tokens, MCP header values) are encrypted at rest."""

from django.db import models

from assistants.contract.secrets import map_secrets

# Marks an encrypted value inside the stored JSON; anything else is read as plain text (rows
# written before encryption), and is encrypted on its next save.
PREFIX = "enc:v1:"


def _encrypt(value: str) -> str:
    from assistants import crypto

    return value if value.startswith(PREFIX) else PREFIX + crypto.encrypt(value)


def _decrypt(value: str) -> str:
    from assistants import crypto

    return crypto.decrypt(value[len(PREFIX) :]) if value.startswith(PREFIX) else value


class SecretsJSONField(models.JSONField):
    """Encrypts on the way to the database and decrypts on the way back, so the rest of the
    product works with the configuration as it is. Which values are secret comes from the
    contract's catalogue (`secret=True`)."""

    def get_prep_value(self, value):
        if isinstance(value, dict):
            value = map_secrets(value, _encrypt)
        return super().get_prep_value(value)

    def from_db_value(self, value, expression, connection):
        value = super().from_db_value(value, expression, connection)
        return map_secrets(value, _decrypt) if isinstance(value, dict) else value

    def deconstruct(self):
        # The column is an ordinary jsonb: migrations need not know about the encryption.
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.JSONField", args, kwargs
