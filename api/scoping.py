"""Every object the API touches belongs to one of the caller's organisations.

Querysets start from the caller's memberships here, so a view cannot forget the scope;
another organisation's objects are simply not found (404).
"""

from django.contrib.auth.models import AbstractBaseUser
from django.db.models import QuerySet
from rest_framework.exceptions import NotFound, PermissionDenied, ValidationError

from assistants.models import Connection, Draft, Membership, Organization, Submission


def memberships(user: AbstractBaseUser) -> dict[int, Membership]:
    return {
        m.organization_id: m
        for m in Membership.objects.filter(user=user).select_related("organization")
    }


def drafts_of(user: AbstractBaseUser) -> QuerySet[Draft]:
    return Draft.objects.alive().filter(organization__memberships__user=user)


def submissions_of(user: AbstractBaseUser) -> QuerySet[Submission]:
    return Submission.objects.filter(organization__memberships__user=user)


def connections_of(user: AbstractBaseUser, *, admin_only: bool = False) -> QuerySet[Connection]:
    scope = {"organization__memberships__user": user}
    if admin_only:
        scope["organization__memberships__role"] = "admin"
    return Connection.objects.filter(**scope)


def require_role(user: AbstractBaseUser, organization_id: int, role: str) -> Membership:
    """The caller's membership, or 404 (not a member) / 403 (role too low)."""
    membership = (
        Membership.objects.filter(user=user, organization_id=organization_id)
        .select_related("organization")
        .first()
    )
    if membership is None:
        raise NotFound()
    if not membership.has_role(role):
        raise PermissionDenied(
            "Only admins can do this."
            if role == "admin"
            else "Viewers can read but not change or submit."
        )
    return membership


def organization_for_create(user: AbstractBaseUser, organization_id: int | None) -> Organization:
    """The organisation a new object goes to: the one named, or the caller's only one."""
    mine = memberships(user)
    if organization_id is None:
        if len(mine) != 1:
            raise ValidationError(
                {"organization": ["You belong to several organisations: say which one (its id)."]}
            )
        organization_id = next(iter(mine))
    return require_role(user, organization_id, "editor").organization
