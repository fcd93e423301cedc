"""Members are people: a member is linked to their platform user by e-mail (proposed, then
confirmed by an admin), and the people picker marks them as members."""

from directory.members import member_links_propose
from directory.models import DirectoryEntry, MemberLink
from tests.conftest import make_member


def test_links_are_proposed_by_email_confirmed_and_shown(admin_client, organization, admin_user):
    admin_user.email = "Alice.Smith@Example.com"
    admin_user.save()
    bob = make_member(organization, "bob", "editor")  # no e-mail: nothing to propose
    DirectoryEntry.objects.create(
        organization=organization,
        kind="users",
        ident="usr_a",
        name="Alice Smith",
        detail="alice.smith@example.com",
    )

    assert member_links_propose(organization=organization) == 1
    assert member_links_propose(organization=organization) == 0  # already proposed
    page = admin_client.get("/organization/members/").content.decode()
    assert "Alice Smith" in page and "(proposed from the e-mail address)" in page
    assert "add their e-mail address to link them" in page

    membership = admin_user.memberships.get()
    admin_client.post(f"/directory/members/{membership.pk}/link/", {"action": "confirm"})
    assert MemberLink.objects.get().confirmed
    html = admin_client.get("/directory/suggest/", {"kind": "users", "q": "ali"}).content.decode()
    assert "Alice Smith" in html and '<span class="badge">member</span>' in html
    admin_client.post(f"/directory/members/{membership.pk}/link/", {"action": "remove"})
    assert not MemberLink.objects.exists()
    assert bob.memberships.get().pk
