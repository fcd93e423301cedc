"""Encryption of secrets at rest (connection API keys, request bodies waiting to be sent).

Keys come from FIELD_ENCRYPTION_KEYS, comma-separated Fernet keys: the first encrypts, every
one decrypts, so a new key can be put first and the old ones re-encrypted later with
`manage.py rotate_encryption_keys`. In development with no key set, settings derive one from
SECRET_KEY so `make run` needs no set-up; with DEBUG off a missing key is a configuration error
(a key derived from SECRET_KEY would make rotating SECRET_KEY lose every stored secret).
"""

from functools import lru_cache

from cryptography.fernet import Fernet, InvalidToken, MultiFernet
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured


class DecryptionFailed(Exception):
    """A stored secret could not be decrypted with any of the configured keys."""


def configured_keys() -> tuple[bytes, ...]:
    keys = tuple(key.strip().encode() for key in settings.FIELD_ENCRYPTION_KEYS if key.strip())
    if not keys:
        raise ImproperlyConfigured(
            "Set FIELD_ENCRYPTION_KEYS (required when DEBUG is off): one or more "
            "comma-separated Fernet keys. Make one with: python -c 'from cryptography.fernet "
            "import Fernet; print(Fernet.generate_key().decode())'"
        )
    return keys


@lru_cache(maxsize=4)
def _fernet_for(keys: tuple[bytes, ...]) -> MultiFernet:
    try:
        return MultiFernet([Fernet(key) for key in keys])
    except ValueError as bad:
        raise ImproperlyConfigured(
            "FIELD_ENCRYPTION_KEYS holds a value that is not a Fernet key (32 url-safe "
            "base64-encoded bytes)."
        ) from bad


def fernet() -> MultiFernet:
    # Keys are read on every call (a cheap tuple) so overriding the setting takes effect.
    return _fernet_for(configured_keys())


def encrypt(text: str) -> str:
    return fernet().encrypt(text.encode()).decode()


def decrypt(token: str) -> str:
    try:
        return fernet().decrypt(token.encode()).decode()
    except InvalidToken as invalid:
        raise DecryptionFailed(
            "A stored secret could not be decrypted: the key that encrypted it is no longer in "
            "FIELD_ENCRYPTION_KEYS. Put the old key back (after the new one)."
        ) from invalid


def reencrypt(token: str) -> str:
    """The same secret, encrypted with the first key (MultiFernet.rotate)."""
    try:
        return fernet().rotate(token.encode()).decode()
    except InvalidToken as invalid:
        raise DecryptionFailed(
            "A stored secret could not be decrypted with any key in FIELD_ENCRYPTION_KEYS."
        ) from invalid
