from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils.text import slugify

from assistants import crypto
from assistants.models import Connection, Dialect, Organization
from assistants.services.connections import connection_create
from sandbox.keys import parse_api_keys

# One connection per upstream shape the sandbox speaks; the first is the default.
SANDBOX_CONNECTIONS = [
    ("Sandbox (Aitronos)", Dialect.AITRONOS, "aitronos"),
    ("Sandbox (OpenAI v2)", Dialect.OPENAI, "openai"),
    ("Sandbox (OpenAI v1)", Dialect.OPENAI_V1, "openai_v1"),
]


def _stored_key(connection: Connection) -> str:
    try:
        return connection.api_key
    except crypto.DecryptionFailed:
        return ""  # encrypted with a key that is gone: store the demo key again


class Command(BaseCommand):
    help = (
        "Give the demo organisation connections to the local sandbox upstream, with the "
        "sandbox's demo key. Safe to run again: it brings them up to date."
    )

    def handle(self, *args, **options) -> None:
        organization = Organization.objects.filter(
            slug=slugify(settings.DEMO_ORGANIZATION_NAME)
        ).first()
        if organization is None:
            self.stderr.write("No demo organisation yet; run create_organization first.")
            return
        key = self._demo_key(organization.upstream_id)
        if key is None:
            self.stderr.write(
                f"SANDBOX_API_KEYS has no key for {organization.upstream_id}; add one "
                f"(e.g. sk-sandbox-demo={organization.upstream_id}) to get sandbox connections."
            )
            return
        for position, (name, dialect, prefix) in enumerate(SANDBOX_CONNECTIONS):
            base_url = f"{settings.SANDBOX_URL.rstrip('/')}/{prefix}"
            existing = Connection.objects.filter(organization=organization, name=name).first()
            if existing is None:
                connection_create(
                    organization=organization,
                    name=name,
                    dialect=dialect,
                    base_url=base_url,
                    api_key=key,
                    is_default=position == 0
                    and not organization.connections.filter(is_default=True).exists(),
                )
            elif existing.base_url != base_url or _stored_key(existing) != key:
                existing.base_url = base_url  # SANDBOX_URL or the keys changed
                existing.set_api_key(key)
                existing.save(update_fields=["base_url", "api_key_encrypted", "api_key_last4"])
        self.stdout.write(f"Sandbox connections are ready for {organization.name}.")
        self._mcp_demo_draft(organization)

    @staticmethod
    def _mcp_demo_draft(organization: Organization) -> None:
        """A draft that uses the demo MCP server `make run` starts (once; people edit it)."""
        from django.contrib.auth import get_user_model

        from assistants.models import Draft
        from assistants.services.drafts import draft_create

        name = "Help desk (demo MCP server)"
        admin = get_user_model().objects.filter(username=settings.DEMO_ADMIN_USERNAME).first()
        if admin is None or Draft.objects.filter(organization=organization, name=name).exists():
            return
        server = {
            "server_label": "helpdesk",
            "type": "mcp",
            "server_url": settings.MCP_DEMO_URL,
            "server_description": "Company policies, the handbook and support tickets.",
            "allowed_tools": ["search_policies", "get_employee_handbook_section", "delete_ticket"],
            "require_approval": {
                "always": {"tool_names": ["delete_ticket"]},
                "never": {"read_only": True},
            },
        }
        if settings.MCP_DEMO_TOKEN:
            server["authorization"] = settings.MCP_DEMO_TOKEN
        draft_create(
            organization=organization,
            user=admin,
            name=name,
            config={
                "instructions": "Answer staff questions from the company policies and handbook.",
                "tool_configurations": {"mcp_tools": [server]},
            },
        )

    @staticmethod
    def _demo_key(upstream_id: str) -> str | None:
        keys = parse_api_keys(settings.SANDBOX_API_KEYS)
        return next((key for key, orgs in keys.items() if upstream_id in orgs), None)
