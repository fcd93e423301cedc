"""Drafts over HTTP: the same services, rules and roles as the browser."""

from django.db import transaction
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import mixins, status, viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.errors import OnePass, field_error_json, flatten_errors
from api.scoping import drafts_of, organization_for_create, require_role
from api.serializers import (
    DraftCreateSerializer,
    DraftSerializer,
    DraftUpdateSerializer,
    ImportSerializer,
    PayloadSerializer,
    SubmissionSerializer,
    VerdictSerializer,
)
from api.views.live import LiveActionsMixin
from api.views.submissions import SubmitSerializer, connection_of, draft_submit
from assistants.contract import specs_by_section, validate_config
from assistants.dialects import DIALECTS, build_request
from assistants.importing import import_body
from assistants.models import DraftStatus
from assistants.params import BadParameter, choice_param, strict_int
from assistants.services.drafts import (
    DraftInvalid,
    draft_create,
    draft_delete,
    draft_update_config,
)
from assistants.services.preview import masked_request

TARGET_PARAMETERS = [
    OpenApiParameter("connection", OpenApiTypes.INT, description="Judge for this connection."),
    OpenApiParameter(
        "dialect",
        OpenApiTypes.STR,
        enum=[v for v, _ in DIALECTS],
        description="Or for a dialect (default: aitronos).",
    ),
]

# The top-level keys each section owns, read off the catalogue.
SECTION_KEYS = {
    section.value: {spec.field for spec in specs} for section, specs in specs_by_section().items()
}


def _check_all(serializer, request) -> None:
    """Validate `serializer`; when it fails, also judge the configuration that came with it,
    so a caller fixes everything in one round (not the version first, then the values)."""
    if serializer.is_valid():
        return
    fields = flatten_errors(serializer.errors)
    config = request.data.get("config") if hasattr(request.data, "get") else None
    if (
        isinstance(config, dict)
        and "config" not in serializer.errors
        and "section" not in request.data
    ):
        name = config.get("name") or request.data.get("name") or "—"
        result = validate_config({**config, "name": name})
        fields += [field_error_json(error) for error in result.errors]
    raise OnePass(fields)


def _target(request, draft) -> tuple[str, str]:
    """(dialect, base_url) for ?connection= or ?dialect=, scoped to the draft's organisation."""
    connection_id = request.query_params.get("connection")
    if connection_id:
        if strict_int(connection_id) is None:
            raise ValidationError(
                {"connection": ["Give a connection id (a number written with the digits 0-9)."]}
            )
        connection = connection_of(request, draft, connection_id)
        return connection.dialect, connection.base_url.rstrip("/")
    dialect = request.query_params.get("dialect", "aitronos")
    if dialect not in dict(DIALECTS):
        raise ValidationError({"dialect": [f"Use one of: {', '.join(dict(DIALECTS))}."]})
    return dialect, ""


