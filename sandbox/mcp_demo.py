"""A demo MCP server for the sandbox, built with the official MCP SDK (`mcp.server.mcpserver`).

It speaks streamable HTTP at `/mcp` and the older SSE transport at `/sse` (messages posted to
`/messages/`), offers a few read-only and a few destructive tools with their annotations, and
optionally wants a bearer token. `manage.py mcp_demo` serves it; `make run` starts it
beside the sandbox upstream, and the tests start it as a child process.

The data is made up and held in memory: the point is a real MCP server to discover.
"""

import hmac
import json

from mcp.server.mcpserver import MCPServer
from mcp.types import ToolAnnotations
from starlette.types import ASGIApp, Receive, Scope, Send

STREAMABLE_PATH = "/mcp"
SSE_PATH = "/sse"

POLICIES = {
    "leave": "Employees have 25 days of paid leave a year; ask your manager two weeks ahead.",
    "expenses": "Keep receipts; claims over 500 need a second approval.",
    "remote work": "Up to three days a week from home, agreed with your team.",
}
HANDBOOK = {
    "welcome": "Welcome to Demo Corp. This handbook explains how we work.",
    "conduct": "Treat colleagues and customers with respect.",
    "security": "Lock your screen; never share passwords, not even with IT.",
}
READ_ONLY = ToolAnnotations(read_only_hint=True, open_world_hint=False)


def build_server() -> MCPServer:
    server = MCPServer(
        "demo-helpdesk",
        title="Demo help desk",
        instructions="Company policies, the employee handbook and the support ticket queue.",
        version="1.0",
    )

    @server.tool(
        title="Search policies",
        description="Find company policies that mention a word or phrase.",
        annotations=READ_ONLY.model_copy(update={"idempotent_hint": True}),
    )
    def search_policies(query: str) -> str:
        found = {name: text for name, text in POLICIES.items() if query.lower() in text.lower()}
        return json.dumps(found or {"message": f"No policy mentions “{query}”."})

    @server.tool(
        title="Read a handbook section",
        description="The text of one section of the employee handbook.",
        annotations=READ_ONLY,
    )
    def get_employee_handbook_section(section: str) -> str:
        return HANDBOOK.get(section.lower(), f"There is no section called “{section}”.")

    @server.tool(
        title="List open tickets",
        description="The support tickets that are still open.",
        annotations=READ_ONLY,
    )
    def list_tickets() -> str:
        return json.dumps([{"id": 17, "title": "Printer on floor 2"}, {"id": 18, "title": "VPN"}])

    @server.tool(
        title="Create a ticket",
        description="Open a new support ticket.",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=False, open_world_hint=False
        ),
    )
    def create_ticket(title: str) -> str:
        return json.dumps({"id": 19, "title": title})

    @server.tool(
        title="Delete a ticket",
        description="Delete a support ticket for good. This cannot be undone.",
        annotations=ToolAnnotations(
            read_only_hint=False, destructive_hint=True, idempotent_hint=True, open_world_hint=False
        ),
    )
    def delete_ticket(ticket_id: int) -> str:
        return f"Ticket {ticket_id} deleted."

    return server


class BearerAuth:
    """Refuse every request without `Authorization: Bearer <token>` (when a token is set)."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app, self.expected = app, f"Bearer {token}".encode()

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            given = dict(scope["headers"]).get(b"authorization", b"")
            if not hmac.compare_digest(given, self.expected):
                await send(
                    {
                        "type": "http.response.start",
                        "status": 401,
                        "headers": [
                            (b"content-type", b"application/json"),
                            (b"www-authenticate", b'Bearer realm="demo-helpdesk"'),
                        ],
                    }
                )
                body = {"error": "invalid_token", "error_description": "Wrong or missing token."}
                await send({"type": "http.response.body", "body": json.dumps(body).encode()})
                return
        await self.app(scope, receive, send)


def build_app(*, token: str = "", host: str = "127.0.0.1") -> ASGIApp:
    """Both transports in one Starlette app (one lifespan runs the streamable HTTP sessions)."""
    server = build_server()
    app = server.streamable_http_app(streamable_http_path=STREAMABLE_PATH, host=host)
    app.router.routes.extend(server.sse_app(sse_path=SSE_PATH, host=host).routes)
    return BearerAuth(app, token) if token else app
