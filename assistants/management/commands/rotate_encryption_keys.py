from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from assistants import crypto
from assistants.models import Connection, Draft, DraftRevision, Submission


class Command(BaseCommand):
    help = (
        "Re-encrypt every stored secret (connection API keys, request bodies waiting to be "
        "sent, the secret values in drafts and their revisions) with the first key of "
        "FIELD_ENCRYPTION_KEYS. Run it after putting a new key first; then the old keys can "
        "be removed."
    )

    def handle(self, *args, **options) -> None:
        try:
            with transaction.atomic():
                keys = self._rotate(
                    Connection.objects.exclude(api_key_encrypted=""), "api_key_encrypted"
                )
                bodies = self._rotate(
                    Submission.objects.exclude(body_encrypted=""), "body_encrypted"
                )
                drafts = self._resave(Draft) + self._resave(DraftRevision)
        except crypto.DecryptionFailed as error:
            raise CommandError(f"{error} Nothing was changed.") from error
        self.stdout.write(
            f"Re-encrypted {keys} connection key{'s' if keys != 1 else ''}, {bodies} "
            f"request bod{'ies' if bodies != 1 else 'y'} and the secrets of {drafts} draft "
            "configurations with the first key."
        )

    @staticmethod
    def _rotate(queryset, field: str) -> int:
        count = 0
        for row in queryset.select_for_update().only("pk", field):
            setattr(row, field, crypto.reencrypt(getattr(row, field)))
            row.save(update_fields=[field])
            count += 1
        return count

    @staticmethod
    def _resave(model) -> int:
        # A configuration decrypts its secrets when read and encrypts them with the first key
        # when written; for a plain JSON column this rewrites the same value.
        count = 0
        for row in model.objects.select_for_update().only("pk", "config"):
            row.save(update_fields=["config"])
            count += 1
        return count
