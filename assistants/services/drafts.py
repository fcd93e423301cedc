"""Draft verbs: create, save a section, replace the configuration, clone, delete, restore.

Every save is validated by the contract, refused when stale, and recorded as a revision.
"""

import copy
from datetime import timedelta

from django.contrib.auth.models import AbstractBaseUser
from django.db import IntegrityError, transaction
from django.utils import timezone

from assistants.contract import SECTIONS, FieldError, validate_config
from assistants.contract.paths import remove_path, set_path
from assistants.contract.secrets import keep_masked_secrets, unbind_moved_secrets
from assistants.models import Draft, DraftRevision, Organization
from assistants.outbound import outbound_url_problem
from assistants.services.compare import change_sentences
from audit.services import audit_record

# Saves by the same person within this window fold into one revision.
REVISION_FOLD_WINDOW = timedelta(minutes=5)


class DraftInvalid(Exception):
    """The configuration breaks the contract; `errors` say what to fix, field by field."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.path}: {e.message}" for e in errors))
        self.errors = errors


class StaleEdit(Exception):
    """Someone else saved the same part of the draft since this person loaded it."""

    def __init__(self, draft: Draft) -> None:
        who = draft.updated_by.get_username() if draft.updated_by else "someone"
        super().__init__(
            f"{who} saved this section while you were editing it. Your changes were not saved: "
            "copy anything you want to keep, then reload to see their version."
        )
        self.draft = draft


def name_error(name: str) -> FieldError:
    return FieldError(
        path="name",
        message=f"Another assistant in this organisation is already called “{name}”. "
        "Choose a different name.",
        code="duplicate",
        section="basics",
        field="name",
    )


def name_is_taken(organization: Organization, name: str, *, exclude_id: int | None = None) -> bool:
    drafts = Draft.objects.alive().filter(organization=organization, name__iexact=name.strip())
    return drafts.exclude(id=exclude_id).exists() if exclude_id else drafts.exists()


def _validated(config: dict) -> dict:
    _check_storable(config)
    result = validate_config(config)
    if not result.ok:
        raise DraftInvalid(result.errors)
    _check_outbound(config)
    return config


def _nul_paths(value, path: str = "") -> list[str]:
    """Paths of strings (or keys) holding a NUL character, which PostgreSQL cannot store."""
    if isinstance(value, str):
        return [path] if "\x00" in value else []
    if isinstance(value, dict):
        return [
            p
            for key, item in value.items()
            for p in ([f"{path}.{key}".lstrip(".")] if "\x00" in str(key) else [])
            + _nul_paths(item, f"{path}.{key}".lstrip("."))
        ]
    if isinstance(value, list):
        return [p for i, item in enumerate(value) for p in _nul_paths(item, f"{path}[{i}]")]
    return []


def _check_storable(config: dict) -> None:
    errors = [
        FieldError(
            path=path,
            message="This contains an invisible NUL character, which cannot "
            "be stored. Remove it and try again.",
            code="null_characters_not_allowed",
            section=None,
            field=path.split(".")[0].split("[")[0],
        )
        for path in _nul_paths(config)
    ]
    if errors:
        raise DraftInvalid(errors)


def outbound_errors(config: dict) -> list[FieldError]:
    """The MCP servers of `config` this installation may not call (assistants/outbound.py):
    a draft saved before a rule tightened, or whose host now resolves inside the network."""
    servers = (config.get("tool_configurations") or {}).get("mcp_tools") or []
    servers = [server if isinstance(server, dict) else {} for server in servers]
    return [
        FieldError(
            path=f"tool_configurations.mcp_tools[{i}].server_url",
            message=problem,
            code="outbound_url",
            section="mcp",
            field="tool_configurations",
        )
        for i, server in enumerate(servers)
        if server.get("server_url") and (problem := outbound_url_problem(server["server_url"]))
    ]


def _check_outbound(config: dict) -> None:
    """MCP servers must be somewhere this installation may call (assistants/outbound.py)."""
    errors = outbound_errors(config)
    if errors:
        raise DraftInvalid(errors)


def _settle_secrets(config: dict, saved: dict) -> tuple[dict, list[str]]:
    """`config` (a copy) with its secrets bound to where they are sent: masked values kept
    only for the same server at the same place (never stored as a secret), and saved secrets
    that moved to another URL or connector dropped. Returns the notices to show."""
    notices: list[str] = []
    config = keep_masked_secrets(copy.deepcopy(config), saved, notices)
    return config, notices + unbind_moved_secrets(config, saved)


def _save_name_safely(draft: Draft) -> None:
    """Save, turning the race on the unique-name constraint into a field error."""
    try:
        with transaction.atomic():
            draft.save()
    except IntegrityError as error:
        if "draft_name_unique_in_organization" in str(error):
            raise DraftInvalid([name_error(draft.name)]) from error
        raise


def revision_record(
    *, draft: Draft, user: AbstractBaseUser, changed: list[str], fold: bool = True
) -> DraftRevision:
    """Record the draft's state; `fold=False` always starts a new revision (a restore, or
    values taken from the live assistant, must stay visible as a step of their own)."""
    latest = draft.revisions.order_by("-number").first()
    now = timezone.now()
    recent = latest and now - latest.updated_at < REVISION_FOLD_WINDOW
    if fold and recent and latest.author_id == user.pk:
        latest.config = draft.config
        latest.name = draft.name
        latest.changed_fields = sorted(set(latest.changed_fields) | set(changed))
        latest.save(update_fields=["config", "name", "changed_fields", "updated_at"])
        return latest
    return DraftRevision.objects.create(
        draft=draft,
        number=(latest.number + 1) if latest else 1,
        name=draft.name,
        config=draft.config,
        changed_fields=sorted(changed),
        author=user,
    )


@transaction.atomic
def draft_create(
    *, organization: Organization, user: AbstractBaseUser, name: str, config: dict | None = None
) -> Draft:
    config, _notices = _settle_secrets({**(config or {}), "name": name.strip()}, {})
    _validated(config)
    if name_is_taken(organization, config["name"]):
        raise DraftInvalid([name_error(config["name"])])
    draft = Draft(
        organization=organization,
        name=config["name"],
        config=config,
        created_by=user,
        updated_by=user,
    )
    _save_name_safely(draft)
    revision_record(draft=draft, user=user, changed=sorted(config))
    audit_record(organization=organization, actor=user, action="draft.created", target=draft)
    return draft


def _changed_keys(before: dict, after: dict) -> list[str]:
    return sorted(k for k in set(before) | set(after) if before.get(k) != after.get(k))


def config_with_changes(config: dict, values: dict, removed: list[str]) -> dict:
    """A copy of `config` with dotted `values` set and dotted `removed` paths cleared."""
    changed = copy.deepcopy(config)
    for path in removed:
        remove_path(changed, path)
    for path, value in values.items():
        set_path(changed, path, value)
    return changed


def _lock(draft: Draft) -> Draft:
    """The draft's row, locked until the transaction ends: saves of it take turns."""
    return (
        Draft.objects.select_for_update(of=("self",))
        .select_related("updated_by", "organization")
        .get(pk=draft.pk)
    )


