"""Issue 17, points 6-8: no userinfo in URLs; the address checked is the address dialled (DNS
rebinding); the shared address space and IPv6 wrappings of internal IPv4 are refused."""

import socket
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest
from django.core.exceptions import ValidationError
from rest_framework.test import APIClient

from api.tokens import token_create
from assistants import outbound, upstream
from assistants.outbound import outbound_url_problem
from assistants.services.connections import connection_create

# --- 6. A password in the base URL -----------------------------------------------------------


@pytest.mark.parametrize(
    "url", ["https://user:pass@api.example.com", "https://user@api.example.com", "https://:p@h.io"]
)
def test_userinfo_in_a_url_is_refused(url):
    assert "user name and password" in outbound_url_problem(url)


def test_a_connection_with_a_password_in_its_base_url_is_refused_in_the_service_and_api(
    organization, admin_user
):
    with pytest.raises(ValidationError) as refused:
        connection_create(
            organization=organization,
            name="Leaky",
            dialect="aitronos",
            base_url="https://alice:hunter2@api.example.com",
            api_key="sk-1",
        )
    assert "base_url" in refused.value.message_dict
    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Bearer {token_create(user=admin_user, name='t')[1]}")
    response = api.post(
        "/api/v1/connections/",
        {"name": "Leaky", "base_url": "https://alice:hunter2@api.example.com", "api_key": "k"},
        format="json",
    )
    assert response.status_code == 400
    assert "hunter2" not in response.content.decode()


# --- 8. Internal addresses in other clothes --------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "http://100.64.0.1/",  # shared address space (carrier-grade NAT)
        "http://100.127.255.254/",
        "http://[2002:7f00:1::]/",  # 6to4 wrapping 127.0.0.1
        "http://[2002:a00:1::]/",  # 6to4 wrapping 10.0.0.1
        "http://[64:ff9b::7f00:1]/",  # NAT64 of 127.0.0.1
        "http://[64:ff9b::a9fe:a9fe]/",  # NAT64 of 169.254.169.254
        "http://[2001:0:4136:e378:8000:63bf:3fff:fdd2]/",  # Teredo
        "http://[::ffff:127.0.0.1]/",  # IPv4-mapped
        "http://[::ffff:10.1.2.3]/",
    ],
)
def test_production_refuses_wrapped_and_shared_internal_addresses(settings, url):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    assert "internal network address" in outbound_url_problem(url)


@pytest.mark.parametrize("address", ["93.184.216.34", "2606:2800:220:1:248:1893:25c8:1946"])
def test_public_addresses_stay_allowed(address):
    assert not outbound.blocked(address)


# --- 7. DNS rebinding --------------------------------------------------------------------------


class Recorder(BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_POST(self) -> None:
        Recorder.hits.append(self.path)
        self.rfile.read(int(self.headers.get("Content-Length") or 0))
        data = b'{"id": "asst_1", "object": "assistant", "name": "x"}'
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def log_message(self, *args) -> None:
        pass


@pytest.fixture
def internal_server() -> Iterator[int]:
    """A service on 127.0.0.2, standing for something inside the network."""
    Recorder.hits = []
    server = ThreadingHTTPServer(("127.0.0.2", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield server.server_address[1]
    server.shutdown()
    server.server_close()


@pytest.fixture
def rebinding_dns(monkeypatch) -> list[str]:
    """`rebind.test` answers a public address the first time it is looked up and 127.0.0.2
    every time after: what an attacker's DNS server with a zero TTL does."""
    real = socket.getaddrinfo
    lookups: list[str] = []

    def resolve(host, port, *args, **kwargs):
        if host != "rebind.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        address = "93.184.216.34" if len(lookups) == 1 else "127.0.0.2"
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (address, port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    return lookups


def test_a_name_that_rebinds_to_an_internal_address_after_the_check_is_not_called(
    settings, organization, internal_server, rebinding_dns
):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    url = f"http://rebind.test:{internal_server}"
    connection = connection_create(
        organization=organization, name="Rebind", dialect="aitronos", base_url=url, api_key="k"
    )
    assert rebinding_dns == ["rebind.test"], "saving checked the name (a public answer)"
    upstream._clients.clear()  # a fresh client, as a worker process has
    reply = upstream.create_assistant(
        dialect="aitronos",
        url=f"{connection.base_url}/v1/assistants",
        headers={"X-API-Key": "k"},
        body={"name": "x"},
        idempotency_key="k1",
    )
    assert Recorder.hits == [], "the internal service received the request"
    assert reply.outcome is upstream.Outcome.RETRY_BACKOFF
    assert "internal network address" in reply.message


def test_the_client_dials_the_address_it_checked_with_one_look_up(
    settings, monkeypatch, internal_server
):
    """Allowed names are resolved once per connection and that very address is dialled."""
    settings.OUTBOUND_ALLOW_PRIVATE = False
    real = socket.getaddrinfo
    answers = iter(["127.0.0.2", "127.0.0.3"])  # a second look-up would go elsewhere
    lookups = []

    def resolve(host, port, *args, **kwargs):
        if host != "pinned.test":
            return real(host, port, *args, **kwargs)
        lookups.append(host)
        return [(socket.AF_INET, socket.SOCK_STREAM, 6, "", (next(answers), port))]

    monkeypatch.setattr(socket, "getaddrinfo", resolve)
    monkeypatch.setattr(outbound, "blocked", lambda address: address != "127.0.0.2")
    with httpx.Client(transport=outbound.transport()) as client:
        response = client.post(f"http://pinned.test:{internal_server}/v1/assistants", json={})
    assert response.status_code == 200
    assert lookups == ["pinned.test"]
    assert Recorder.hits == ["/v1/assistants"]


def test_tls_is_still_verified_against_the_host_name(settings, monkeypatch):
    """The address is dialled, but TLS is started for the host NAME (SNI and the
    certificate check), not for the address."""
    settings.OUTBOUND_ALLOW_PRIVATE = True  # dial 127.0.0.1 directly
    import httpcore

    captured = {}

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        captured["server_hostname"] = server_hostname
        raise httpcore.ConnectError("stopped before the handshake")

    monkeypatch.setattr(httpcore._backends.sync.SyncStream, "start_tls", start_tls)
    server = ThreadingHTTPServer(("127.0.0.1", 0), Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        with (
            httpx.Client(transport=outbound.transport()) as client,
            pytest.raises(httpx.ConnectError),
        ):
            client.get(f"https://localhost:{server.server_address[1]}/")
    finally:
        server.shutdown()
        server.server_close()
    assert captured["server_hostname"] == "localhost"
