"""A JSON field whose secret values (MCP tokens, MCP header values) are encrypted at rest."""

from django.db import models

from assistants.contract.secrets import map_secrets

# Marks an encrypted value inside the stored JSON. EVERY secret string is encrypted on the way
# in, whatever its text: a secret that happens to start with the prefix is encrypted like any
# other, so a stored value carrying the prefix was always written by us (the envelope cannot
# be imitated by what someone types). Anything without it is plain text from rows written
# before encryption, and is encrypted on its next save.
PREFIX = "enc:v2:"
# The first envelope: values were left alone when they already started with it, so a secret
# typed as "enc:v1:…" was stored as is and then failed to decrypt (issue 17). Still read.
LEGACY_PREFIX = "enc:v1:"


def _encrypt(value: str) -> str:
    from assistants import crypto

    return PREFIX + crypto.encrypt(value)


def _decrypt(value: str) -> str:
    from assistants import crypto

    if value.startswith(PREFIX):
        return crypto.decrypt(value[len(PREFIX) :])
    if value.startswith(LEGACY_PREFIX):
        try:
            return crypto.decrypt(value[len(LEGACY_PREFIX) :])
        except crypto.DecryptionFailed:
            # Either text someone typed that only looked like the old envelope (stored as is
            # by the old code), or a key that was dropped; rotate_encryption_keys refuses to
            # run in the second case. Shown as the text it is rather than failing every page.
            return value
    return value


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
