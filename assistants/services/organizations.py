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
