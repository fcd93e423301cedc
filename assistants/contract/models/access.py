"""Section "Access control": who may see, use, edit and delegate to the assistant."""

from typing import Literal

from assistants.contract.sections import Section
from assistants.contract.spec import ContractModel, Picker, spec

ACCESS_LEVEL_SUGGESTIONS = ("overwrite", "write", "admin")


class DepartmentGrant(ContractModel):
    # Shape invented: the reference describes the entries but not their keys.
    department_id: str = spec(
        label="Department",
        help="The department that gets access.",
        picker=Picker.DEPARTMENTS,
        min_length=1,
    )
    access_level: str = spec(
        label="Access level",
        help="What the department may do: overwrite, write, admin, or your own level.",
        suggestions=ACCESS_LEVEL_SUGGESTIONS,
        min_length=1,
    )


def _ids(label: str, help: str, picker: Picker, level: str = "basic") -> object:
    return spec(None, section=Section.ACCESS, label=label, help=help, picker=picker, level=level)


class AccessFields(ContractModel):
    access_mode: Literal["private", "organization", "public"] = spec(
        "private",
        section=Section.ACCESS,
        label="Who can see it",
        help="Private: only the people and groups you add. Organisation: everyone in your "
        "organisation. Public: everyone. Private if you leave it empty.",
        choice_labels={
            "private": "Private — only people you add",
            "organization": "Everyone in the organisation",
            "public": "Public — everyone",
        },
    )
    access_departments: list[str] | None = _ids(
        "Departments that can see it", "Departments whose members can view it.", Picker.DEPARTMENTS
    )
    access_users: list[str] | None = _ids(
        "People who can see it", "People who can view the assistant.", Picker.USERS
    )
    visible_to_roles: list[str] | None = _ids(
        "Roles that can see it", "Roles whose holders can view the assistant.", Picker.ROLES
    )
    visible_in_chat_to_users: list[str] | None = _ids(
        "People who see it in chat",
        "People who see the assistant in chat but cannot change it.",
        Picker.USERS,
    )
    editable_by_users: list[str] | None = _ids(
        "People who can edit it", "People who can change its settings.", Picker.USERS
    )
    editable_by_roles: list[str] | None = _ids(
        "Roles that can edit it", "Roles whose holders can change its settings.", Picker.ROLES
    )
    grant_department_access: list[DepartmentGrant] | None = spec(
        None,
        section=Section.ACCESS,
        label="Department permissions",
        help="Give whole departments a permission level. Departments left out of this list "
        "lose the permission they had.",
        kind="department_grants",
    )
    api_enabled: bool | None = spec(
        None,
        section=Section.ACCESS,
        label="Available through the API",
        help="Let other programs use the assistant through the API.",
    )
    public_enabled: bool | None = spec(
        None,
        section=Section.ACCESS,
        label="Publicly reachable",
        help="Let people outside your organisation use the assistant.",
    )
    accept_delegations_from: list[str] | None = _ids(
        "Accepts work from",
        "Assistants that may hand tasks over to this one.",
        Picker.ASSISTANTS,
        level="advanced",
    )
    delegate_to_whitelist: list[str] | None = _ids(
        "May hand work to",
        "Assistants this one may hand tasks over to.",
        Picker.ASSISTANTS,
        level="advanced",
    )
    delegate_to_blacklist: list[str] | None = _ids(
        "Never hands work to",
        "Assistants this one must never hand tasks over to.",
        Picker.ASSISTANTS,
        level="advanced",
    )
