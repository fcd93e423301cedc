"""A database of realistic size: organisations, drafts by the thousand, one benchmark user.

Drafts are made by varying a few templates (the documentation's examples, up to "All
Parameters", and the built-in gallery) and written with bulk_create, so 10,000 take seconds.
Only the drafts the page benchmarks open get revisions. A second run finds the seed complete
(same organisations, same number of drafts) and leaves it alone.
"""

import copy
import itertools
from dataclasses import dataclass

from django.contrib.auth import get_user_model
from django.contrib.auth.models import AbstractBaseUser
from django.db import transaction

from assistants.contract import example_document
from assistants.models import Draft, DraftRevision, Membership, Organization, Role
from assistants.starters import starters

ORGANIZATION_SLUG_PREFIX = "bench-org-"
USERNAME = "bench"
# Bench-only account in a bench-only database.
PASSWORD = "bench-password-not-a-secret"
# The drafts the page benchmarks open: one per concurrent client, each the "All Parameters"
# example, with a history of revisions like a draft people have worked on.
TARGET_PREFIX = "Bench target"
TARGETS = 8
TARGET_REVISIONS = 12
BATCH = 500


@dataclass(frozen=True)
class Seed:
    user: AbstractBaseUser
    organization: Organization  # the user's organisation, where the targets live
    targets: list[int]  # draft ids, one per concurrent client
    organizations: int
    drafts: int


def templates() -> list[tuple[str, dict]]:
    """(label, configuration) pairs, weighted towards the large ones as real use would be."""
    gallery = [(starter.title, starter.config) for starter in starters().values()]
    return [
        ("Minimal", example_document("aitronos_minimal")),
        ("With tools", example_document("aitronos_with_tools")),
        ("All parameters", example_document("aitronos_all_parameters")),
        ("All parameters (SDK)", example_document("aitronos_all_parameters_sdk")),
        *gallery,
        ("All parameters", example_document("aitronos_all_parameters")),
    ]


def _variant(config: dict, name: str, number: int) -> dict:
    varied = copy.deepcopy(config)
    varied["name"] = name
    if "instructions" in varied:
        varied["instructions"] = f"{varied['instructions']} (Variant {number}.)"
    return varied


def _is_seeded(organizations: int, drafts: int) -> bool:
    bench_organizations = Organization.objects.filter(slug__startswith=ORGANIZATION_SLUG_PREFIX)
    return (
        bench_organizations.count() == organizations
        and Draft.objects.filter(organization__in=bench_organizations).count() == drafts
        and Draft.objects.filter(name__startswith=TARGET_PREFIX).count() == TARGETS
    )


def _user() -> AbstractBaseUser:
    user, created = get_user_model().objects.get_or_create(
        username=USERNAME, defaults={"is_staff": True, "is_superuser": True}
    )
    if created or not user.check_password(PASSWORD):
        user.set_password(PASSWORD)
        user.save()
    return user


def _write(organizations: int, drafts: int, user: AbstractBaseUser) -> None:
    Organization.objects.filter(slug__startswith=ORGANIZATION_SLUG_PREFIX).delete()
    orgs = Organization.objects.bulk_create(
        Organization(
            name=f"Bench Organisation {n:02d}",
            slug=f"{ORGANIZATION_SLUG_PREFIX}{n:02d}",
            upstream_id=f"org_bench{n:02d}",
        )
        for n in range(1, organizations + 1)
    )
    Membership.objects.create(user=user, organization=orgs[0], role=Role.ADMIN)
    shapes = templates()
    all_parameters = example_document("aitronos_all_parameters")
    per_organization = drafts // organizations
    rows = []
    for org_number, organization in enumerate(orgs):
        count = per_organization + (1 if org_number < drafts % organizations else 0)
        for n in range(count):
            if org_number == 0 and n < TARGETS:
                label, config = TARGET_PREFIX, all_parameters
            else:
                label, config = shapes[n % len(shapes)]
            name = f"{label} {n + 1}"
            rows.append(
                Draft(
                    organization=organization,
                    name=name,
                    config=_variant(config, name, n + 1),
                    created_by=user,
                    updated_by=user,
                )
            )
    for start in range(0, len(rows), BATCH):
        Draft.objects.bulk_create(rows[start : start + BATCH])
    targets = Draft.objects.filter(name__startswith=TARGET_PREFIX).order_by("id")
    DraftRevision.objects.bulk_create(
        DraftRevision(
            draft=draft,
            number=number,
            name=draft.name,
            config=draft.config,
            changed_fields=sorted(draft.config)[: number % 5 + 1],
            author=user,
        )
        for draft, number in itertools.product(targets, range(1, TARGET_REVISIONS + 1))
    )


def seed(*, organizations: int, drafts: int) -> tuple[Seed, bool]:
    """The seeded database, and whether it had to be written now."""
    with transaction.atomic():
        user = _user()
        written = not _is_seeded(organizations, drafts)
        if written:
            _write(organizations, drafts, user)
    organization = Organization.objects.get(slug=f"{ORGANIZATION_SLUG_PREFIX}01")
    targets = list(
        Draft.objects.filter(organization=organization, name__startswith=TARGET_PREFIX)
        .order_by("id")
        .values_list("id", flat=True)
    )
    return Seed(user, organization, targets, organizations, drafts), written
