"""`make run`'s demo directory: once the sandbox listens, give the demo organisation a few
assistants upstream (so "May hand work to" has names to offer) and queue a sync of its
sandbox connection, so a newcomer's pickers are full on first sign-in."""

import time

import httpx
from django.conf import settings
from django.contrib.auth import get_user_model
from django.utils.text import slugify

from assistants.models import Connection, Organization
from directory.services import directory_import_csv
from directory.sync import directory_sync_start

DEMO_ASSISTANTS = (
    ("HR Helpdesk", "Answers questions about leave, benefits and policies."),
    ("Payroll Assistant", "Explains payslips and deadlines."),
    ("IT Support", "Helps with passwords, laptops and accounts."),
    ("Sales Coach", "Prepares calls and follows up on leads."),
)
# No platform call lists departments (docs/directory.md), so an admin uploads them as CSV;
# the demo does that upload for them, so department pickers are not empty on first sign-in.
DEMO_DEPARTMENTS_CSV = """kind,id,name
departments,dept_hr,Human Resources
departments,dept_fin,Finance
departments,dept_sales,Sales
departments,dept_support,Customer Support
departments,dept_it,IT
departments,dept_legal,Legal
"""


def wait_for(url: str, seconds: float = 30) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            httpx.get(url, timeout=1)
            return True
        except httpx.HTTPError:
            time.sleep(0.3)
    return False


def demo_directory_prepare() -> str:
    """Seed the sandbox's demo assistants and queue the demo connection's sync; says what it did."""
    organization = Organization.objects.filter(
        slug=slugify(settings.DEMO_ORGANIZATION_NAME)
    ).first()
    connection = (
        Connection.objects.filter(organization=organization, dialect="aitronos").first()
        if organization
        else None
    )
    if organization is not None:
        demo_departments_import(organization)
    if connection is None:
        return "No demo connection: the directory stays as it is."
    if not wait_for(f"{settings.SANDBOX_URL.rstrip('/')}/_stats"):
        return "The sandbox did not start in time: use “Sync now” on the Directory page."
    headers = {"X-API-Key": connection.api_key}
    listed = httpx.get(
        f"{connection.base_url}/v1/assistants",
        params={"organization_id": organization.upstream_id, "limit": 100},
        headers=headers,
        timeout=10,
    )
    body = listed.json() if listed.status_code == 200 else {}
    names = {a.get("name") for a in body.get("assistants") or body.get("data") or []}
    for name, description in DEMO_ASSISTANTS:
        if name not in names:
            httpx.post(
                f"{connection.base_url}/v1/assistants",
                json={
                    "organization_id": organization.upstream_id,
                    "name": name,
                    "description": description,
                },
                headers=headers,
                timeout=10,
            )
    # The demo admin is the sandbox's first person (admin@demo.example): after the sync the
    # Members page proposes linking them, and pickers mark them as a member.
    get_user_model().objects.filter(username=settings.DEMO_ADMIN_USERNAME, email="").update(
        email="admin@demo.example"
    )
    run, _ = directory_sync_start(connection=connection, trigger="setup")
    return f"Syncing the demo directory from {connection.name} (run {run.pk})."


def demo_departments_import(organization: Organization) -> None:
    """The demo's departments, as an admin's CSV upload; nothing when it has some already."""
    if not organization.directory.filter(kind="departments").exists():
        directory_import_csv(organization=organization, text=DEMO_DEPARTMENTS_CSV)
