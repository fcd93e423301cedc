"""A draft as the exact request body, and as cURL or Python snippets with the key as an
environment variable (never the secret itself)."""

import json
import pprint
import re
from dataclasses import dataclass

from django.utils.text import slugify

from assistants.contract import redact_secrets
from assistants.dialects import build_request
from assistants.models import Draft, Organization
from assistants.services.preview import resolve_target

KEY_VARIABLE = "ASSISTANT_API_KEY"
DEFAULT_BASE_URLS = {
    "aitronos": "https://api.aitronos.com",
    # OpenAI retired its hosted Assistants API on 2026-08-26: a compatible server's address
    # goes here, and there is no sensible default for it.
    "openai": "https://your-assistants-server.example",
    "openai_v1": "http://localhost:8000",
}


@dataclass
class Export:
    target: str
    targets: list[tuple[str, str]]
    dialect: str
    url: str
    body: dict
    headers: dict[str, str]
    curl: str
    python: str
    filename: str


def _headers_with_variable(headers: dict[str, str], api_key: str) -> dict[str, str]:
    return {k: v.replace(api_key, "$" + KEY_VARIABLE) for k, v in headers.items()}


def _curl(url: str, headers: dict[str, str], body: dict) -> str:
    lines = [f"curl {url} \\"]
    lines += [f'  -H "{k}: {v}" \\' for k, v in headers.items()]
    payload = json.dumps(body, indent=2, ensure_ascii=False).replace("'", "'\\''")
    lines.append(f"  -d '{payload}'")
    return "\n".join(lines)


def _python(url: str, headers: dict[str, str], body: dict) -> str:
    rendered = {k: v for k, v in headers.items() if k != "Content-Type"}
    header_lines = ",\n".join(
        f'        "{k}": '
        + (re.sub(r"\$" + KEY_VARIABLE, "{api_key}", f'f"{v}"') if KEY_VARIABLE in v else f'"{v}"')
        for k, v in rendered.items()
    )
    return (
        "import os\n\nimport httpx\n\n"
        f'api_key = os.environ["{KEY_VARIABLE}"]\n'
        "response = httpx.post(\n"
        f'    "{url}",\n'
        f"    headers={{\n{header_lines},\n    }},\n"
        f"    json={pprint.pformat(body, indent=4, sort_dicts=False)},\n"
        '    timeout=30,\n)\nresponse.raise_for_status()\nprint(response.json()["id"])\n'
    )


def export_for(organization: Organization, draft: Draft, target: str) -> Export:
    chosen = resolve_target(organization, target)
    dialect = chosen.dialect
    base_url = chosen.base_url or DEFAULT_BASE_URLS.get(dialect, "")
    # A stand-in key that cannot collide with anything in a body, swapped for the variable.
    stand_in = "KEY-PLACEHOLDER-7c1e"
    request = build_request(
        dialect, draft.config, organization_id=organization.upstream_id, api_key=stand_in
    )
    # MCP tokens and header values stay masked: an export is shared more widely than a key.
    body = redact_secrets(request.body)
    headers = _headers_with_variable(request.headers, stand_in)
    url = f"{base_url}{request.path}"
    return Export(
        target=chosen.key,
        targets=chosen.choices,
        dialect=dialect,
        url=url,
        body=body,
        headers=headers,
        curl=_curl(url, headers, body),
        python=_python(url, headers, body),
        filename=f"{slugify(draft.name) or 'assistant'}-{dialect}.json",
    )
