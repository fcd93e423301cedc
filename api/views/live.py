"""The live assistant over HTTP: update (through submit), Check live and drift, taking the
upstream's values, deleting upstream, restoring a revision, importing from upstream.

A mixin of DraftViewSet, so the routes sit under /api/v1/drafts/ with the draft's own
lookup and scoping.
"""

from dataclasses import asdict

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.errors import error_response
from api.scoping import connections_of, require_role
from api.serializers import DraftSerializer, SubmissionSerializer, UnsupportedSerializer
from assistants.models import DraftRevision
from assistants.services.adopt import UpstreamUnreadable, assistants_import, upstream_assistants
from assistants.services.live import (
    LiveCheckFailed,
    draft_restore_revision,
    draft_take_live_values,
    live_check,
)
from assistants.services.submissions import SubmissionRefused, submission_delete_start


class ChangeSerializer(serializers.Serializer):
    path = serializers.CharField()
    label = serializers.CharField()
    section = serializers.CharField()
    kind = serializers.ChoiceField(choices=["added", "removed", "changed"])
    before = serializers.CharField(help_text="As shown to people, e.g. “Be kind.” or 0.7.")
    after = serializers.CharField()
    sentence = serializers.CharField()


class DriftSerializer(serializers.Serializer):
    checked_at = serializers.DateTimeField()
    drifted = serializers.BooleanField()
    changes = ChangeSerializer(many=True, help_text="What was last sent → what is live now.")
    not_kept = UnsupportedSerializer(
        many=True, help_text="Settings the upstream holds that Assistant Builder does not manage."
    )


class TakeLiveSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The draft's version you last read.")
    paths = serializers.ListField(
        child=serializers.CharField(),
        help_text="Paths from the last check's changes to take; the others keep the draft's.",
    )


class RestoreSerializer(serializers.Serializer):
    version = serializers.IntegerField(help_text="The draft's version you last read.")
    revision = serializers.IntegerField(help_text="The revision number to restore.")


class UpstreamAssistantSerializer(serializers.Serializer):
    id = serializers.CharField()
    name = serializers.CharField()
    description = serializers.CharField()
    model = serializers.CharField()
    created_at = serializers.DateTimeField(allow_null=True)
    managed_by = serializers.IntegerField(
        allow_null=True, help_text="The draft that already manages it here, if any."
    )


class UpstreamPageSerializer(serializers.Serializer):
    results = UpstreamAssistantSerializer(many=True)
    next_cursor = serializers.CharField(help_text="Pass as `cursor` for the next page; empty last.")
    searched_here = serializers.BooleanField(
        help_text="The upstream cannot search by name: the newest pages were searched here."
    )


class AdoptSerializer(serializers.Serializer):
    connection = serializers.IntegerField()
    assistant_ids = serializers.ListField(child=serializers.CharField(), min_length=1)


class AdoptResultSerializer(serializers.Serializer):
    drafts = DraftSerializer(many=True)
    skipped = serializers.ListField(child=serializers.CharField())


def _change_json(change) -> dict:
    return {**asdict(change), "sentence": change.sentence}


