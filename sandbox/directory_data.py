"""The demo organisation's directory as the sandbox lists it: people, roles, models, knowledge
stores, rules, icons, avatars, automations and connectors.

Deterministic (the same organisation id always gives the same people with the same ids) and
computed per index, so listing 10,000 people costs no more memory than listing ten. The
shapes are the official Aitronos SDK's answer models (`aitronos-sdk` 5.0.0,
`aitronos/types/*.py`); `tests/sandbox/test_directory_*.py` parse them with the SDK.

What a test or a bench needs to change (how many people, who left) is kept in the server
process's memory behind a lock, like the fault queue: `POST /_directory` sets it.
"""

import hashlib
import threading
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from django.conf import settings

EPOCH = datetime(2025, 1, 6, 9, 0, tzinfo=UTC)

FIRST_NAMES = [
    "Jane",
    "Tom",
    "Amira",
    "Lukas",
    "Sofia",
    "Mateo",
    "Chloe",
    "Noah",
    "Yuki",
    "Liam",
    "Priya",
    "Jonas",
    "Elena",
    "Omar",
    "Hannah",
    "Leon",
    "Fatima",
    "Felix",
    "Mia",
    "Arjun",
    "Clara",
    "David",
    "Zoe",
    "Samuel",
    "Ines",
    "Ravi",
    "Laura",
    "Ben",
    "Aisha",
    "Max",
    "Nora",
    "Ethan",
    "Lea",
    "Hugo",
    "Maya",
    "Paul",
    "Sara",
    "Elias",
    "Julia",
    "Kenji",
]
LAST_NAMES = [
    "Smith",
    "Baker",
    "Müller",
    "Rossi",
    "Novak",
    "Garcia",
    "Dubois",
    "Nakamura",
    "Okafor",
    "Schmidt",
    "Patel",
    "Jensen",
    "Costa",
    "Fischer",
    "Kowalski",
    "Silva",
    "Weber",
    "Martin",
    "Haddad",
    "Keller",
    "Moreau",
    "Ivanova",
    "Brown",
    "Lopez",
    "Meier",
    "Andersen",
    "Tanaka",
    "Huber",
    "Nguyen",
    "Wagner",
    "Ferrari",
    "Kaya",
    "Berg",
    "Schneider",
    "Khan",
    "Lambert",
    "Horvat",
    "Young",
]

# A dozen roles: the platform's base roles, then the organisation's own.
ROLES = (
    ("Owner", True, "Full control of the organisation."),
    ("Admin", True, "Manages members, billing and settings."),
    ("Member", True, "Uses assistants and shared knowledge."),
    ("Guest", True, "Sees only what is shared with them."),
    ("HR Manager", False, "Manages people data and HR assistants."),
    ("HR Partner", False, "Supports a department with people questions."),
    ("Sales Lead", False, "Runs the sales team's assistants."),
    ("Support Agent", False, "Answers customer tickets."),
    ("Finance Controller", False, "Approves budgets and expenses."),
    ("Legal Counsel", False, "Reviews contracts and policies."),
    ("IT Administrator", False, "Looks after devices and accounts."),
    ("Marketing Editor", False, "Writes and approves campaigns."),
)
STATUSES = (("Active", True), ("Invited", False), ("Away", True))

# key, name, provider, capabilities
MODELS = (
    ("ftg-3.0", "FTG 3.0", "aitronos", ["chat", "tools", "vision", "reasoning", "streaming"]),
    ("ftg-3.0-speed", "FTG 3.0 Speed", "aitronos", ["chat", "tools", "streaming"]),
    ("gpt-5", "GPT-5", "openai", ["chat", "tools", "vision", "reasoning", "streaming"]),
    ("gpt-5-mini", "GPT-5 mini", "openai", ["chat", "tools", "vision", "reasoning", "streaming"]),
    ("gpt-4.1", "GPT-4.1", "openai", ["chat", "tools", "vision", "streaming"]),
    ("gpt-4o", "GPT-4o", "openai", ["chat", "tools", "vision", "streaming"]),
    ("gpt-4o-mini", "GPT-4o mini", "openai", ["chat", "tools", "vision", "streaming"]),
    ("o3", "o3", "openai", ["chat", "tools", "reasoning"]),
    ("claude-sonnet-4", "Claude Sonnet 4", "anthropic", ["chat", "tools", "vision", "reasoning"]),
    ("claude-haiku-4", "Claude Haiku 4", "anthropic", ["chat", "tools", "vision"]),
    ("mistral-large", "Mistral Large", "mistral", ["chat", "tools"]),
)

