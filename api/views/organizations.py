from drf_spectacular.utils import extend_schema
from rest_framework import mixins, viewsets

from api.serializers import MembershipSerializer
from assistants.models import Membership


@extend_schema(tags=["organizations"])
class OrganizationViewSet(mixins.ListModelMixin, viewsets.GenericViewSet):
    """The organisations you belong to, with your role in each."""

    serializer_class = MembershipSerializer

    def get_queryset(self):
        return Membership.objects.filter(user=self.request.user).select_related("organization")