@extend_schema(tags=["drafts"])
class DraftViewSet(
    LiveActionsMixin,
    mixins.ListModelMixin,
    mixins.RetrieveModelMixin,
    mixins.DestroyModelMixin,
    viewsets.GenericViewSet,
):
    serializer_class = DraftSerializer

    def get_queryset(self):
        drafts = (
            drafts_of(self.request.user).select_related("updated_by").order_by("-updated_at", "-id")
        )
        params = self.request.query_params
        try:
            wanted = choice_param(params, "status", DraftStatus.values, "draft status")
        except BadParameter as bad:
            raise ValidationError({"status": [bad.message]}) from bad
        if wanted:
            drafts = drafts.filter(status=wanted)
        search = params.get("search", "")
        if "\x00" in search:
            # PostgreSQL cannot compare text holding NUL; no name can hold one either.
            raise ValidationError({"search": ["Remove the NUL character from the search."]})
        if search:
            drafts = drafts.filter(name__icontains=search)
        return drafts

    @extend_schema(
        parameters=[
            OpenApiParameter("status", OpenApiTypes.STR, enum=DraftStatus.values),
            OpenApiParameter("search", OpenApiTypes.STR, description="Part of the name."),
        ]
    )
    def list(self, request, *args, **kwargs):
        return super().list(request, *args, **kwargs)

    @extend_schema(request=DraftCreateSerializer, responses={201: DraftSerializer})
    def create(self, request):
        data = DraftCreateSerializer(data=request.data)
        _check_all(data, request)
        organization = organization_for_create(
            request.user, data.validated_data.get("organization")
        )
        draft = draft_create(
            organization=organization,
            user=request.user,
            name=data.validated_data["name"],
            config=data.validated_data["config"],
        )
        return Response(DraftSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=DraftUpdateSerializer, responses={200: DraftSerializer})
    def partial_update(self, request, pk=None):
        draft = self.get_object()
        require_role(request.user, draft.organization_id, "editor")
        data = DraftUpdateSerializer(data=request.data)
        _check_all(data, request)
        values = data.validated_data
        config = dict(draft.config)
        if "section" in values:
            owned = SECTION_KEYS[values["section"]]
            strays = sorted(set(values["config"]) - owned)
            if strays:
                raise ValidationError(
                    {"config": [f"{', '.join(strays)} are not in the {values['section']} section."]}
                )
            config = {k: v for k, v in config.items() if k not in owned} | values["config"]
        elif "config" in values:
            config = values["config"]
        if "name" in values:
            config["name"] = values["name"]
        # Masked secrets sent back are matched (or dropped, saying so) by the service, against
        # the locked row: assistants.services.drafts._settle_secrets.
        draft = draft_update_config(
            draft=draft, user=request.user, config=config, version=values["version"]
        )
        return Response(DraftSerializer(draft).data)

    def perform_destroy(self, draft):
        require_role(self.request.user, draft.organization_id, "editor")
        draft_delete(draft=draft, user=self.request.user)

    @extend_schema(parameters=TARGET_PARAMETERS, responses={200: VerdictSerializer})
    @action(detail=True, methods=["get"])
    def validate(self, request, pk=None):
        draft = self.get_object()
        dialect, _ = _target(request, draft)
        # The contract's errors when the configuration breaks it, else the dialect's own.
        built = build_request(
            dialect, draft.config, organization_id=draft.organization.upstream_id, api_key="-"
        )
        errors = built.errors
        return Response(
            {
                "valid": not errors,
                "dialect": dialect,
                "errors": [field_error_json(e) for e in errors],
                "unsupported": [{"path": u.path, "reason": u.reason} for u in built.unsupported],
            }
        )

    @extend_schema(parameters=TARGET_PARAMETERS, responses={200: PayloadSerializer})
    @action(detail=True, methods=["get"])
    def payload(self, request, pk=None):
        draft = self.get_object()
        dialect, base_url = _target(request, draft)
        built = masked_request(draft, dialect)
        return Response(
            {
                "dialect": dialect,
                "method": built.method,
                "url": f"{base_url}{built.path}",
                "headers": built.headers,
                "body": built.body,
                "unsupported": [{"path": u.path, "reason": u.reason} for u in built.unsupported],
                "errors": [field_error_json(e) for e in built.errors],
            }
        )

    @extend_schema(request=ImportSerializer, responses={201: DraftSerializer})
    @action(detail=False, methods=["post"], url_path="import")
    def import_(self, request):
        data = ImportSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        organization = organization_for_create(
            request.user, data.validated_data.get("organization")
        )
        result = import_body(data.validated_data["body"])
        if result.errors:
            raise DraftInvalid(result.errors)
        name = data.validated_data.get("name") or result.config.get("name")
        if not name:
            raise ValidationError({"name": ["The body has no name: give one."]})
        with transaction.atomic():
            draft = draft_create(
                organization=organization, user=request.user, name=name, config=result.config
            )
        return Response(DraftSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(request=SubmitSerializer, responses={202: SubmissionSerializer})
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        """Send the draft (202): create it through `connection`, or, when it manages a live
        assistant, update that assistant (`live_version`: refused with 409 if it changed)."""
        return draft_submit(request, self.get_object())
