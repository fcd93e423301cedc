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
            if not membership.has_role(role):
                who = "Admins" if role == "admin" else "Editors and admins"
                raise PermissionDenied(f"{who} only.")
            return view(request, *args, **kwargs)

        return wrapped

    return decorator
