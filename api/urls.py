from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView
from rest_framework.routers import SimpleRouter

from api.views import drafts, organizations

router = SimpleRouter()
router.register("drafts", drafts.DraftViewSet, basename="draft")
router.register("organizations", organizations.OrganizationViewSet, basename="organization")

urlpatterns = [
    path("v1/", include(router.urls)),
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
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
