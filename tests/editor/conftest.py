import pytest

from assistants.contract import config_to_document, import_config, load_example
from assistants.services.drafts import draft_create


def example_config(name: str = "aitronos_all_parameters") -> dict:
    result = import_config(load_example(name))
    assert result.ok, result.errors
    return config_to_document(result.config)


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
