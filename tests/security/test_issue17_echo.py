"""Issue 17, point 2: an upstream that repeats the request in its error body (a real HTTP
server here) leaves no secret that was sent in anything stored or shown."""

import base64
import json
import threading
import uuid
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import quote, quote_plus

import pytest
from django.test import Client
from rest_framework.test import APIClient

from api.tokens import token_create
from assistants.models import Submission
from assistants.scrub import encodings, scrub, sent_secrets
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from assistants.services.submissions import submission_process, submission_start
from tests.security.test_secrets import database_dump

TOKEN = f"tok/{uuid.uuid4().hex}+="  # characters that URL- and JSON-encoding change
HEADER = f'hdr "{uuid.uuid4().hex}"'
API_KEY = f"sk-{uuid.uuid4().hex}"


def _strings(value) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for item in value.values() for s in _strings(item)]
    if isinstance(value, list):
        return [s for item in value for s in _strings(item)]
    return []


class Echo(BaseHTTPRequestHandler):
    """Answers every create with a 422 repeating the request, the way some servers do: the
    body parsed and as text, the headers, and each value URL-encoded and in base64."""

    def do_POST(self) -> None:
        raw = self.rfile.read(int(self.headers.get("Content-Length") or 0)).decode()
        body = json.loads(raw)
        seen = _strings(body) + list(self.headers.values())
        answer = {
            "detail": [
                {
                    "loc": ["body", "tool_configurations"],
                    "msg": f"Value error, could not use {raw}",
                    "type": "value_error",
                    "input": body,
                }
            ],
            "headers": dict(self.headers),
            "debug": [quote(s) for s in seen]
            + [quote_plus(s) for s in seen]
            + [base64.b64encode(s.encode()).decode() for s in seen],
        }
        data = json.dumps(answer).encode()
        self.send_response(422)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self) -> None:
        data = b'{"data": [], "has_more": false}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def echo_url() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), Echo)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()


def every_form(secret: str) -> set[str]:
    return {
        secret,
        json.dumps(secret)[1:-1],
        quote(secret, safe=""),
        quote(secret),
        quote_plus(secret),
        base64.b64encode(secret.encode()).decode(),
    }


@pytest.fixture
def echoed(echo_url, organization, admin_user) -> Submission:
    connection = connection_create(
        organization=organization,
        name="Echo",
        dialect="aitronos",
        base_url=echo_url,
        api_key=API_KEY,
        is_default=True,
    )
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Echoed",
        config={
            "default_model_key": "gpt-4o",
            "tool_configurations": {
                "mcp_tools": [
                    {
                        "server_label": "drive",
                        "type": "mcp",
                        "server_url": "https://mcp.example/sse",
                        "authorization": TOKEN,
                        "headers": {"X-Team-Key": HEADER},
                        "require_approval": "never",
                    }
                ]
            },
        },
    )
    submission = submission_start(draft=draft, connection=connection, user=admin_user)
    submission_process(submission_id=submission.pk, worker="test")
    return Submission.objects.get(pk=submission.pk)


def test_the_upstream_did_echo_and_was_recorded(echoed):
    attempt = echoed.attempts.get()
    assert attempt.http_status == 422
    assert "could not use" in json.dumps(attempt.response_body), "the echo is kept, scrubbed"
    assert "••••" in json.dumps(attempt.response_body, ensure_ascii=False)


def test_no_secret_sent_is_stored_in_any_encoding(echoed):
    dump = database_dump()
    for secret in (TOKEN, HEADER, API_KEY):
        for form in every_form(secret):
            assert form not in dump, f"{form!r} is in the database"


def test_no_secret_sent_is_shown_on_the_page_or_in_the_api(echoed, viewer_user):
    viewer = Client()
    viewer.force_login(viewer_user)
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=viewer_user, name='v')[1]}")
    shown = [
        viewer.get(f"/submissions/{echoed.pk}/").content.decode(),
        viewer.get(f"/assistants/{echoed.draft_id}/submissions/").content.decode(),
        api.get(f"/api/v1/submissions/{echoed.pk}/").content.decode(),
        api.get("/api/v1/submissions/").content.decode(),
    ]
    for text in shown:
        for secret in (TOKEN, HEADER, API_KEY):
            for form in every_form(secret) | {json.dumps(secret)[1:-1].replace('"', "&quot;")}:
                assert form not in text


def test_the_scrubber_finds_the_obvious_encodings():
    secrets = sent_secrets(
        {"tool_configurations": {"mcp_tools": [{"type": "mcp", "authorization": TOKEN}]}},
        {"Authorization": f"Bearer {API_KEY}"},
    )
    assert {TOKEN, API_KEY} <= secrets
    text = " ".join(every_form(TOKEN) | every_form(API_KEY))
    scrubbed = scrub({"m": text, text: [text]}, secrets)
    assert not any(form in json.dumps(scrubbed) for form in every_form(TOKEN))
    assert encodings("abc") == set(), "too short to search for without wiping ordinary words"