VECTOR_STORES = (
    ("HR Policies", "Handbook, leave and benefits policies.", 42),
    ("Employee Handbook", "Onboarding guide and company values.", 12),
    ("Sales Playbook", "Pitch decks, pricing and objection handling.", 57),
    ("Support Knowledge Base", "Answers to customer questions.", 318),
    ("Finance Procedures", "Expenses, invoices and budget rules.", 23),
    ("Legal Templates", "Contracts and NDAs.", 31),
)

RULES = (
    ("Formal tone", "tone", "Address people formally and avoid slang."),
    ("No legal advice", "compliance", "Never give legal advice; refer to Legal."),
    ("Cite sources", "quality", "Name the document an answer comes from."),
    ("Protect personal data", "compliance", "Never repeat salaries or health data."),
    ("Answer in the user's language", "language", "Reply in the language of the question."),
    ("Escalate to HR", "workflow", "Suggest contacting HR for personal matters."),
    ("Short answers", "tone", "Keep answers under 150 words unless asked."),
    ("Brand voice", "tone", "Use the Aitronos brand voice."),
)

ICONS = (
    ("Briefcase", "business"),
    ("People", "hr"),
    ("Handshake", "sales"),
    ("Headset", "support"),
    ("Calculator", "finance"),
    ("Scales", "legal"),
    ("Lightbulb", "ideas"),
    ("Rocket", "general"),
    ("Shield", "security"),
    ("Calendar", "planning"),
    ("Chart", "analytics"),
    ("Book", "knowledge"),
)

AVATARS = (
    ("Ada", "Friendly and precise."),
    ("Max", "Calm and patient."),
    ("Nia", "Cheerful helper."),
    ("Otto", "Serious analyst."),
    ("Lumi", "Playful and curious."),
    ("Kai", "Straight to the point."),
)

AUTOMATIONS = (
    ("Create leave request", "Files a leave request in the HR system."),
    ("Onboard new hire", "Creates accounts and sends the welcome pack."),
    ("Log sales call", "Adds a call summary to the CRM."),
    ("Open support ticket", "Creates a ticket for the support team."),
    ("Weekly expense report", "Collects receipts into a report."),
)

CONNECTORS = (
    ("slack", "Slack", "communication", ("send_message", "list_channels")),
    ("github", "GitHub", "development", ("search_issues", "create_issue")),
    ("google-drive", "Google Drive", "files", ("search_files", "read_file")),
    ("jira", "Jira", "project management", ("create_ticket", "search_tickets")),
    ("salesforce", "Salesforce", "crm", ("find_account", "log_activity")),
)


def stable_id(prefix: str, *parts: object, length: int = 20) -> str:
    digest = hashlib.sha256(":".join(str(part) for part in parts).encode()).hexdigest()
    return f"{prefix}_{digest[:length]}"


def moment(index: int) -> str:
    return (EPOCH + timedelta(hours=index)).isoformat().replace("+00:00", "Z")


# --- What a test may change ------------------------------------------------------------------


@dataclass
class OrganisationState:
    people: int
    left: set[int] = field(default_factory=set)  # indexes of people no longer listed
    vector_stores_left: set[int] = field(default_factory=set)


class DirectoryState:
    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._orgs: dict[str, OrganisationState] = {}

    def of(self, organization_id: str) -> OrganisationState:
        with self._lock:
            state = self._orgs.get(organization_id)
            if state is None:
                people = settings.SANDBOX_DIRECTORY_PEOPLE
                return OrganisationState(people)
            return OrganisationState(state.people, set(state.left), set(state.vector_stores_left))

    def update(
        self,
        organization_id: str,
        *,
        people: int | None = None,
        left: list[int] | None = None,
        vector_stores_left: list[int] | None = None,
    ) -> OrganisationState:
        with self._lock:
            state = self._orgs.setdefault(
                organization_id, OrganisationState(settings.SANDBOX_DIRECTORY_PEOPLE)
            )
            if people is not None:
                state.people = people
            if left is not None:
                state.left = set(left)
            if vector_stores_left is not None:
                state.vector_stores_left = set(vector_stores_left)
            return OrganisationState(state.people, set(state.left), set(state.vector_stores_left))

    def clear(self) -> None:
        with self._lock:
            self._orgs.clear()


