"""View decorators that enforce organisation membership and roles in one place."""

from collections.abc import Callable
from functools import wraps

from django.core.exceptions import PermissionDenied
from django.shortcuts import render


def organization_required(role: str = "viewer") -> Callable:
    """Require a current organisation; `role` is the least role allowed (viewer/editor/admin).

    A signed-in user who belongs to no organisation gets a page telling them what to do
    instead of an error.
    """

    def decorator(view: Callable) -> Callable:
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            membership = request.membership
            if membership is None:
                return render(request, "organizations/no_organization.html", status=403)
            if role == "editor" and not membership.can_edit:
                raise PermissionDenied("Editors and admins only.")
            if role == "admin" and not membership.is_admin:
                raise PermissionDenied("Admins only.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
