"""Connections: where an organisation's assistants are created, and with which key.

The API key is encrypted at rest and write-only: a blank key on update keeps the old one.
At most one connection per organisation is the default (a database constraint); making one
the default takes it from the other in the same transaction.
"""

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assistants.contract.secrets import MASK
from assistants.models import Connection, Organization, Submission
from assistants.outbound import outbound_url_problem
from audit.services import audit_record

# What people paste by mistake: the endpoint rather than the base it hangs off.
ENDPOINT_SUFFIXES = ("/v1/assistants", "/v1/assistants/", "/v1", "/v1/")


def _clean_base_url(base_url: str) -> str:
    base_url = base_url.strip()
    if base_url.endswith(ENDPOINT_SUFFIXES):
        raise ValidationError(
            {
                "base_url": "Leave out /v1/assistants: give everything before it, "
                "e.g. https://api.aitronos.com."
            }
        )
    problem = outbound_url_problem(base_url)
    if problem:
        raise ValidationError({"base_url": problem})
    return base_url.rstrip("/")


def _name_taken(organization: Organization, name: str, exclude_id: int | None = None) -> bool:
    others = Connection.objects.filter(organization=organization, name__iexact=name)
    return others.exclude(pk=exclude_id).exists() if exclude_id else others.exists()


def _save(connection: Connection) -> Connection:
    if _name_taken(connection.organization, connection.name, connection.pk):
        raise ValidationError(
            {"name": f"Another connection is already called “{connection.name}”."}
        )
    if connection.is_default:
        Connection.objects.filter(organization=connection.organization, is_default=True).exclude(
            pk=connection.pk
        ).update(is_default=False)
    try:
        with transaction.atomic():
            connection.save()
    except IntegrityError as race:
        raise ValidationError(
            "Someone changed the connections at the same time. Reload the page and try again."
        ) from race
    return connection


@transaction.atomic
def connection_create(
    *,
    organization: Organization,
    name: str,
    dialect: str,
    base_url: str,
    api_key: str,
    is_default: bool = False,
    actor=None,
) -> Connection:
    if not api_key.strip() or api_key.strip().startswith(MASK):
        raise ValidationError({"api_key": "Enter the API key the upstream gave you."})
    connection = Connection(
        organization=organization,
        name=name.strip(),
        dialect=dialect,
        base_url=_clean_base_url(base_url),
        is_default=is_default,
    )
    connection.set_api_key(api_key)
    _save(connection)
    audit_record(
        organization=organization, actor=actor, action="connection.created", target=connection
    )
    return connection


@transaction.atomic
def connection_update(
    *,
    connection: Connection,
    name: str,
    dialect: str,
    base_url: str,
    api_key: str = "",
    is_default: bool = False,
    actor=None,
) -> Connection:
    """Change a connection; a blank `api_key` keeps the stored one, unless the base URL
    changes: a saved key is only ever sent to the address it was saved for, so moving the
    connection elsewhere needs the key entered again."""
    if api_key.strip().startswith(MASK):
        api_key = ""  # the hint read back from the page or the API, not a key
    locked = Connection.objects.select_for_update().get(pk=connection.pk)
    new_base_url = _clean_base_url(base_url)
    if new_base_url != locked.base_url and not api_key.strip() and locked.api_key_encrypted:
        raise ValidationError(
            {
                "api_key": "The base URL changed: enter the API key again. A saved key is only "
                "sent to the address it was saved for."
            }
        )
    locked.name = name.strip()
    locked.dialect = dialect
    locked.base_url = new_base_url
    locked.is_default = is_default
    if api_key.strip():
        locked.set_api_key(api_key)
    _save(locked)
    audit_record(
        organization=locked.organization,
        actor=actor,
        action="connection.changed",
        target=locked,
        details={"new_key": bool(api_key.strip())},
    )
    return locked


class ConnectionInUse(Exception):
    """Submissions were made through the connection; their record needs it."""


@transaction.atomic
def connection_delete(*, connection: Connection, actor=None) -> None:
    used = Submission.objects.filter(connection=connection).count()
    if used:
        raise ConnectionInUse(
            f"“{connection.name}” was used for {used} submission{'s' if used != 1 else ''}, "
            "whose record keeps it, so it cannot be deleted. To stop it being used, replace its "
            "key with a revoked one or make another connection the default."
        )
    audit_record(
        organization=connection.organization,
        actor=actor,
        action="connection.deleted",
        target=connection,
    )
    connection.delete()


def connection_default(organization: Organization) -> Connection | None:
    return Connection.objects.filter(organization=organization, is_default=True).first()
