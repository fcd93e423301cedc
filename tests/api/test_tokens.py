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