def _check_rename(locked: Draft, name: str) -> None:
    if name.lower() != locked.name.lower() and name_is_taken(
        locked.organization, name, exclude_id=locked.pk
    ):
        raise DraftInvalid([name_error(name)])


def _store_change(
    locked: Draft,
    *,
    user: AbstractBaseUser,
    config: dict,
    name: str,
    sections: list[str],
    fold: bool = True,
    action: str = "draft.changed",
    details: dict | None = None,
) -> Draft:
    """Save `config` as the locked draft's next version, marking `sections` as changed at it,
    and record the revision and the audit event when anything changed."""
    changed = _changed_keys(locked.config, config)
    before = locked.config
    locked.config, locked.name, locked.updated_by = config, name, user
    locked.version += 1  # the row is locked: nobody else can bump it meanwhile
    locked.section_versions = {
        **locked.section_versions,
        **{section: locked.version for section in sections},
    }
    _save_name_safely(locked)
    if changed:
        revision_record(draft=locked, user=user, changed=changed, fold=fold)
        audit_record(
            organization=locked.organization,
            actor=user,
            action=action,
            target=locked,
            # "changes" in words with old → new values (secrets masked); "fields" for scripts.
            details={
                "fields": changed,
                "changes": change_sentences(before, config),
                **(details or {}),
            },
        )
    return locked


def _section_errors(changed: dict, *, section: str, touched: set[str]) -> list[FieldError]:
    """The contract's complaints about one section's change (`changed` is the whole new
    configuration; errors elsewhere in the document don't block a section that is valid)."""
    _check_storable(changed)
    result = validate_config(changed)
    return [
        e
        for e in result.errors
        if e.section == section or any(e.path.startswith(path) for path in touched)
    ]


