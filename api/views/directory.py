"""The directory over HTTP: entries (searchable, paged) and syncs from the platform."""

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.scoping import connections_of, require_role
from assistants.params import BadParameter, id_param
from directory.models import DirectoryEntry, SyncRun
from directory.sync import directory_sync_start


class DirectoryEntrySerializer(serializers.ModelSerializer):
    id = serializers.CharField(source="ident", help_text="The id the upstream API uses.")
    synced_from = serializers.IntegerField(
        source="connection_id", allow_null=True, help_text="The connection it was synced from."
    )
    on_platform = serializers.SerializerMethodField(
        help_text="False once a sync no longer finds it; drafts may still use it."
    )
    picture_url = serializers.SerializerMethodField(
        help_text="Icons and avatars: where the dashboard serves the picture a sync copied "
        "(signed-in members of the organisation); null when there is none."
    )

    class Meta:
        model = DirectoryEntry
        fields = [
            "organization",
            "kind",
            "id",
            "name",
            "detail",
            "extra",
            "synced_from",
            "on_platform",
            "picture_url",
        ]

    def get_on_platform(self, entry: DirectoryEntry) -> bool:
        return entry.gone_at is None

    def get_picture_url(self, entry: DirectoryEntry) -> str | None:
        image = getattr(entry, "image", None) if entry.kind in ("icons", "avatars") else None
        if image is None or not image.stored:
            return None
        return self.context["request"].build_absolute_uri(image.url)


@extend_schema(
    tags=["directory"],
    parameters=[
        OpenApiParameter("kind", OpenApiTypes.STR, enum=[k for k, _ in DirectoryEntry.KINDS]),
        OpenApiParameter(
            "q", OpenApiTypes.STR, description="Names starting with or containing it."
        ),
        OpenApiParameter("organization", OpenApiTypes.INT, description="Only this organisation's."),
    ],
)
class DirectoryEntryViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """Names for the ids the API uses, in the organisations you belong to."""

    serializer_class = DirectoryEntrySerializer

    def get_queryset(self):
        entries = (
            DirectoryEntry.objects.filter(organization__memberships__user=self.request.user)
            .select_related("image")
            .defer("image__data")
            .order_by("organization_id", "kind", "name", "id")
        )
        params = self.request.query_params
        try:
            organization = id_param(params, "organization")
        except BadParameter as bad:
            raise ValidationError({"organization": [bad.message]}) from bad
        if organization is not None:
            entries = entries.filter(organization_id=organization)
        if params.get("kind"):
            entries = entries.filter(kind=params["kind"].replace("\x00", "")[:30])
        query = params.get("q", "").replace("\x00", "").strip()[:100]
        if query:
            field = "name__icontains" if len(query) >= 3 else "name__istartswith"
            entries = entries.filter(**{field: query})
        return entries


class SyncRunSerializer(serializers.ModelSerializer):
    class Meta:
        model = SyncRun
        fields = [
            "id",
            "organization",
            "connection",
            "status",
            "trigger",
            "progress",
            "message",
            "created_at",
            "started_at",
            "finished_at",
        ]
        read_only_fields = fields


class SyncStartSerializer(serializers.Serializer):
    connection = serializers.IntegerField(help_text="The connection whose platform to read.")


@extend_schema(tags=["directory"])
class DirectorySyncViewSet(
    mixins.ListModelMixin, mixins.RetrieveModelMixin, viewsets.GenericViewSet
):
    """Syncs of the directory from a connection's platform: start one, follow its progress."""

    serializer_class = SyncRunSerializer

    def get_queryset(self):
        return SyncRun.objects.filter(organization__memberships__user=self.request.user).order_by(
            "-created_at", "-id"
        )

    @extend_schema(request=SyncStartSerializer, responses={202: SyncRunSerializer})
    def create(self, request):
        """Start a sync (admins); a sync already waiting or running is returned instead."""
        data = SyncStartSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        connection = (
            connections_of(request.user).filter(pk=data.validated_data["connection"]).first()
        )
        if connection is None:
            raise ValidationError({"connection": ["No such connection in your organisations."]})
        require_role(request.user, connection.organization_id, "admin")
        run, _ = directory_sync_start(connection=connection, user=request.user, trigger="api")
        return Response(SyncRunSerializer(run).data, status=status.HTTP_202_ACCEPTED)