STATE = DirectoryState()


# --- People ----------------------------------------------------------------------------------


def person_name(index: int) -> tuple[str, str]:
    first = FIRST_NAMES[index % len(FIRST_NAMES)]
    last = LAST_NAMES[(index // len(FIRST_NAMES) + index * 7) % len(LAST_NAMES)]
    return first, last


def person_user_id(organization_id: str, index: int) -> str:
    return stable_id("usr", organization_id, "person", index)


def role_id(organization_id: str, index: int) -> str:
    return stable_id("role", organization_id, ROLES[index][0], length=12)


def member(organization_id: str, index: int) -> dict[str, Any]:
    """A `MemberResponse`."""
    first, last = person_name(index)
    # Index 0 is the demo admin's platform account: the dashboard proposes linking by email.
    email = "admin@demo.example" if index == 0 else f"{first}.{last}.{index}@demo.example"
    role = 1 if index == 0 else 2 + (index % (len(ROLES) - 2))
    status_name, selectable = STATUSES[0 if index % 17 else 2]
    return {
        "id": stable_id("orgusr", organization_id, index),
        "user_id": person_user_id(organization_id, index),
        "organization_id": organization_id,
        "full_name": f"{first} {last}",
        "email": email.lower(),
        "username": f"{first}.{last}{index}".lower(),
        "profile_image": None,
        "role": {"id": role_id(organization_id, role), "name": ROLES[role][0]},
        "status": {
            "id": stable_id("status", status_name, length=8),
            "name": status_name,
            "selectable_in_ui": selectable,
        },
        "joined_at": moment(index),
        "created_at": moment(index),
        "last_modified_at": moment(index),
    }


def members_page(
    organization_id: str, *, skip: int, take: int, search: str = ""
) -> tuple[list[dict[str, Any]], int]:
    """One page of the organisation's listed people and how many are listed in all.

    Without a search the page is computed from indexes (constant memory at any size); a
    search walks the people, as a real server's ILIKE would.
    """
    state = STATE.of(organization_id)
    listed = (i for i in range(state.people) if i not in state.left)
    if search:
        needle = search.lower()
        matches = [
            i
            for i in listed
            if needle in " ".join(person_name(i)).lower() or needle in member_email(i)
        ]
        return [member(organization_id, i) for i in matches[skip : skip + take]], len(matches)
    total = state.people - len([i for i in state.left if i < state.people])
    page: list[dict[str, Any]] = []
    for index in listed:
        if skip:
            skip -= 1
            continue
        if len(page) == take:
            break
        page.append(member(organization_id, index))
    return page, total


def member_email(index: int) -> str:
    return member("", index)["email"]


# --- Everything else -------------------------------------------------------------------------


def roles(organization_id: str) -> list[dict[str, Any]]:
    """`List[RoleResponse]`."""
    return [
        {
            "id": role_id(organization_id, index),
            "name": name,
            "description": description,
            "permissions": {"assistants": ["read"] if index > 1 else ["read", "write"]},
            "is_base_role": base,
            "is_custom": not base,
            "organization_id": None if base else organization_id,
        }
        for index, (name, base, description) in enumerate(ROLES)
    ]


def models() -> list[dict[str, Any]]:
    """`ModelResponse` items."""
    return [
        {
            "id": stable_id("mdl", key, length=16),
            "key": key,
            "name": name,
            "description": f"{name} by {provider}.",
            "provider": provider,
            "is_visible_in_ui": True,
            "is_deprecated": False,
            "availability_status": "general_availability",
            "capabilities": capabilities,
            "context_window": 200_000 if "reasoning" in capabilities else 128_000,
        }
        for key, name, provider, capabilities in MODELS
    ]


def vector_stores(organization_id: str) -> list[dict[str, Any]]:
    """`VectorStoreResponse` items still listed."""
    gone = STATE.of(organization_id).vector_stores_left
    return [
        {
            "id": stable_id("vs", organization_id, name, length=16),
            "name": name,
            "description": description,
            "organization_id": organization_id,
            "created_by": person_user_id(organization_id, 0),
            "created_at": moment(index),
            "updated_at": moment(index + 1),
            "is_active": True,
            "access_mode": "organization",
            "access_departments": [],
            "access_users": [],
            "file_count": files,
            "data_size": files * 48_000,
            "flowplate_project_id": None,
            "flow_id": None,
        }
        for index, (name, description, files) in enumerate(VECTOR_STORES)
        if index not in gone
    ]


def rules(organization_id: str) -> list[dict[str, Any]]:
    """`RuleListResponse` items."""
    return [
        {
            "id": stable_id("rule", organization_id, name, length=16),
            "name": name,
            "description": content,
            "content_preview": content[:200],
            "content_length": len(content),
            "category": category,
            "rule_type": "behavior",
            "scope": "organization",
            "apply_mode": "always",
            "organization_id": organization_id,
            "created_by": person_user_id(organization_id, 0),
            "is_public": False,
            "is_active": True,
            "version": 1,
            "usage_count": index,
            "can_edit": True,
            "created_at": moment(index),
            "updated_at": moment(index),
        }
        for index, (name, category, content) in enumerate(RULES)
    ]


def icons(organization_id: str, media_url: str) -> list[dict[str, Any]]:
    """`IconResponse` items; `url` is the picture's absolute address under `media_url` (where
    the sandbox serves sandbox.pictures, as a platform's CDN would)."""
    return [
        {
            "id": stable_id("icon", name, length=16),
            "name": name,
            "description": f"{name} icon",
            "tags": [category],
            "category": category,
            "file_format": "svg",
            "is_system": True,
            "url": f"{media_url}/icons/{stable_id('icon', name, length=16)}.svg",
            "created_at": moment(index),
            "updated_at": moment(index),
        }
        for index, (name, category) in enumerate(ICONS)
    ]


def avatars(media_url: str) -> list[dict[str, Any]]:
    """`AvatarResponse` items, each with a PNG at `image_url`."""
    return [
        {
            "id": stable_id("avatar", name, length=16),
            "name": name,
            "description": description,
            "image_url": f"{media_url}/avatars/{stable_id('avatar', name, length=16)}.png",
            "is_active": True,
        }
        for name, description in AVATARS
    ]


def automations(organization_id: str) -> list[dict[str, Any]]:
    """`StreamlineAutomationResponse` items."""
    return [
        {
            "id": stable_id("sla", organization_id, name, length=16),
            "organization_id": organization_id,
            "created_by_user_id": person_user_id(organization_id, 0),
            "name": name,
            "description": description,
            "automation_id": stable_id("auto", organization_id, name, length=16),
            "upload_method": "git",
            "git_repository_url": None,
            "git_branch": "main",
            "git_last_commit_sha": None,
            "git_last_sync_at": None,
            "execution_file_path": "main.py",
            "execution_return_mode": "stream",
            "parameters": {},
            "schedule_enabled": False,
            "schedule_cron": None,
            "schedule_timezone": "UTC",
            "schedule_next_run_at": None,
            "is_active": True,
            "last_executed_at": None,
            "execution_count": index * 3,
            "created_at": moment(index),
            "updated_at": moment(index),
        }
        for index, (name, description) in enumerate(AUTOMATIONS)
    ]


def connectors() -> list[dict[str, Any]]:
    """`ConnectorInfo` items."""
    return [
        {
            "id": stable_id("conn", key, length=16),
            "tool_key": key,
            "display_name": name,
            "description": f"Use {name} from an assistant.",
            "category": category,
            "icon_url": None,
            "app_url": None,
            "is_connected": False,
            "connection_id": None,
            "release_channel": "stable",
        }
        for key, name, category, _tools in CONNECTORS
    ]


def connector_tools(connector_id: str) -> list[dict[str, Any]] | None:
    """`ToolInfo` items of a connector, or None for an unknown connector."""
    for key, name, _category, tools in CONNECTORS:
        if stable_id("conn", key, length=16) == connector_id:
            return [
                {
                    "name": tool,
                    "description": f"{tool.replace('_', ' ')} in {name}",
                    "enabled": True,
                }
                for tool in tools
            ]
    return None
