"""People change their own password, and reset a forgotten one by email (Django's views)."""

import re

from django.contrib.auth import get_user_model
from django.core import mail
from django.test import Client


def test_sign_in_offers_a_way_back_when_the_password_is_forgotten(db):
    page = Client().get("/accounts/login/").content.decode()
    assert 'href="/accounts/password/reset/"' in page
    assert "Forgot password?" in page


def test_a_signed_in_person_changes_their_password(admin_client, admin_user):
    page = admin_client.get("/accounts/password/")
    assert page.status_code == 200
    assert "Change your password" in page.content.decode()
    response = admin_client.post(
        "/accounts/password/",
        {
            "old_password": "pw-alice",
            "new_password1": "a-much-longer-passphrase",
            "new_password2": "a-much-longer-passphrase",
        },
    )
    assert response.status_code == 302
    assert response.url == "/accounts/password/done/"
    admin_user.refresh_from_db()
    assert admin_user.check_password("a-much-longer-passphrase")


def test_a_wrong_current_password_changes_nothing(admin_client, admin_user):
    response = admin_client.post(
        "/accounts/password/",
        {
            "old_password": "nope",
            "new_password1": "x-long-pass-99",
            "new_password2": "x-long-pass-99",
        },
    )
    assert response.status_code == 200
    admin_user.refresh_from_db()
    assert admin_user.check_password("pw-alice")


def test_a_forgotten_password_is_reset_through_the_emailed_link(db):
    user = get_user_model().objects.create_user("hana", "hana@example.com", "old-password-1")
    client = Client()
    response = client.post("/accounts/password/reset/", {"email": "hana@example.com"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    link = re.search(r"http://testserver(/accounts/password/reset/\S+/)", mail.outbox[0].body)
    assert link, mail.outbox[0].body
    form = client.get(link.group(1), follow=True)
    assert "Choose a new password" in form.content.decode()
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "brand-new-passphrase", "new_password2": "brand-new-passphrase"},
    )
    assert done.status_code == 302
    user.refresh_from_db()
    assert user.check_password("brand-new-passphrase")


def test_an_unknown_address_gets_the_same_answer_and_no_email(db):
    response = Client().post("/accounts/password/reset/", {"email": "nobody@example.com"})
    assert response.status_code == 302
    assert mail.outbox == []
