"""MCP servers: `tool_configurations.mcp_tools[]`."""

from typing import Literal
from urllib.parse import urlsplit

from pydantic import ValidationInfo, field_validator

from assistants.contract.spec import ContractModel, contract_error, spec


class McpToolFilter(ContractModel):
    read_only: bool | None = spec(
        None,
        label="Read-only tools",
        help="Match tools that only read data and never change it.",
    )
    tool_names: list[str] | None = spec(
        None,
        label="Tool names",
        help="The names of the tools this rule applies to.",
    )


class McpApprovalFilter(ContractModel):
    always: McpToolFilter | None = spec(
        None,
        label="Always ask",
        help="Tools that always need a person's approval before they run.",
    )
    never: McpToolFilter | None = spec(
        None,
        label="Never ask",
        help="Tools that may run without asking anyone.",
    )


class McpServer(ContractModel):
    server_label: str = spec(
        label="Server name",
        help="A short name for this server, used when the assistant calls its tools.",
        min_length=1,
    )
    type: Literal["mcp"] = spec(
        label="Type",
        help='Always "mcp".',
        choice_labels={"mcp": "MCP"},
    )
    allowed_tools: list[str] | McpToolFilter | None = spec(
        None,
        label="Allowed tools",
        help="Which of the server's tools the assistant may use: a list of names, or a rule. "
        "Leave empty to allow all of them.",
        kind="mcp_allowed_tools",
    )
    authorization: str | None = spec(
        None,
        label="Access token",
        help="The OAuth token the server expects. It is kept secret and never shown in full.",
        secret=True,
    )
    # connector_id is declared before server_url on purpose: the check that exactly one of
    # them is given runs on server_url and needs connector_id already validated.
    connector_id: str | None = spec(
        None,
        label="Connector",
        help="A ready-made connection such as connector_googledrive or connector_gmail. "
        "Give either a connector or a server URL.",
    )
    headers: dict[str, str] | None = spec(
        None,
        label="Extra HTTP headers",
        help="Headers sent to the server, for example for authentication. "
        "Their values are kept secret.",
        secret=True,
    )
    require_approval: Literal["always", "never"] | McpApprovalFilter = spec(
        "always",
        label="Ask for approval",
        help='Whether a person must approve each tool call: "always", "never", '
        "or rules per tool. The API asks every time if you leave it empty.",
        kind="mcp_approval",
        choice_labels={"always": "Always ask", "never": "Never ask"},
    )
    server_description: str | None = spec(
        None,
        label="Server description",
        help="What this server is for, in a sentence, so the assistant knows when to use it.",
        widget="textarea",
    )
    server_url: str | None = spec(
        None,
        label="Server URL",
        help="The web address of the MCP server, starting with https://. "
        "Give either a server URL or a connector.",
        validate_default=True,
    )

    @field_validator("server_url")
    @classmethod
    def _exactly_one_target(cls, url: str | None, info: ValidationInfo) -> str | None:
        if "connector_id" not in info.data:
            return url  # connector_id failed its own check; that error is enough.
        connector = info.data["connector_id"]
        if url and connector:
            raise contract_error(
                "mcp_target_both",
                "Give either a server URL or a connector, not both.",
            )
        if not url and not connector:
            raise contract_error(
                "mcp_target_missing",
                "Give the MCP server's URL or choose a connector.",
            )
        if url:
            parts = urlsplit(url)
            if parts.scheme not in ("http", "https") or not parts.netloc:
                raise contract_error(
                    "mcp_url_scheme",
                    "Server URL must be a web address starting with http:// or https://.",
                )
        return url
