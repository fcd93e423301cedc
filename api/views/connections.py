"""Connections over HTTP, for admins. The API key is write-only: only its last four show."""

from django.core.exceptions import ValidationError as DjangoValidationError
from drf_spectacular.utils import extend_schema
from rest_framework import serializers, status, viewsets
from rest_framework.exceptions import ValidationError
from rest_framework.response import Response

from api.errors import error_response
from api.scoping import connections_of, memberships, organization_for_create
from assistants.models import Connection
from assistants.services.connections import (
    ConnectionInUse,
    connection_create,
    connection_delete,
    connection_update,
)


class ConnectionSerializer(serializers.ModelSerializer):
    api_key = serializers.CharField(
        write_only=True,
        required=False,
        allow_blank=True,
        style={"input_type": "password"},
        help_text="Write-only. Leave out on update to keep it.",
    )
    api_key_hint = serializers.CharField(read_only=True)
    organization = serializers.IntegerField(required=False, source="organization_id")

    class Meta:
        model = Connection
        fields = [
            "id",
            "organization",
            "name",
            "dialect",
            "base_url",
            "api_key",
            "api_key_hint",
            "is_default",
            "created_at",
            "updated_at",
        ]
        read_only_fields = ["id", "api_key_hint", "created_at", "updated_at"]


def _as_drf(error: DjangoValidationError) -> ValidationError:
    return ValidationError(
        error.message_dict if hasattr(error, "error_dict") else {"non_field_errors": error.messages}
    )


@extend_schema(tags=["connections"])
class ConnectionViewSet(viewsets.ModelViewSet):
    serializer_class = ConnectionSerializer
    http_method_names = ["get", "post", "patch", "delete", "head", "options"]

    def get_queryset(self):
        # Only admins manage connections; other members don't see them at all.
        return connections_of(self.request.user, admin_only=True).order_by("name")

    def create(self, request, *args, **kwargs):
        data = ConnectionSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        values = {"dialect": "aitronos", "is_default": False, **data.validated_data}
        organization = organization_for_create(request.user, values.pop("organization_id", None))
        if not memberships(request.user)[organization.pk].is_admin:
            return error_response(
                "permission_denied", "Only admins can do this.", status.HTTP_403_FORBIDDEN
            )
        try:
            connection = connection_create(
                organization=organization,
                actor=request.user,
                api_key=values.pop("api_key", ""),
                **values,
            )
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        return Response(ConnectionSerializer(connection).data, status=status.HTTP_201_CREATED)

    def partial_update(self, request, *args, **kwargs):
        connection = self.get_object()
        data = ConnectionSerializer(connection, data=request.data, partial=True)
        data.is_valid(raise_exception=True)
        values = {
            "name": connection.name,
            "dialect": connection.dialect,
            "base_url": connection.base_url,
            "is_default": connection.is_default,
            **data.validated_data,
        }
        values.pop("organization_id", None)
        try:
            connection = connection_update(connection=connection, actor=request.user, **values)
        except DjangoValidationError as error:
            raise _as_drf(error) from error
        return Response(ConnectionSerializer(connection).data)

    def destroy(self, request, *args, **kwargs):
        try:
            connection_delete(connection=self.get_object(), actor=request.user)
        except ConnectionInUse as in_use:
            return error_response("conflict", str(in_use), status.HTTP_409_CONFLICT)
        return Response(status=status.HTTP_204_NO_CONTENT)
