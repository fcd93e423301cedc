import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from assistants.models import Membership, Organization, Role


def run(*args, **kwargs) -> str:
    from io import StringIO

    out = StringIO()
    call_command("create_organization", *args, stdout=out, **kwargs)
    return out.getvalue()


@pytest.mark.smoke
def test_create_organization_sets_up_the_organisation_and_its_first_admin(db):
    output = run("Acme Corp", upstream_id="org_acme", admin="alice")
    organization = Organization.objects.get()
    assert (organization.name, organization.slug, organization.upstream_id) == (
        "Acme Corp",
        "acme-corp",
        "org_acme",
    )
    membership = Membership.objects.get()
    assert membership.role == Role.ADMIN and membership.user.username == "alice"
    password = output.split("Password for alice: ")[1].strip()
    assert membership.user.check_password(password)


def test_running_create_organization_twice_changes_nothing(db):
    run("Acme Corp", upstream_id="org_acme", admin="alice", password="first-pass-123")
    output = run("Acme Corp", upstream_id="org_acme", admin="alice")
    assert Organization.objects.count() == 1
    assert Membership.objects.count() == 1
    assert "Password" not in output, "an existing admin's password must be kept"
    assert get_user_model().objects.get(username="alice").check_password("first-pass-123")


def test_create_organization_promotes_an_existing_user_to_admin(db):
    run("Acme Corp", upstream_id="org_acme", admin="alice")
    Membership.objects.update(role=Role.VIEWER)
    run("Acme Corp", upstream_id="org_acme", admin="alice")
    assert Membership.objects.get().role == Role.ADMIN


def test_create_organization_rejects_a_malformed_upstream_id(db):
    with pytest.raises(CommandError, match="org_abc123"):
        run("Acme Corp", upstream_id="acme", admin="alice")
    assert Organization.objects.count() == 0