def _section_change(draft_config: dict, values: dict, removed: list[str]) -> tuple[dict, list[str]]:
    return _settle_secrets(config_with_changes(draft_config, values, removed), draft_config)


def draft_check_section(
    *, draft: Draft, section: str, values: dict, removed: list[str]
) -> list[FieldError]:
    """What the contract says about a section change, without saving it: the editor asks
    when some fields could not even be read, so every problem is reported in one go."""
    try:
        changed, _notices = _section_change(draft.config, values, removed)
        return _section_errors(changed, section=section, touched=set(values) | set(removed))
    except DraftInvalid as invalid:
        return invalid.errors


@transaction.atomic
def draft_update_section(
    *,
    draft: Draft,
    user: AbstractBaseUser,
    section: str,
    values: dict,
    removed: list[str],
    base_version: int,
) -> Draft:
    """Save one section: `values` are the (dotted) paths it sets, `removed` those it clears.

    Refused with StaleEdit when the section changed since `base_version`, and with
    DraftInvalid when the section's own fields break the contract (errors elsewhere in the
    document don't block a section that is itself valid).
    """
    locked = _lock(draft)
    if locked.section_version(section) != base_version:
        raise StaleEdit(locked)
    config, notices = _section_change(locked.config, values, removed)
    own_errors = _section_errors(config, section=section, touched=set(values) | set(removed))
    if own_errors:
        raise DraftInvalid(own_errors)
    if section == "mcp":
        _check_outbound(config)
    name = config.get("name", locked.name).strip()
    _check_rename(locked, name)
    saved = _store_change(locked, user=user, config=config, name=name, sections=[section])
    saved.secret_notices = notices
    return saved


@transaction.atomic
def draft_update_config(
    *,
    draft: Draft,
    user: AbstractBaseUser,
    config: dict,
    version: int,
    fold: bool = True,
    action: str = "draft.changed",
    details: dict | None = None,
) -> Draft:
    """Replace the whole configuration (API, import); refused unless `version` is current.

    `fold`, `action` and `details` let a restore or a take-over be its own audited revision.
    """
    locked = _lock(draft)
    if locked.version != version:
        raise StaleEdit(locked)
    config = {**config, "name": (config.get("name") or locked.name).strip()}
    config, notices = _settle_secrets(config, locked.config)
    _validated(config)
    _check_rename(locked, config["name"])
    # Every section changed under anyone editing it, also those never saved (version 0).
    every = [section.value for section in SECTIONS]
    saved = _store_change(
        locked,
        user=user,
        config=config,
        name=config["name"],
        sections=every,
        fold=fold,
        action=action,
        details=details,
    )
    saved.secret_notices = notices
    return saved


def copy_name(organization: Organization, name: str) -> str:
    """'Tutor' → 'Tutor (copy)', then 'Tutor (copy 2)', … whichever is free."""
    candidate, n = f"{name} (copy)", 1
    while name_is_taken(organization, candidate):
        n += 1
        candidate = f"{name} (copy {n})"
    return candidate


def draft_clone(*, draft: Draft, user: AbstractBaseUser, name: str | None = None) -> Draft:
    return draft_create(
        organization=draft.organization,
        user=user,
        name=name or copy_name(draft.organization, draft.name),
        config=draft.config,
    )


def draft_delete(*, draft: Draft, user: AbstractBaseUser) -> Draft:
    """Soft delete: the draft disappears from lists and gives its name back; admins restore."""
    draft.deleted_at, draft.deleted_by, draft.updated_by = timezone.now(), user, user
    draft.save(update_fields=["deleted_at", "deleted_by", "updated_by", "updated_at"])
    audit_record(organization=draft.organization, actor=user, action="draft.deleted", target=draft)
    return draft


def draft_restore(*, draft: Draft, user: AbstractBaseUser) -> Draft:
    if name_is_taken(draft.organization, draft.name):
        draft.name = copy_name(draft.organization, draft.name)
        draft.config = {**draft.config, "name": draft.name}
    draft.deleted_at, draft.deleted_by, draft.updated_by = None, None, user
    _save_name_safely(draft)
    audit_record(organization=draft.organization, actor=user, action="draft.restored", target=draft)
    return draft
