"""Submissions over HTTP: submit a draft, list and follow submissions with their attempts."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.errors import error_response, field_error_json
from api.scoping import connections_of, require_role, submissions_of
from api.serializers import SubmissionSerializer
from assistants.models import Connection, Draft, SubmissionStatus
from assistants.params import BadParameter, choice_param, id_param, strict_int
from assistants.services.sending import submission_send_checked
from assistants.services.submissions import (
    DraftAlreadyCreated,
    StaleChange,
    SubmissionInProgress,
    SubmissionRefused,
)
from directory.identifiers import identifiers_unknown


class SubmitSerializer(serializers.Serializer):
    connection = serializers.IntegerField(
        required=False,
        help_text="The connection to create it through; not needed (and ignored) for a draft "
        "that manages a live assistant, which is updated through its own connection.",
    )
    live_version = serializers.IntegerField(
        required=False,
        help_text="For an update: the draft's `live.version` you last read. If the live "
        "assistant changed since, the update is refused (409 stale_live_version).",
    )
    confirm_unknown_ids = serializers.BooleanField(
        default=False,
        help_text="Send ids the directory does not know, of kinds the platform does not list "
        "(departments, suggested prompts, …). Unknown ids of listed kinds are always refused.",
    )


def connection_of(request, draft: Draft, pk) -> Connection:
    """The connection `pk` of the draft's organisation, or a field error on `connection`."""
    found = None
    if strict_int(pk) is not None:
        mine = connections_of(request.user).filter(organization=draft.organization)
        found = mine.filter(pk=pk).first()
    if found is None:
        raise ValidationError(
            {"connection": ["No such connection in this organisation."]}, code="does_not_exist"
        )
    return found


def draft_submit(request, draft: Draft) -> Response:
    """POST /drafts/{id}/submit/: 202 with the queued submission, or why not."""
    require_role(request.user, draft.organization_id, "editor")
    data = SubmitSerializer(data=request.data)
    data.is_valid(raise_exception=True)
    connection = None
    if not draft.upstream_assistant_id:
        if "connection" not in data.validated_data:
            raise ValidationError({"connection": ["Choose the connection to create it through."]})
        connection = connection_of(request, draft, data.validated_data["connection"])
    unknown = identifiers_unknown(organization_id=draft.organization_id, config=draft.config)
    if unknown and not (
        data.validated_data["confirm_unknown_ids"] and all(u.confirmable for u in unknown)
    ):
        return error_response(
            "unknown_ids",
            "Some values are not known ids (names are never sent as ids). Fix them, or set "
            "confirm_unknown_ids when they are ids of kinds the platform does not list.",
            status.HTTP_400_BAD_REQUEST,
            [field_error_json(u.as_field_error()) for u in unknown],
        )
    try:
        submission = submission_send_checked(
            draft=draft,
            user=request.user,
            connection=connection,
            base_live_version=data.validated_data.get("live_version"),
        )
    except StaleChange as stale:
        return error_response("stale_live_version", stale.message, status.HTTP_409_CONFLICT)
    except SubmissionRefused as refused:
        conflict = isinstance(refused, DraftAlreadyCreated | SubmissionInProgress)
        return error_response(
            "conflict" if conflict else "not_sendable",
            refused.message,
            status.HTTP_409_CONFLICT if conflict else status.HTTP_400_BAD_REQUEST,
            [field_error_json(e) for e in refused.errors],
        )
    return Response(SubmissionSerializer(submission).data, status=status.HTTP_202_ACCEPTED)


@extend_schema(tags=["submissions"])
class SubmissionViewSet(mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet):
    serializer_class = SubmissionSerializer

    def get_queryset(self):
        submissions = (
            submissions_of(self.request.user)
            .prefetch_related("attempts")
            .order_by("-created_at", "-id")
        )
        params = self.request.query_params
        try:
            status = choice_param(params, "status", SubmissionStatus.values, "submission status")
            draft = id_param(params, "draft")
        except BadParameter as bad:
            raise ValidationError({bad.name: [bad.message]}) from bad
        if status:
            submissions = submissions.filter(status=status)
        if draft is not None:
            submissions = submissions.filter(draft_id=draft)
        return submissions

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=SubmissionStatus.values),
            OpenApiParameter("draft", OpenApiTypes.INT, description="Only this draft's."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)
