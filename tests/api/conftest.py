import pytest
from rest_framework.test import APIClient

from api.tokens import token_create


def token_client(user) -> APIClient:
    _, plain = token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Bearer {plain}")
    return client


@pytest.fixture
def api(admin_user) -> APIClient:
    return token_client(admin_user)
