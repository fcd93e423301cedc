"""Members are people: a dashboard member linked to their platform user, so the people
pickers can offer "the organisation's members" by name.

Links are proposed from e-mail addresses (a member whose address is a synced person's) and
become certain when an admin confirms them; an admin can also remove a wrong one.
"""

from django.db.models import Q
from django.db.models.functions import Lower

from assistants.models import Membership, Organization
from directory.models import DirectoryEntry, MemberLink


def member_links_propose(*, organization: Organization) -> int:
    """Propose a link for each unlinked member whose e-mail a synced person has; how many."""
    unlinked = (
        Membership.objects.filter(organization=organization, platform_link__isnull=True)
        .exclude(Q(user__email="") | Q(user__email__isnull=True))
        .select_related("user")
    )
    emails = {m.user.email.lower(): m for m in unlinked}
    if not emails:
        return 0
    people = (
        DirectoryEntry.objects.filter(organization=organization, kind="users", gone_at__isnull=True)
        .annotate(email=Lower("detail"))
        .filter(email__in=list(emails))
    )
    links = [
        MemberLink(membership=emails[person.email], user_ident=person.ident, confirmed=False)
        for person in people
    ]
    MemberLink.objects.bulk_create(links, ignore_conflicts=True)
    return len(links)


def member_link_set(*, membership: Membership, confirmed: bool) -> None:
    """Confirm a proposed link, or remove the link (confirmed=False)."""
    if confirmed:
        MemberLink.objects.filter(membership=membership).update(confirmed=True)
    else:
        MemberLink.objects.filter(membership=membership).delete()


def member_people(*, organization_id: int) -> dict[str, str]:
    """{platform user id: dashboard username} of the organisation's linked members."""
    return dict(
        MemberLink.objects.filter(membership__organization_id=organization_id).values_list(
            "user_ident", "membership__user__username"
        )
    )


def member_rows(*, organization: Organization) -> dict[int, dict]:
    """{membership id: {"link", "person"}} for the Members page, in two queries."""
    links = {
        link.membership_id: link
        for link in MemberLink.objects.filter(membership__organization=organization)
    }
    names = dict(
        DirectoryEntry.objects.filter(
            organization=organization,
            kind="users",
            ident__in=[link.user_ident for link in links.values()],
        ).values_list("ident", "name")
    )
    return {
        membership_id: {"link": link, "person": names.get(link.user_ident, link.user_ident)}
        for membership_id, link in links.items()
    }
