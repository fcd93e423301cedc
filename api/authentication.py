from drf_spectacular.extensions import OpenApiAuthenticationExtension
from rest_framework import authentication, exceptions
from rest_framework.throttling import SimpleRateThrottle

from api.tokens import token_authenticate


class TokenFailureThrottle(SimpleRateThrottle):
    """Failed token look-ups per client address (DRF's rate throttle, counting failures
    only): after the rate (settings: `token_failures`) every token from that address is
    refused with 429 until the window passes, even a right one, so guessing gains nothing.

    View throttles run after authentication, which is where a wrong token already fails, so
    the authenticator asks this throttle itself."""

    scope = "token_failures"

    def get_cache_key(self, request, view) -> str:
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}

    def blocked(self, request) -> bool:
        self.key = self.get_cache_key(request, None)
        self.history = self.cache.get(self.key, [])
        self.now = self.timer()
        while self.history and self.history[-1] <= self.now - self.duration:
            self.history.pop()
        return len(self.history) >= self.num_requests

    def record_failure(self, request) -> None:
        if not hasattr(self, "history"):
            self.blocked(request)
        self.throttle_success()  # records this attempt in the history


class BearerTokenAuthentication(authentication.BaseAuthentication):
    """`Authorization: Bearer ab_…` with a personal token made in the dashboard."""

    keyword = "Bearer"

    def authenticate(self, request):
        header = authentication.get_authorization_header(request).decode(errors="replace")
        scheme, _, plain = header.partition(" ")
        if scheme != self.keyword:
            return None
        throttle = TokenFailureThrottle()
        if throttle.blocked(request):
            raise exceptions.Throttled(
                throttle.wait(),
                detail="Too many wrong tokens from this address. Wait, then try again.",
            )
        if not plain.strip():
            throttle.record_failure(request)
            raise exceptions.AuthenticationFailed("The Authorization header has no token.")
        token = token_authenticate(plain.strip())
        if token is None:
            throttle.record_failure(request)
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
