"""Resolve the organisation a signed-in user is working in, once per request."""

from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from assistants.services.organizations import memberships_for

SESSION_KEY = "current_organization_id"


class CurrentOrganizationMiddleware:
    """Set request.memberships, request.membership and request.organization.

    The current organisation is remembered in the session; a user can only ever land in
    an organisation they are a member of, so every view scoped by request.organization is
    scoped to the user's own data.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request.memberships = []
        request.membership = None
        request.organization = None
        if request.user.is_authenticated:
            memberships = list(memberships_for(request.user))
            wanted = request.session.get(SESSION_KEY)
            current = next((m for m in memberships if m.organization_id == wanted), None)
            current = current or (memberships[0] if memberships else None)
            request.memberships = memberships
            request.membership = current
            request.organization = current.organization if current else None
        return self.get_response(request)
