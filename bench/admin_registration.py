"""A minimal Draft admin for the comparison, used only when the project registers none.

Only the benchmark's settings load it (bench.apps.BenchConfig). It is what a team would write
first: a list with a few columns, a status filter, search by name, and the change form.
"""

from django.contrib import admin

from assistants.models import Draft


class BenchDraftAdmin(admin.ModelAdmin):
    list_display = ["name", "organization", "status", "updated_at"]
    list_filter = ["status"]
    search_fields = ["name"]
    list_select_related = ["organization"]
    # Plain id inputs: select boxes of every user would measure the user table, not drafts.
    raw_id_fields = ["organization", "created_by", "updated_by", "deleted_by"]


def register() -> bool:
    """Register BenchDraftAdmin unless Draft already has an admin; True if it did."""
    if admin.site.is_registered(Draft):
        return False
    admin.site.register(Draft, BenchDraftAdmin)
    return True


def admin_source() -> str:
    """Which DraftAdmin the numbers are for, to print beside them."""
    model_admin = admin.site.get_model_admin(Draft)
    return f"{type(model_admin).__module__}.{type(model_admin).__qualname__}"
