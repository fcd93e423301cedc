"""The sandbox server's URLconf, used only by sandbox.server (never by config/urls.py)."""

from django.urls import include, path, re_path

from sandbox import control, directory_views, views
from sandbox.models import Dialect

api = [
    path("v1/assistants", views.assistants),
    path("v1/assistants/<str:assistant_id>", views.assistant),
    *directory_views.api_patterns,
    re_path(r"^(?P<rest>.*)$", views.unknown_route),
]

urlpatterns = [
    *(path(f"{dialect}/", include(api), {"dialect": dialect}) for dialect in Dialect.values),
    path("_faults", control.faults),
    path("_assistants", control.assistants),
    path("_stats", control.stats),
    path("_requests", control.requests),
    path("_reset", control.reset),
    *directory_views.control_patterns,
    re_path(r"^(?P<rest>.*)$", control.not_found),
]
