"""assistants.mcp against the real demo MCP server (official SDK on both ends) and against
servers that are not MCP, over HTTP."""

import logging
import time

from assistants.mcp import discover
from tests.mcp.support import DEMO_TOKEN, DEMO_TOOLS, plain_server, silent_server
from tests.processes import free_port


def test_streamable_http_lists_every_tool_with_its_annotations(demo_mcp):
    found = discover(f"{demo_mcp}/mcp", token=DEMO_TOKEN)
    assert found.ok, found.message
    assert found.transport == "streamable_http"
    assert found.protocol_version and found.protocol_version in found.message
    assert found.server_name == "Demo help desk"
    tools = {tool.name: tool for tool in found.tools}
    assert set(tools) == DEMO_TOOLS
    search = tools["search_policies"]
    assert (search.title, search.read_only, search.idempotent) == ("Search policies", True, True)
    assert search.description.startswith("Find company policies")
    delete = tools["delete_ticket"]
    assert (delete.read_only, delete.destructive, delete.open_world) == (False, True, False)
    assert delete.may_destroy and not tools["create_ticket"].may_destroy


def test_the_older_sse_transport_lists_the_same_tools(demo_mcp):
    found = discover(f"{demo_mcp}/sse", token=DEMO_TOKEN, transport="sse")
    assert found.ok, found.message
    assert found.transport == "sse"
    assert {tool.name for tool in found.tools} == DEMO_TOOLS


def test_auto_tries_sse_for_an_sse_address(demo_mcp):
    found = discover(f"{demo_mcp}/sse", token=DEMO_TOKEN)
    assert (found.ok, found.transport) == (True, "sse")


def test_test_connection_answers_without_listing(demo_mcp):
    found = discover(f"{demo_mcp}/mcp", token=DEMO_TOKEN, list_tools=False)
    assert found.ok and found.tools == []
    assert "protocol version" in found.message


def test_a_wrong_or_missing_token_is_a_plain_401_message(demo_mcp, caplog):
    caplog.set_level(logging.DEBUG)
    for token in ("wrong-token-31337", None):
        found = discover(f"{demo_mcp}/mcp", token=token)
        assert (found.ok, found.problem) == (False, "unauthorized")
        assert "401" in found.message and "token" in found.message
    assert "wrong-token-31337" not in caplog.text
    assert "wrong-token-31337" not in found.message


def test_tokens_and_header_values_never_reach_the_logs(demo_mcp, caplog):
    caplog.set_level(logging.DEBUG)
    found = discover(f"{demo_mcp}/mcp", token=DEMO_TOKEN, headers={"X-Team": "hdr-value-8086"})
    assert found.ok
    assert DEMO_TOKEN not in caplog.text and "hdr-value-8086" not in caplog.text


def test_a_web_page_is_not_an_mcp_server():
    page = (200, {"Content-Type": "text/html"}, b"<html><body>Hello</body></html>")
    with plain_server({"*": page}) as (base, hits):
        found = discover(f"{base}/mcp")
    assert (found.ok, found.problem) == (False, "not_mcp")
    assert "not an MCP server" in found.message
    assert hits, "it was asked"


def test_a_missing_path_on_the_demo_server_is_not_an_mcp_server(demo_mcp):
    found = discover(f"{demo_mcp}/nothing-here", token=DEMO_TOKEN)
    assert (found.ok, found.problem) == (False, "not_mcp")
    assert "404" in found.message


def test_a_server_that_never_answers_times_out_quickly(settings):
    settings.MCP_CONNECT_TIMEOUT, settings.MCP_DISCOVERY_TIMEOUT = 1, 1
    with silent_server() as base:
        started = time.monotonic()
        found = discover(f"{base}/mcp")
        took = time.monotonic() - started
    assert (found.ok, found.problem) == (False, "timeout")
    assert "did not answer in time" in found.message
    assert took < 8, f"took {took:.1f}s"


def test_nothing_listening_dns_failures_tls_and_bad_urls_are_told_apart(demo_mcp):
    assert discover(f"http://127.0.0.1:{free_port()}/mcp").problem == "connection"
    unknown = discover("https://no-such-host.invalid/mcp")
    assert unknown.problem == "dns" and "could not be found" in unknown.message
    tls = discover(demo_mcp.replace("http://", "https://") + "/mcp", token=DEMO_TOKEN)
    assert tls.problem == "tls" and "certificate" in tls.message
    assert discover("ftp://files.example/mcp").problem == "bad_url"
    assert discover("mcp.example.com").problem == "bad_url"


def test_a_private_address_is_refused_in_production_settings_before_any_request(settings):
    settings.OUTBOUND_ALLOW_PRIVATE, settings.OUTBOUND_ALLOWLIST = False, []
    with plain_server({"*": (200, {"Content-Type": "application/json"}, b"{}")}) as (base, hits):
        found = discover(f"{base}/mcp")
    assert (found.ok, found.problem) == (False, "refused_address")
    assert "internal network address" in found.message
    assert hits == [], "nothing was sent to the private address"


def test_a_redirect_to_a_private_address_is_refused_in_production_settings(settings):
    # "localhost" stands for a public server here (allow-listed); it redirects to 127.0.0.1,
    # a private address that is not.
    settings.OUTBOUND_ALLOW_PRIVATE, settings.OUTBOUND_ALLOWLIST = False, ["localhost"]
    mcp_answer = (200, {"Content-Type": "application/json"}, b"{}")
    with plain_server({"*": mcp_answer}) as (private, private_hits):
        moved = (307, {"Location": f"{private}/mcp"}, b"")
        with plain_server({"*": moved}) as (public, public_hits):
            found = discover(public.replace("127.0.0.1", "localhost") + "/mcp")
    assert not found.ok
    assert found.problem in ("redirect", "refused_address")
    assert public_hits, "the allowed server was asked"
    assert private_hits == [], "the redirect to the private address was not followed"


def test_the_connection_itself_dials_only_checked_addresses(settings):
    """Even past the request check (a name that resolved elsewhere a moment before), the
    network backend resolves once, checks, and refuses to dial an internal address."""
    from concurrent.futures import ThreadPoolExecutor

    import anyio
    import pytest

    from assistants.mcp import _PinnedBackend, _Refused

    settings.OUTBOUND_ALLOW_PRIVATE, settings.OUTBOUND_ALLOWLIST = False, []
    with plain_server({"*": (200, {}, b"")}) as (base, hits):
        port = int(base.rsplit(":", 1)[1])
        # In a thread of its own, as discovery runs: in a full run the browser tests' sync
        # Playwright keeps an event loop running in this thread.
        with ThreadPoolExecutor(1) as pool:
            dialled = pool.submit(anyio.run, _PinnedBackend().connect_tcp, "localhost", port)
            with pytest.raises(_Refused, match="internal network address"):
                dialled.result(timeout=30)
    assert hits == []
