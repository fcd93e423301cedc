"""Invitation verbs: invite by username, accept (with an account or by making one), decline.

Nobody is added to an organisation without saying yes, and inviting answers the same for a
username that exists and one that does not (the link is the only thing handed over).
"""

import hashlib
import secrets

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.contrib.auth.password_validation import validate_password
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistants.models import Invitation, Membership, Organization
from assistants.services.organizations import MembershipRefused
from audit.services import audit_record


class InvitationRefused(Exception):
    """The invitation cannot be used this way; the message says why and what to do."""


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def invitation_create(
    *, organization: Organization, actor, username: str, role: str
) -> tuple[Invitation, str]:
    """An invitation for `username` and its one-time token (put in the link). Refused only
    for what the admin can see anyway: someone already in the organisation."""
    username = username.strip()
    if Membership.objects.filter(
        organization=organization, user__username__iexact=username
    ).exists():
        raise MembershipRefused(f"{username} is already a member of {organization.name}.")
    token = secrets.token_urlsafe(32)
    invitation = Invitation.objects.create(
        organization=organization,
        username=username,
        role=role,
        invited_by=actor,
        token_hash=_hash(token),
    )
    audit_record(
        organization=organization,
        actor=actor,
        action="invitation.sent",
        target=invitation,
        details={"role": role, "username": username},
    )
    return invitation, token


def invitation_for_token(token: str) -> Invitation | None:
    """The open invitation the token stands for, if any."""
    found = (
        Invitation.objects.select_related("organization")
        .filter(token_hash=_hash(token or ""))
        .first()
    )
    return found if found is not None and found.is_open else None


def account_exists(username: str) -> bool:
    return get_user_model().objects.filter(username__iexact=username).exists()


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: AbstractBaseUser) -> Membership:
    """`user` (signed in, with the invited username) joins with the invited role."""
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open:
        raise InvitationRefused("This invitation was already used, declined or has expired.")
    if user.get_username().lower() != locked.username.lower():
        raise InvitationRefused(
            f"This invitation is for the account “{locked.username}”. Sign in as that account "
            "to accept it."
        )
    membership, _ = Membership.objects.get_or_create(
        user=user, organization=locked.organization, defaults={"role": locked.role}
    )
    locked.accepted_at = timezone.now()
    locked.save(update_fields=["accepted_at"])
    audit_record(
        organization=locked.organization,
        actor=user,
        action="invitation.accepted",
        target=locked,
        details={"role": membership.role},
    )
    audit_record(
        organization=locked.organization,
        actor=locked.invited_by,
        action="member.added",
        target=membership,
        details={"role": membership.role, "invitation": locked.pk},
    )
    return membership


@transaction.atomic
def invitation_accept_new_account(*, invitation: Invitation, password: str) -> Membership:
    """Make the invited account (no account has the name yet) and accept for it."""
    if account_exists(invitation.username):
        raise InvitationRefused(
            f"An account called “{invitation.username}” exists: sign in to accept."
        )
    User = get_user_model()
    user = User(username=invitation.username)
    validate_password(password, user)  # ValidationError: shown on the form
    user.set_password(password)
    try:
        with transaction.atomic():
            user.save()
    except IntegrityError as race:
        raise InvitationRefused("That account was just made. Sign in to accept.") from race
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: AbstractBaseUser) -> None:
    locked = Invitation.objects.select_for_update().get(pk=invitation.pk)
    if not locked.is_open or user.get_username().lower() != locked.username.lower():
        raise InvitationRefused("This invitation cannot be declined from this account.")
    locked.declined_at = timezone.now()
    locked.save(update_fields=["declined_at"])
    audit_record(
        organization=locked.organization,
        actor=user,
        action="invitation.declined",
        target=locked,
    )
