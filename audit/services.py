"""Record and read the audit log."""

from django.db.models import QuerySet

from audit.models import AuditEvent

ACTIONS = {
    "draft.created": "created the draft",
    "draft.changed": "changed",
    "draft.deleted": "deleted the draft",
    "draft.restored": "restored the draft",
    "draft.submitted": "submitted",
    "draft.update_submitted": "sent an update of the live assistant",
    "draft.delete_upstream_submitted": "deleted upstream the live assistant of",
    "draft.imported_from_upstream": "imported from upstream",
    "draft.took_live_values": "took the live assistant's values into",
    "draft.revision_restored": "restored a revision of",
    "template.saved": "saved the template",
    "template.renamed": "renamed the template",
    "template.deleted": "deleted the template",
    "connection.created": "added the connection",
    "connection.changed": "changed the connection",
    "connection.deleted": "removed the connection",
    "member.added": "added",
    "member.role_changed": "changed the role of",
    "member.removed": "removed",
    "directory.changed": "changed the directory",
    "directory.entry_saved": "saved the directory entry",
    "directory.entry_removed": "removed the directory entry",
    "directory.imported": "imported directory entries from",
    "api_token.created": "made the API token",
    "api_token.revoked": "revoked the API token",
    "invitation.sent": "invited",
    "invitation.accepted": "accepted the invitation",
    "invitation.declined": "declined the invitation",
    "invitation.withdrawn": "withdrew the invitation of",
    "directory.synced": "synced the directory from",
    "submission.copy_removed": "removed upstream a second copy (made by a paused worker) of",
}


def action_title(action: str) -> str:
    """ "draft.changed" → "Draft: changed", for the log's filter."""
    kind = action.split(".", 1)[0]
    return f"{kind.capitalize()}: {ACTIONS.get(action, action)}"


def audit_record(
    *, organization, actor, action: str, target, details: dict | None = None
) -> AuditEvent:
    """Add an event. `target` is any model instance; its str() is kept as its name."""
    assert action in ACTIONS, f"unknown audit action {action}"
    return AuditEvent.objects.create(
        organization=organization,
        actor=actor,
        actor_name=actor.get_username() if actor else "",
        action=action,
        target_type=target._meta.model_name,
        target_id=str(target.pk or ""),
        target_name=str(target)[:300],
        details=details or {},
    )


def audit_events(
    organization, *, action: str = "", actor: str = "", search: str = ""
) -> QuerySet[AuditEvent]:
    events = AuditEvent.objects.filter(organization=organization)
    if action:
        events = events.filter(action=action)
    if actor:
        events = events.filter(actor_name=actor)
    if search:
        events = events.filter(target_name__icontains=search)
    return events