class LiveActionsMixin:
    """Actions of DraftViewSet (`self.get_object()` is the caller's draft)."""

    @extend_schema(request=None, responses={200: DriftSerializer}, tags=["live"])
    @action(detail=True, methods=["post"], url_path="check-live")
    def check_live(self, request, pk=None):
        """Read the live assistant and say where it differs from what was last sent."""
        draft = self.get_object()
        try:
            report = live_check(draft=draft)
        except LiveCheckFailed as failure:
            return error_response("live_unreadable", str(failure), status.HTTP_409_CONFLICT)
        return Response(
            {
                "checked_at": report.checked_at,
                "drifted": bool(report.changes),
                "changes": [_change_json(change) for change in report.changes],
                "not_kept": [{"path": u.path, "reason": u.reason} for u in report.unsupported],
            }
        )

    @extend_schema(request=TakeLiveSerializer, responses={200: DraftSerializer}, tags=["live"])
    @action(detail=True, methods=["post"], url_path="take-live")
    def take_live(self, request, pk=None):
        """Copy the upstream's values of some paths (from the last check) into the draft."""
        draft = self.get_object()
        require_role(request.user, draft.organization_id, "editor")
        data = TakeLiveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            draft = draft_take_live_values(
                draft=draft,
                user=request.user,
                paths=data.validated_data["paths"],
                version=data.validated_data["version"],
            )
        except LiveCheckFailed as failure:
            return error_response("not_checked", str(failure), status.HTTP_409_CONFLICT)
        return Response(DraftSerializer(draft).data)

    @extend_schema(request=None, responses={202: SubmissionSerializer}, tags=["live"])
    @action(detail=True, methods=["post"], url_path="delete-upstream")
    def delete_upstream(self, request, pk=None):
        """Admins: delete the live assistant upstream (202); the draft stays, unlinked."""
        draft = self.get_object()
        require_role(request.user, draft.organization_id, "admin")
        try:
            submission = submission_delete_start(draft=draft, user=request.user)
        except SubmissionRefused as refused:
            return error_response("conflict", refused.message, status.HTTP_409_CONFLICT)
        return Response(SubmissionSerializer(submission).data, status=status.HTTP_202_ACCEPTED)

    @extend_schema(request=RestoreSerializer, responses={200: DraftSerializer}, tags=["drafts"])
    @action(detail=True, methods=["post"], url_path="restore-revision")
    def restore_revision(self, request, pk=None):
        """Put a revision's configuration back into the draft, as a new revision."""
        draft = self.get_object()
        require_role(request.user, draft.organization_id, "editor")
        data = RestoreSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        try:
            draft = draft_restore_revision(
                draft=draft,
                user=request.user,
                number=data.validated_data["revision"],
                version=data.validated_data["version"],
            )
        except DraftRevision.DoesNotExist as missing:
            raise ValidationError({"revision": [str(missing)]}) from missing
        return Response(DraftSerializer(draft).data)

    @extend_schema(
        parameters=[
            OpenApiParameter("connection", OpenApiTypes.INT, required=True),
            OpenApiParameter("search", OpenApiTypes.STR, description="Part of the name."),
            OpenApiParameter("cursor", OpenApiTypes.STR, description="From `next_cursor`."),
        ],
        responses={200: UpstreamPageSerializer},
        tags=["live"],
    )
    @action(detail=False, methods=["get"], url_path="upstream")
    def upstream(self, request):
        """A page of a connection's assistants, each marked when a draft manages it here."""
        connection = self._connection(request, request.query_params.get("connection"))
        try:
            page = upstream_assistants(
                connection=connection,
                search=request.query_params.get("search", ""),
                cursor=request.query_params.get("cursor", ""),
            )
        except UpstreamUnreadable as unreadable:
            return error_response(
                "upstream_unreadable", str(unreadable), status.HTTP_502_BAD_GATEWAY
            )
        return Response(
            {
                "results": [asdict(item) for item in page.items],
                "next_cursor": page.next_cursor,
                "searched_here": page.searched_here,
            }
        )

    @extend_schema(request=AdoptSerializer, responses={201: AdoptResultSerializer}, tags=["live"])
    @action(detail=False, methods=["post"], url_path="adopt")
    def adopt(self, request):
        """Import assistants of a connection as drafts linked to them (their next change is
        an update)."""
        data = AdoptSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        connection = self._connection(request, data.validated_data["connection"])
        outcome = assistants_import(
            connection=connection,
            user=request.user,
            assistant_ids=data.validated_data["assistant_ids"],
        )
        return Response(
            {
                "drafts": DraftSerializer(outcome.drafts, many=True).data,
                "skipped": outcome.skipped,
            },
            status=status.HTTP_201_CREATED,
        )

    def _connection(self, request, pk):
        found = None
        if str(pk or "").isdigit():
            found = connections_of(request.user).select_related("organization").filter(pk=pk)
            found = found.first()
        if found is None:
            raise ValidationError({"connection": ["No such connection in your organisations."]})
        require_role(request.user, found.organization_id, "editor")
        return found
