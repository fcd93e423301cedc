"""The API keys the sandbox accepts, read from settings.SANDBOX_API_KEYS.

The setting is a comma-separated list of `key=org_id` pairs; a key listed more than once may
act for each of its organisations. OpenAI shapes carry no organisation in the body, so an
assistant created with such a key belongs to the key's first organisation.
"""

import hashlib
from dataclasses import dataclass

from django.conf import settings


@dataclass(frozen=True)
class Caller:
    key: str
    organizations: tuple[str, ...]  # in the order the setting lists them

    @property
    def home_organization(self) -> str:
        return self.organizations[0]

    @property
    def user_id(self) -> str:
        """A stable stand-in for the user behind the key (the `created_by` of an assistant)."""
        return "usr_" + hashlib.sha256(self.key.encode()).hexdigest()[:16]


def parse_api_keys(text: str) -> dict[str, tuple[str, ...]]:
    """`"k1=org_a, k1=org_b, k2=org_c"` → `{"k1": ("org_a", "org_b"), "k2": ("org_c",)}`."""
    keys: dict[str, list[str]] = {}
    for pair in text.split(","):
        key, sep, organization = (part.strip() for part in pair.partition("="))
        if not pair.strip():
            continue
        if not sep or not key or not organization:
            raise ValueError(f"SANDBOX_API_KEYS: {pair.strip()!r} is not of the form key=org_id.")
        organizations = keys.setdefault(key, [])
        if organization not in organizations:
            organizations.append(organization)
    return {key: tuple(organizations) for key, organizations in keys.items()}


def caller_for(key: str | None) -> Caller | None:
    """The caller a key identifies, or None when the key is missing or unknown."""
    if not key:
        return None
    # Read on every request (it is tiny) so tests can override the setting.
    organizations = parse_api_keys(settings.SANDBOX_API_KEYS).get(key)
    return Caller(key, organizations) if organizations else None


def visible_organizations(dialect: str, caller: Caller) -> tuple[str, ...]:
    """Aitronos keys see each of their organisations; OpenAI keys only their first."""
    return caller.organizations if dialect == "aitronos" else (caller.home_organization,)
