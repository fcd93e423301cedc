import pytest

from assistants.contract import example_document
from assistants.services.drafts import draft_create


def example_config(name: str = "aitronos_all_parameters") -> dict:
    return example_document(name)


@pytest.fixture
def full_draft(organization, admin_user):
    return draft_create(
        organization=organization,
        user=admin_user,
        name="Advanced Research Assistant",
        config=example_config(),
    )


@pytest.fixture
def empty_draft(organization, admin_user):
    return draft_create(organization=organization, user=admin_user, name="Blank")
