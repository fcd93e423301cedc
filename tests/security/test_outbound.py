import pytest

from assistants.outbound import outbound_url_problem
from assistants.services.drafts import DraftInvalid, draft_create


def server(url: str) -> dict:
    return {
        "tool_configurations": {
            "mcp_tools": [{"server_label": "s", "type": "mcp", "server_url": url}]
        }
    }


@pytest.mark.parametrize(
    "url",
    [
        "http://127.0.0.1:8765",
        "http://10.1.2.3/mcp",
        "http://192.168.0.10",
        "http://169.254.169.254/latest",
        "http://[::1]:9000",
        "http://localhost:8000",
    ],
)
def test_production_refuses_private_loopback_and_link_local_destinations(settings, url):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    assert "internal network address" in outbound_url_problem(url)


def test_an_allow_listed_host_and_development_mode_are_allowed(settings):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    settings.OUTBOUND_ALLOWLIST = ["127.0.0.1"]
    assert outbound_url_problem("http://127.0.0.1:8765") is None
    settings.OUTBOUND_ALLOWLIST = []
    settings.OUTBOUND_ALLOW_PRIVATE = True
    assert outbound_url_problem("http://127.0.0.1:8765") is None


@pytest.mark.parametrize(
    "url", ["ftp://files.example", "file:///etc/passwd", "javascript:x", "https://"]
)
def test_only_http_and_https_are_ever_called(settings, url):
    settings.OUTBOUND_ALLOW_PRIVATE = True
    assert "http:// or https://" in outbound_url_problem(url)


def test_a_public_address_is_allowed(settings):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    assert outbound_url_problem("https://8.8.8.8/mcp") is None


def test_a_draft_with_an_internal_mcp_server_is_refused_in_production(
    settings, organization, admin_user
):
    settings.OUTBOUND_ALLOW_PRIVATE = False
    with pytest.raises(DraftInvalid) as refused:
        draft_create(
            organization=organization,
            user=admin_user,
            name="X",
            config=server("http://169.254.169.254/"),
        )
    assert refused.value.errors[0].path == "tool_configurations.mcp_tools[0].server_url"
