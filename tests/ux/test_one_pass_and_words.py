"""Every problem in one save (editor, import, API), and the catalogue's words, not API paths,
in history, audit entries and pre-check errors."""

import pytest

from assistants.contract.labels import path_label
from assistants.importing import import_body
from assistants.models import Draft
from assistants.services.drafts import draft_create, draft_update_section
from audit.models import AuditEvent
from tests.api.conftest import token_client
from tests.html_forms import as_post_data, section_form


@pytest.fixture
def draft(organization, admin_user):
    return draft_create(organization=organization, user=admin_user, name="HR Helper")


def opened(client, draft, section):
    html = client.get(f"/assistants/{draft.pk}/?section={section}").content.decode()
    return section_form(html, section)


def test_a_section_save_reports_form_and_contract_errors_together(admin_client, draft):
    action, fields = opened(admin_client, draft, "generation")
    data = as_post_data(
        fields,
        **{
            "generation-seed": "1.5",
            "generation-temperature": "2.5",
            "generation-top_p": "3",
            "generation-frequency_penalty": "9",
        },
    )
    response = admin_client.post(action, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Seed must be a whole number." in html
    assert "Creativity (temperature) must be between 0 and 2." in html
    assert "Word choice range (top P) must be between 0 and 1." in html
    assert "Avoid repeating words must be between -2 and 2." in html
    assert Draft.objects.get(pk=draft.pk).config == {"name": "HR Helper"}


def test_an_import_reports_unknown_keys_and_bad_values_together():
    result = import_body({"name": "HR", "model": "gpt-4o", "temperature": 5, "colour": "blue"})
    assert {e.path for e in result.errors} == {"colour", "temperature"}


def test_the_api_reports_request_and_contract_errors_together(admin_user, draft):
    api = token_client(admin_user)
    response = api.patch(
        f"/api/v1/drafts/{draft.pk}/",
        {"version": "not a number", "config": {"name": "HR Helper", "temperature": 9}},
        format="json",
    )
    assert response.status_code == 400
    paths = {field["path"] for field in response.json()["error"]["fields"]}
    assert paths == {"version", "temperature"}


@pytest.mark.parametrize(
    ("path", "label"),
    [
        ("default_model_key", "Model"),
        ("text_config.json_schema.name", "Answer format → Schema → Schema name"),
        ("tool_configurations.mcp_tools[0].server_url", "MCP servers 1 → Server URL"),
        ("access_departments", "Departments that can see it"),
    ],
)
def test_paths_read_as_the_catalogues_labels(path, label):
    assert path_label(path) == label


def test_audit_and_history_say_what_changed_in_words_with_old_and_new_values(
    admin_client, admin_user, draft
):
    draft_update_section(
        draft=draft,
        user=admin_user,
        section="generation",
        values={"temperature": 0.2},
        removed=[],
        base_version=0,
    )
    event = AuditEvent.objects.filter(action="draft.changed").get()
    assert event.detail_lines == ["Creativity (temperature) set to 0.2"]

    page = admin_client.get(f"/assistants/{draft.pk}/").content.decode()
    assert "Creativity (temperature) set to 0.2" in page
    assert "Changed: temperature" not in page

    audit = admin_client.get("/organization/audit/").content.decode()
    assert "Creativity (temperature) set to 0.2" in audit
    for raw in (">draft.changed<", "fields:", "&#x27;temperature&#x27;"):
        assert raw not in audit


def test_a_pre_check_error_names_the_field_not_its_api_path(admin_client, draft, organization):
    from assistants.services.connections import connection_create

    connection_create(
        organization=organization,
        name="Default",
        dialect="aitronos",
        base_url="http://127.0.0.1:9",
        api_key="sk-test-1",
        is_default=True,
    )
    connection = connection_create(
        organization=organization,
        name="OpenAI",
        dialect="openai",
        base_url="http://127.0.0.1:9",
        api_key="sk-test-1234",
    )
    response = admin_client.post(
        f"/assistants/{draft.pk}/submit/", {"connection": connection.pk}, HTTP_HX_REQUEST="true"
    )
    html = response.content.decode()
    assert ">Model</a>" in html
    assert "default_model_key" not in html
    # The chosen target is kept for the next try.
    assert f'<option value="{connection.pk}" selected>' in html
