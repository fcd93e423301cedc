"""Read-side queries for drafts, always scoped to one organisation."""

from django.db.models import QuerySet
from django.db.models.fields.json import KT

from assistants.models import Draft, Organization


def drafts_for(
    organization: Organization, *, search: str = "", status: str = "", deleted: bool = False
) -> QuerySet[Draft]:
    """The organisation's drafts for the list, newest first.

    The configuration is not loaded (reading it decrypts its secrets, ~1 ms a draft); the two
    values the list shows come straight from the JSON as `description` and `model_key`.
    """
    drafts = (
        Draft.objects.filter(organization=organization)
        .select_related("updated_by")
        .defer("config")
        .annotate(description=KT("config__description"), model_key=KT("config__default_model_key"))
    )
    drafts = drafts.deleted() if deleted else drafts.alive()
    if search:
        drafts = drafts.filter(name__icontains=search.strip())
    if status:
        drafts = drafts.filter(status=status)
    return drafts.order_by("-updated_at", "-id")


def draft_for(organization: Organization, pk: int, *, deleted: bool = False) -> Draft:
    """One draft of the organisation (Draft.DoesNotExist for any other, deleted or not)."""
    drafts = Draft.objects.filter(organization=organization).select_related(
        "updated_by", "created_by"
    )
    return (drafts.deleted() if deleted else drafts.alive()).get(pk=pk)
