"""Property-based fuzzing of every API operation from its own OpenAPI schema.

`make test` runs a few cases per operation; `make fuzz` runs FUZZ_EXAMPLES=100 or more.
"""

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import response_schema_conformance

from api.tokens import token_create
from assistants.services.drafts import draft_create
from config.wsgi import application

schema = schemathesis.openapi.from_wsgi("/api/schema/?format=json", application)
EXAMPLES = int(os.environ.get("FUZZ_EXAMPLES", "8"))


@pytest.fixture(autouse=True)
def keep_the_test_connection_open():
    """Like Django's test client: a request ending must not close the test's transaction."""
    from django.core.signals import request_finished, request_started
    from django.db import close_old_connections

    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)


@pytest.fixture
def bearer(organization, admin_user) -> str:
    # A draft with id 1.. exists so detail routes get past 404 sometimes.
    for n in range(3):
        draft_create(
            organization=organization,
            user=admin_user,
            name=f"Fuzz {n}",
            config={"temperature": 0.5},
        )
    return f"Bearer {token_create(user=admin_user, name='fuzz')[1]}"


@pytest.mark.django_db
@schema.parametrize()
@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
        HealthCheck.data_too_large,
    ],
)
def test_no_operation_answers_5xx_or_breaks_its_schema(case, bearer):
    # Schemathesis reads a WSGI answer's bytes as they come, and asks for gzip by default;
    # clients that ask for gzip also undo it, so the fuzzer asks for none.
    headers = {"Authorization": bearer, "Accept-Encoding": "identity"}
    case.call_and_validate(
        headers=headers, checks=[not_a_server_error, response_schema_conformance]
    )
