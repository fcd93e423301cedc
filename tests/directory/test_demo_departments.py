"""The demo organisation's departments: no platform call lists them, so `make run` uploads
them as an admin would (CSV), once."""

from directory.demo import DEMO_DEPARTMENTS_CSV, demo_departments_import
from directory.models import DirectoryEntry


def test_the_demo_uploads_its_departments_once_and_keeps_an_admins_own(organization):
    demo_departments_import(organization)
    names = set(
        DirectoryEntry.objects.filter(organization=organization, kind="departments").values_list(
            "name", flat=True
        )
    )
    assert {"Human Resources", "Finance", "Sales"} <= names
    assert len(names) == DEMO_DEPARTMENTS_CSV.count("departments,")

    demo_departments_import(organization)  # make run again: nothing doubles
    assert DirectoryEntry.objects.filter(kind="departments").count() == len(names)


def test_an_organisation_with_departments_keeps_its_own(organization):
    DirectoryEntry.objects.create(
        organization=organization, kind="departments", ident="d1", name="Research"
    )
    demo_departments_import(organization)
    assert list(DirectoryEntry.objects.values_list("name", flat=True)) == ["Research"]
