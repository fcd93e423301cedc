from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions

from api.tokens import token_authenticate


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer ab_…` with a personal token made in the dashboard."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        scheme, _, plain = header.partition(" ")
        if scheme != self.keyword:
            return None
        if not plain.strip():
            raise exceptions.AuthenticationFailed("The Authorization header has no token.")
        token = token_authenticate(plain.strip())
        if token is None:
            raise exceptions.AuthenticationFailed("This token is unknown or was revoked.")
        return token.user, token

    def authenticate_header(self, request) -> str:
        return self.keyword


class BearerTokenScheme(OpenApiAuthenticationExtension):
    """Describes the personal tokens in the OpenAPI document (drf-spectacular)."""

    target_class = "api.authentication.BearerTokenAuthentication"
    name = "personalToken"

    def get_security_definition(self, auto_schema):
        return {
            "type": "http",
            "scheme": "bearer",
            "description": "A personal API token made on the dashboard's API tokens page "
            "or with `manage.py create_api_token`.",
        }
