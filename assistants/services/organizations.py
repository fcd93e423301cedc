"""Organisations and memberships."""

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction
from django.utils.crypto import get_random_string
from django.utils.text import slugify

from assistants.models import Membership, Organization, Role


@transaction.atomic
def organization_setup(
    *, name: str, upstream_id: str, admin_username: str, admin_password: str | None = None
) -> tuple[Organization, AbstractBaseUser, str | None]:
    """Create (or update) an organisation and its first admin, idempotently.

    Returns the organisation, the admin user and the password when one was set now
    (a new user, or an explicit --password); None when an existing password was kept.
    """
    slug = slugify(name) or slugify(upstream_id)
    organization, _ = Organization.objects.update_or_create(
        slug=slug, defaults={"name": name, "upstream_id": upstream_id}
    )
    organization.full_clean()
    User = get_user_model()
    user, created = User.objects.get_or_create(username=admin_username)
    password_set = None
    if created or admin_password:
        password_set = admin_password or get_random_string(16)
        user.set_password(password_set)
        user.save()
    Membership.objects.update_or_create(
        user=user, organization=organization, defaults={"role": Role.ADMIN}
    )
    return organization, user, password_set


def memberships_for(user: AbstractBaseUser):
    """The organisations a user belongs to, with their role: the only ones they may see."""
    return Membership.objects.filter(user=user).select_related("organization")


class MembershipRefused(Exception):
    """A membership change that would break a rule; the message says which."""


def _keeps_an_admin(membership: Membership, new_role: str | None) -> None:
    if membership.role != Role.ADMIN or new_role == Role.ADMIN:
        return
    others = Membership.objects.filter(organization=membership.organization, role=Role.ADMIN)
    if not others.exclude(pk=membership.pk).exists():
        raise MembershipRefused(
            f"{membership.user.get_username()} is the only admin of "
            f"{membership.organization.name}. Make someone else an admin first."
        )


@transaction.atomic
def membership_add(
    *, organization: Organization, actor, username: str, role: str
) -> tuple[Membership, str | None]:
    """Add a person by username, creating their account when there is none yet.

    Returns the membership and, for a new account, its first password (to hand over once).
    """
    User = get_user_model()
    user, created = User.objects.get_or_create(username=username.strip())
    password = None
    if created:
        password = get_random_string(16)
        user.set_password(password)
        user.save()
    membership, added = Membership.objects.get_or_create(
        user=user, organization=organization, defaults={"role": role}
    )
    if not added:
        raise MembershipRefused(f"{username} is already a member, as {membership.role}.")
    from audit.services import audit_record

    audit_record(
        organization=organization,
        actor=actor,
        action="member.added",
        target=membership,
        details={"role": role, "new_account": created},
    )
    return membership, password


@transaction.atomic
def membership_change_role(*, membership: Membership, actor, role: str) -> Membership:
    locked = (
        Membership.objects.select_for_update()
        .select_related("user", "organization")
        .get(pk=membership.pk)
    )
    _keeps_an_admin(locked, role)
    before, locked.role = locked.role, role
    locked.save(update_fields=["role"])
    from audit.services import audit_record

    audit_record(
        organization=locked.organization,
        actor=actor,
        action="member.role_changed",
        target=locked,
        details={"from": before, "to": role},
    )
    return locked


@transaction.atomic
def membership_remove(*, membership: Membership, actor) -> None:
    locked = (
        Membership.objects.select_for_update()
        .select_related("user", "organization")
        .get(pk=membership.pk)
    )
    _keeps_an_admin(locked, None)
    from audit.services import audit_record

    audit_record(
        organization=locked.organization,
        actor=actor,
        action="member.removed",
        target=locked,
        details={"role": locked.role},
    )
    locked.delete()
