from django.http import HttpRequest


def organization(request: HttpRequest) -> dict:
    return {
        "current_organization": getattr(request, "organization", None),
        "current_membership": getattr(request, "membership", None),
        "memberships": getattr(request, "memberships", []),
    }
