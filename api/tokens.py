"""Token verbs. The plain token exists only in the return value of token_create."""

import hashlib
import secrets
from datetime import datetime, timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils import timezone

from api.models import ApiToken
from assistants.models import Membership
from audit.services import audit_record

TOKEN_PREFIX = "ab_"
LAST_USED_PRECISION = timedelta(minutes=1)


def _hash(plain: str) -> str:
    # Tokens are long random strings, so a fast hash is enough (no password stretching).
    return hashlib.sha256(plain.encode()).hexdigest()


def _audit(token: ApiToken, action: str) -> None:
    """A token opens every organisation its owner belongs to: each one's log records it."""
    for membership in Membership.objects.filter(user=token.user).select_related("organization"):
        audit_record(
            organization=membership.organization,
            actor=token.user,
            action=action,
            target=token,
            details={"prefix": token.prefix},
        )


@transaction.atomic
def token_create(*, user: AbstractBaseUser, name: str) -> tuple[ApiToken, str]:
    plain = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken.objects.create(
        user=user, name=name.strip() or "API token", prefix=plain[:10], key_hash=_hash(plain)
    )
    _audit(token, "api_token.created")
    return token, plain


@transaction.atomic
def token_revoke(*, token: ApiToken) -> ApiToken:
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
        _audit(token, "api_token.revoked")
    return token


def token_authenticate(plain: str) -> ApiToken | None:
    token = (
        ApiToken.objects.select_related("user")
        .filter(key_hash=_hash(plain), revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if token is not None and _stale(token.last_used_at):
        # At most once a minute: "last used" is shown to the minute, and a write per
        # request would cost every API call a commit.
        token.last_used_at = timezone.now()
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=token.last_used_at)
    return token


def _stale(last_used_at: datetime | None) -> bool:
    return last_used_at is None or timezone.now() - last_used_at >= LAST_USED_PRECISION
