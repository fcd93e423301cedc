from csp.constants import SELF, UNSAFE_INLINE
from csp.decorators import csp_update
from django.urls import include, path
from drf_spectacular.views import (
    SpectacularAPIView,
    SpectacularRedocView,
    SpectacularSwaggerSplitView,
)
from rest_framework.routers import SimpleRouter

from api.views import connections, directory, drafts, organizations, submissions

router = SimpleRouter()
router.register("drafts", drafts.DraftViewSet, basename="draft")
router.register("organizations", organizations.OrganizationViewSet, basename="organization")
router.register("submissions", submissions.SubmissionViewSet, basename="submission")
router.register("connections", connections.ConnectionViewSet, basename="connection")
router.register("directory", directory.DirectoryEntryViewSet, basename="directory-entry")
router.register("directory-syncs", directory.DirectorySyncViewSet, basename="directory-sync")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves its start-up script from a URL: no inline script for the CSP.
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # ReDoc injects its styles and starts its search worker from a blob at run time; only
    # this page allows inline styles and blob workers (never inline scripts), and
    # it shows no user data.
    path(
        "redoc/",
        csp_update({"style-src": [SELF, UNSAFE_INLINE], "worker-src": [SELF, "blob:"]})(
            SpectacularRedocView.as_view(url_name="api_schema")
        ),
        name="api_redoc",
    ),
]


def _api_authenticates_itself(patterns) -> None:
    """DRF authenticates API calls (tokens or session); the dashboard's sign-in redirect
    must not answer them with a login page."""
    for pattern in patterns:
        if hasattr(pattern, "url_patterns"):
            _api_authenticates_itself(pattern.url_patterns)
        else:
            pattern.callback.login_required = False


_api_authenticates_itself(urlpatterns)
