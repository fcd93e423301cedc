from datetime import timedelta

from api.models import ApiToken
from api.tokens import token_authenticate, token_create


def test_a_token_records_when_it_was_last_used_to_the_minute(admin_user):
    token, plain = token_create(user=admin_user, name="ci")
    assert token.last_used_at is None
    first = token_authenticate(plain).last_used_at
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first
    token_authenticate(plain)
    assert ApiToken.objects.get(pk=token.pk).last_used_at == first, "not written again at once"
    ApiToken.objects.filter(pk=token.pk).update(last_used_at=first - timedelta(minutes=2))
    later = token_authenticate(plain).last_used_at
    assert ApiToken.objects.get(pk=token.pk).last_used_at == later > first - timedelta(minutes=2)


def test_a_wrong_token_authenticates_nobody(admin_user):
    token_create(user=admin_user, name="ci")
    assert token_authenticate("ab_not-a-token") is None


def test_wrong_tokens_count_across_the_web_processes(transactional_db):
    """Gunicorn serves with several processes: with a count per process, N of them allowed N
    times the rate. Failures recorded by another process block this one."""
    import subprocess
    import sys

    from django.test import RequestFactory

    from api.authentication import TokenFailureThrottle
    from tests.processes import child_env

    record_twenty = (
        "import django; django.setup()\n"
        "from django.test import RequestFactory\n"
        "from api.authentication import TokenFailureThrottle\n"
        "request = RequestFactory().get('/', REMOTE_ADDR='10.1.2.3')\n"
        "for _ in range(20): TokenFailureThrottle().record_failure(request)\n"
    )
    subprocess.run(
        [sys.executable, "-c", record_twenty],
        env=child_env(API_TOKEN_FAILURE_RATE="20/min"),
        check=True,
        timeout=60,
    )
    request = RequestFactory().get("/", REMOTE_ADDR="10.1.2.3")
    assert TokenFailureThrottle().blocked(request)
    other = RequestFactory().get("/", REMOTE_ADDR="10.9.9.9")
    assert not TokenFailureThrottle().blocked(other)
