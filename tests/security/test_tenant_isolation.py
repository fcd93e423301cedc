"""A member of another organisation reaches nothing of ours through any dashboard route."""

from django.test import Client

from assistants.models import Membership
from assistants.services.drafts import draft_create
from directory.models import DirectoryEntry
from tests.conftest import make_member
from tests.foundation.test_sign_in_and_scoping import all_routes

SECRET = "only-acme-knows-this"


def test_every_dashboard_route_and_method_is_closed_to_another_organisation(
    organization, admin_user, other_organization
):
    ours = draft_create(
        organization=organization,
        user=admin_user,
        name="Acme internal",
        config={"instructions": SECRET},
    )
    ours_deleted = draft_create(organization=organization, user=admin_user, name="Gone")
    ours_deleted.deleted_at = ours.created_at
    ours_deleted.save()
    entry = DirectoryEntry.objects.create(
        organization=organization, kind="users", ident="usr_secret", name=SECRET
    )
    membership = Membership.objects.get(user=admin_user)
    mallory = Client()
    mallory.force_login(make_member(other_organization, "mallory"))  # an admin there
    # Her own membership is hers to act on (link it, change its role): on the member routes
    # an id of ours that happens to equal hers names hers, not ours.
    hers = Membership.objects.get(user__username="mallory").pk
    checked = 0
    for name, url in all_routes():
        if url.startswith("/api/"):
            continue  # tests/api/test_isolation.py walks those
        for pk in {ours.pk, ours_deleted.pk, entry.pk, membership.pk}:
            if pk == hers and "/members/" in url:
                continue
            target = url.replace("/1/", f"/{pk}/")
            for method in ("get", "post"):
                response = getattr(mallory, method)(target)
                body = response.content.decode()
                assert SECRET not in body, f"{method} {target} ({name}) leaked our data"
                assert "Acme internal" not in body, f"{method} {target} ({name}) leaked"
                if "/1/" in url:
                    assert response.status_code in (403, 404, 405), (
                        f"{method} {target} ({name}) answered {response.status_code}"
                    )
                checked += 1
    assert checked > 40
    ours.refresh_from_db()
    ours_deleted.refresh_from_db()
    assert ours.deleted_at is None and ours_deleted.deleted_at is not None
    assert Membership.objects.filter(pk=membership.pk).exists()
    assert DirectoryEntry.objects.filter(pk=entry.pk).exists()
