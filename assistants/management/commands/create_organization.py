from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from assistants.services.organizations import organization_setup


class Command(BaseCommand):
    help = "Create (or update) an organisation and its first admin. Safe to run again."

    def add_arguments(self, parser) -> None:
        parser.add_argument("name", help="Display name, e.g. 'Acme Corp'")
        parser.add_argument("--upstream-id", required=True, help="Upstream id, e.g. org_abc123")
        parser.add_argument("--admin", required=True, help="Username of the first admin")
        parser.add_argument("--password", help="Set this password (default: keep, or generate)")

    def handle(self, *args, name: str, upstream_id: str, admin: str, password=None, **options):
        try:
            organization, user, password_set = organization_setup(
                name=name, upstream_id=upstream_id, admin_username=admin, admin_password=password
            )
        except ValidationError as error:
            raise CommandError("; ".join(error.messages)) from error
        self.stdout.write(
            f"Organisation '{organization.name}' ({organization.upstream_id}) "
            f"with admin '{user.get_username()}'."
        )
        if password_set:
            self.stdout.write(f"Password for {user.get_username()}: {password_set}")
