import pytest

from tests.mcp.support import start_demo


@pytest.fixture(scope="module")
def demo_mcp(tmp_path_factory) -> str:
    """The demo MCP server (bearer token DEMO_TOKEN), one per test module."""
    child, base = start_demo(tmp_path_factory.mktemp("mcp-demo"))
    yield base
    child.stop()
