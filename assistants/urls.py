from django.urls import path

from assistants.views import (
    connections,
    drafts,
    editor,
    history,
    invitations,
    live,
    mcp,
    members,
    org_templates,
    organizations,
    submissions,
    system,
    transfer,
)
from audit import views as audit_views

urlpatterns = [
    path("", drafts.draft_list, name="draft_list"),
    path("assistants/new/", drafts.draft_new, name="draft_new"),
    path("assistants/name-check/", drafts.draft_name_check, name="draft_name_check"),
    path("assistants/import/", transfer.draft_import, name="draft_import"),
    path("assistants/import-upstream/", live.upstream_import, name="upstream_import"),
    path("assistants/<int:pk>/check-live/", live.draft_check_live, name="draft_check_live"),
    path("assistants/<int:pk>/take-live/", live.draft_take_live, name="draft_take_live"),
    path(
        "assistants/<int:pk>/delete-upstream/",
        live.draft_delete_upstream,
        name="draft_delete_upstream",
    ),
    path(
        "assistants/<int:pk>/revisions/<int:number>/restore/",
        live.draft_restore_revision_view,
        name="draft_restore_revision",
    ),
    path("assistants/<int:pk>/export/", transfer.draft_export, name="draft_export"),
    path("assistants/<int:pk>/compare/", history.draft_compare, name="draft_compare"),
    path("assistants/<int:pk>/save-template/", history.template_save, name="template_save"),
    path("assistants/<int:pk>/", editor.draft_edit, name="draft_edit"),
    path(
        "assistants/<int:pk>/sections/<slug:section>/",
        editor.draft_section,
        name="draft_section",
    ),
    path("assistants/<int:pk>/preview/", editor.draft_preview, name="draft_preview"),
    path("assistants/<int:pk>/mcp/discover/", mcp.mcp_discover, name="mcp_discover"),
    path("assistants/<int:pk>/clone/", drafts.draft_clone_view, name="draft_clone"),
    path("assistants/<int:pk>/delete/", drafts.draft_delete_view, name="draft_delete"),
    path("assistants/<int:pk>/restore/", drafts.draft_restore_view, name="draft_restore"),
    path("organizations/switch/", organizations.organization_switch, name="organization_switch"),
    path("organization/members/", members.member_list, name="member_list"),
    path("organization/members/<int:pk>/role/", members.member_role, name="member_role"),
    path("organization/members/<int:pk>/remove/", members.member_remove, name="member_remove"),
    path("organization/audit/", audit_views.audit_list, name="audit_list"),
    path("organization/templates/", org_templates.template_list, name="template_list"),
    path(
        "organization/templates/<int:pk>/rename/",
        org_templates.template_rename_view,
        name="template_rename",
    ),
    path(
        "organization/templates/<int:pk>/delete/",
        org_templates.template_delete_view,
        name="template_delete",
    ),
    path("invitations/<str:token>/", invitations.invitation_page, name="invitation_page"),
    path("system/", system.system_status, name="system_status"),
    path("system/ping/", system.system_ping, name="system_ping"),
    path("system/ping/<uuid:ping_id>/", system.system_ping_detail, name="system_ping_detail"),
]

# --- Submissions and connections ---------------------------------------------------------

urlpatterns += [
    path(
        "assistants/<int:pk>/submissions/", submissions.draft_submissions, name="draft_submissions"
    ),
    path("assistants/<int:pk>/submit/", submissions.draft_submit, name="draft_submit"),
    path("assistants/<int:pk>/copy/", submissions.draft_copy_created, name="draft_copy_created"),
    path("submissions/", submissions.submission_list, name="submission_list"),
    path("submissions/<int:pk>/", submissions.submission_detail, name="submission_detail"),
    path(
        "submissions/<int:pk>/timeline/",
        submissions.submission_timeline,
        name="submission_timeline",
    ),
    path("connections/", connections.connection_list, name="connection_list"),
    path("connections/new/", connections.connection_new, name="connection_new"),
    path("connections/<int:pk>/", connections.connection_edit, name="connection_edit"),
    path(
        "connections/<int:pk>/delete/", connections.connection_delete_view, name="connection_delete"
    ),
]
