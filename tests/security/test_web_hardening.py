import subprocess
import sys
from html.parser import HTMLParser

import pytest
from cryptography.fernet import Fernet
from django.test import Client

from assistants.services.drafts import draft_create
from tests.processes import REPO

PAYLOAD = '<script>alert("pwned")</script><img src=x onerror=alert(1)>'


def test_signing_in_is_locked_after_repeated_wrong_passwords(db, admin_user):
    client = Client()
    for _ in range(5):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    locked = client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert "_auth_user_id" not in client.session, "the right password must not get in now"


def test_a_correct_password_before_the_limit_resets_the_count(db, admin_user):
    client = Client()
    for _ in range(4):
        client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    client.logout()
    client.post("/accounts/login/", {"username": "alice", "password": "wrong"})
    ok = client.post("/accounts/login/", {"username": "alice", "password": "pw-alice"})
    assert ok.status_code == 302


class _InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, handlers and styles."""

    def __init__(self) -> None:
        super().__init__()
        self.found: list[str] = []

    def handle_starttag(self, tag, attrs):
        names = {name for name, _ in attrs}
        if tag == "script" and "src" not in names:
            self.found.append("<script> without src")
        if tag == "style":
            self.found.append("<style>")
        self.found += [
            f"<{tag} {name}=>" for name in names if name.startswith("on") or name == "style"
        ]


def inline_code(html: str) -> list[str]:
    parser = _InlineCode()
    parser.feed(html)
    return parser.found


def pages_of(client, draft) -> dict[str, str]:
    urls = [
        "/",
        "/assistants/new/",
        "/assistants/import/",
        "/directory/",
        "/system/",
        "/account/tokens/",
        f"/assistants/{draft.pk}/",
        f"/assistants/{draft.pk}/export/",
        f"/assistants/{draft.pk}/compare/",
        "/accounts/login/",
        "/api/docs/",
        "/api/redoc/",
    ]
    return {url: client.get(url).content.decode() for url in urls}


@pytest.fixture
def hostile_draft(organization, admin_user):
    return draft_create(
        organization=organization,
        user=admin_user,
        name="Evil " + PAYLOAD,
        config={"description": PAYLOAD, "instructions": PAYLOAD},
    )


def test_every_page_sends_a_csp_without_inline_scripts(admin_client, hostile_draft):
    for url in ["/", f"/assistants/{hostile_draft.pk}/", "/api/docs/"]:
        policy = admin_client.get(url)["Content-Security-Policy"]
        assert "script-src 'self'" in policy and "unsafe-inline" not in policy
        assert "frame-ancestors 'none'" in policy
    for url, html in pages_of(admin_client, hostile_draft).items():
        assert inline_code(html) == [], f"{url} has inline code"
    redoc = admin_client.get("/api/redoc/")["Content-Security-Policy"]
    assert "style-src 'self' 'unsafe-inline'" in redoc and "script-src 'self';" in redoc


def test_html_in_names_descriptions_and_instructions_is_shown_as_text(admin_client, hostile_draft):
    for url, html in pages_of(admin_client, hostile_draft).items():
        assert "<script>alert" not in html, f"{url} rendered the payload as HTML"
        assert "<img src=x" not in html, f"{url} rendered the payload as HTML"
    editor = admin_client.get(f"/assistants/{hostile_draft.pk}/").content.decode()
    assert "&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt;" in editor


def test_the_deploy_check_passes_with_production_settings():
    env = {
        "PATH": "/usr/bin:/bin",
        "DEBUG": "0",
        "SECRET_KEY": Fernet.generate_key().decode() * 2,
        "ALLOWED_HOSTS": "assistants.example.com",
        "FIELD_ENCRYPTION_KEYS": Fernet.generate_key().decode(),
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": "postgres://postgres@127.0.0.1:5432/unused",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=REPO,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


def test_pages_are_compressed_with_their_headers_intact(admin_client, hostile_draft):
    import gzip

    plain = admin_client.get(f"/assistants/{hostile_draft.pk}/")
    packed = admin_client.get(f"/assistants/{hostile_draft.pk}/", HTTP_ACCEPT_ENCODING="gzip")
    assert packed["Content-Encoding"] == "gzip"
    assert len(packed.content) < len(plain.content) / 3
    html = gzip.decompress(packed.content).decode()
    assert html.count('name="csrfmiddlewaretoken"') == plain.content.decode().count(
        'name="csrfmiddlewaretoken"'
    )
    assert "script-src" in packed["Content-Security-Policy"]
