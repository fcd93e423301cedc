import pytest

from assistants.contract import SECTIONS
from assistants.models import Draft
from tests.html_forms import as_post_data, section_form


def editor_html(client, draft, section: str = "basics") -> str:
    """The editor page opened at `section` (the page renders only that one in full)."""
    response = client.get(f"/assistants/{draft.pk}/?section={section}")
    assert response.status_code == 200
    return response.content.decode()


def opened_form(client, draft, section: str) -> tuple[str, list[tuple[str, str]]]:
    """The action and fields of `section` as a browser would submit them."""
    return section_form(editor_html(client, draft, section), section)


@pytest.mark.parametrize("section", [s.value for s in SECTIONS])
def test_saving_a_section_unchanged_keeps_the_configuration_byte_for_byte(
    admin_client, full_draft, section
):
    before = Draft.objects.get(pk=full_draft.pk).config
    action, fields = opened_form(admin_client, full_draft, section)
    response = admin_client.post(action, as_post_data(fields))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Draft.objects.get(pk=full_draft.pk).config == before


def test_a_value_typed_into_a_section_is_stored_in_the_contract_shape(admin_client, empty_draft):
    action, fields = opened_form(admin_client, empty_draft, "generation")
    data = as_post_data(
        fields,
        **{
            "generation-temperature": "0.3",
            "generation-reasoning__effort": "high",
            "generation-stop_sequences": "END\nSTOP",
        },
    )
    admin_client.post(action, data)
    config = Draft.objects.get(pk=empty_draft.pk).config
    assert config["temperature"] == 0.3
    assert config["reasoning"] == {"effort": "high"}
    assert config["stop_sequences"] == ["END", "STOP"]
    assert "top_p" not in config, "defaults the form shows are not stored"


def test_clearing_a_field_removes_it_so_the_api_default_applies(admin_client, full_draft):
    action, fields = opened_form(admin_client, full_draft, "generation")
    admin_client.post(action, as_post_data(fields, **{"generation-top_logprobs": ""}))
    assert "top_logprobs" not in Draft.objects.get(pk=full_draft.pk).config


def test_an_invalid_value_is_refused_beside_its_field_and_everything_typed_is_kept(
    admin_client, empty_draft
):
    action, fields = opened_form(admin_client, empty_draft, "generation")
    data = as_post_data(fields, **{"generation-temperature": "3", "generation-seed": "42"})
    response = admin_client.post(action, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert 'id="id_generation-temperature_error"' in html
    assert "between 0 and 2" in html.split('id="id_generation-temperature_error"')[1][:200]
    assert 'value="42"' in html and 'value="3"' in html, "typed values must survive"
    assert 'class="has-error"' in html, "the section is marked in the navigation"
    assert "seed" not in Draft.objects.get(pk=empty_draft.pk).config, "nothing is saved"


def test_a_contract_error_inside_a_row_lands_on_that_rows_field(admin_client, empty_draft):
    action, fields = opened_form(admin_client, empty_draft, "mcp")
    prefix = "mcp-tool_configurations-mcp_tools"
    data = as_post_data(
        fields,
        **{
            f"{prefix}-TOTAL_FORMS": "1",
            f"{prefix}-0-server_label": "drive",
            f"{prefix}-0-server_url": "ftp://files.example",
            f"{prefix}-0-allowed_mode": "all",
            f"{prefix}-0-approval": "always",
            f"{prefix}-0-ORDER": "1",
        },
    )
    html = admin_client.post(action, data, HTTP_HX_REQUEST="true").content.decode()
    error = html.split(f'id="id_{prefix}-0-server_url_error"')[1][:200]
    assert "http:// or https://" in error


def test_an_mcp_token_left_blank_keeps_the_saved_one_and_is_never_shown(admin_client, empty_draft):
    action, fields = opened_form(admin_client, empty_draft, "mcp")
    prefix = "mcp-tool_configurations-mcp_tools"
    server = {
        f"{prefix}-TOTAL_FORMS": "1",
        f"{prefix}-0-server_label": "drive",
        f"{prefix}-0-server_url": "https://mcp.example/sse",
        f"{prefix}-0-allowed_mode": "all",
        f"{prefix}-0-approval": "never",
        f"{prefix}-0-ORDER": "1",
        f"{prefix}-0-authorization": "tok-SECRET-9876",
    }
    admin_client.post(action, as_post_data(fields, **server))
    html = editor_html(admin_client, Draft.objects.get(pk=empty_draft.pk), "mcp")
    assert "tok-SECRET-9876" not in html
    assert "9876" in html, "the last characters hint that a token is saved"
    action, fields = section_form(html, "mcp")
    admin_client.post(action, as_post_data(fields))
    servers = Draft.objects.get(pk=empty_draft.pk).config["tool_configurations"]["mcp_tools"]
    assert servers == [
        {
            "server_label": "drive",
            "type": "mcp",
            "require_approval": "never",
            "server_url": "https://mcp.example/sse",
            "authorization": "tok-SECRET-9876",
        }
    ]


def test_rows_can_be_reordered_and_removed(admin_client, organization, admin_user):
    from assistants.services.drafts import draft_create

    messages = [
        {"role": "system", "content": "one"},
        {"role": "user", "content": "two"},
        {"role": "assistant", "content": "three"},
    ]
    draft = draft_create(
        organization=organization, user=admin_user, name="Rows", config={"system_message": messages}
    )
    action, fields = opened_form(admin_client, draft, "instructions")
    prefix = "instructions-system_message"
    data = as_post_data(
        fields,
        **{
            f"{prefix}-0-ORDER": "3",
            f"{prefix}-1-ORDER": "1",
            f"{prefix}-2-ORDER": "2",
            f"{prefix}-2-DELETE": "on",
        },
    )
    admin_client.post(action, data)
    assert Draft.objects.get(pk=draft.pk).config["system_message"] == [messages[1], messages[0]]


def test_a_stale_save_of_the_same_section_is_refused_with_a_clear_message(
    admin_client, editor_user, empty_draft
):
    from django.test import Client

    html = editor_html(admin_client, empty_draft)
    other = Client()
    other.force_login(editor_user)
    action, fields = opened_form(other, empty_draft, "basics")
    other.post(action, as_post_data(fields, **{"basics-description": "Theirs"}))
    action, fields = section_form(html, "basics")
    response = admin_client.post(
        action, as_post_data(fields, **{"basics-description": "Mine"}), HTTP_HX_REQUEST="true"
    )
    page = response.content.decode()
    assert "eddie saved this section while you were editing it" in page
    assert "Mine" in page, "what this person typed is still on screen"
    assert Draft.objects.get(pk=empty_draft.pk).config["description"] == "Theirs"


def test_saving_different_sections_from_two_screens_does_not_conflict(admin_client, empty_draft):
    screens = {s: editor_html(admin_client, empty_draft, s) for s in ("basics", "generation")}
    for section, change in [
        ("basics", {"basics-description": "About"}),
        ("generation", {"generation-seed": "7"}),
    ]:
        action, fields = section_form(screens[section], section)
        assert admin_client.post(action, as_post_data(fields, **change)).status_code == 302
    config = Draft.objects.get(pk=empty_draft.pk).config
    assert (config["description"], config["seed"]) == ("About", 7)


def test_a_viewer_sees_the_editor_read_only_and_cannot_save(viewer_user, full_draft):
    from django.test import Client

    client = Client()
    client.force_login(viewer_user)
    html = editor_html(client, full_draft, "generation")
    assert "Read-only" in html
    assert 'type="submit" class="button button-primary">Save' not in html
    assert 'name="generation-temperature"' in html and "disabled" in html
    response = client.post(f"/assistants/{full_draft.pk}/sections/basics/", {})
    assert response.status_code == 403


def test_a_draft_of_another_organisation_is_not_found(admin_client, other_organization):
    from assistants.services.drafts import draft_create
    from tests.conftest import make_member

    stranger = make_member(other_organization, "sam")
    theirs = draft_create(organization=other_organization, user=stranger, name="Theirs")
    assert admin_client.get(f"/assistants/{theirs.pk}/").status_code == 404
    assert admin_client.post(f"/assistants/{theirs.pk}/sections/basics/", {}).status_code == 404


def test_the_page_renders_one_section_and_lists_the_others_as_shells(admin_client, full_draft):
    html = editor_html(admin_client, full_draft, "generation")
    assert 'name="generation-temperature"' in html
    assert 'name="basics-name"' not in html, "only the opened section's fields are rendered"
    for section in SECTIONS:
        assert f'id="section-{section.value}"' in html, "every section is on the page"
        if section.value != "generation":
            url = f"/assistants/{full_draft.pk}/sections/{section.value}/"
            assert f'hx-get="{url}"' in html, "htmx loads the shell's form"
            assert f'href="?section={section.value}#section-{section.value}"' in html, "no-JS"
    assert 'name="basics-name"' in editor_html(admin_client, full_draft, "no-such-section")


@pytest.mark.parametrize("section", [s.value for s in SECTIONS])
def test_a_shell_loads_the_same_form_the_page_renders(admin_client, full_draft, section):
    url = f"/assistants/{full_draft.pk}/sections/{section}/"
    partial = admin_client.get(url, {"target": "dialect:openai"}, HTTP_HX_REQUEST="true")
    assert partial.status_code == 200
    action, fields = section_form(partial.content.decode(), section)
    page_action, page_fields = opened_form(admin_client, full_draft, section)
    assert action == page_action
    assert ("target", "dialect:openai") in fields, "saves against the previewed target"
    expected = [(n, "dialect:openai" if n == "target" else v) for n, v in page_fields]
    unmasked = "csrfmiddlewaretoken"  # masked afresh on every render
    assert [f for f in fields if f[0] != unmasked] == [f for f in expected if f[0] != unmasked]
    without_js = admin_client.get(url)
    assert without_js.status_code == 302
    assert without_js.url == f"/assistants/{full_draft.pk}/?section={section}#section-{section}"


def test_a_viewer_loads_sections_read_only_and_strangers_get_nothing(
    viewer_user, full_draft, other_organization
):
    from django.test import Client

    from tests.conftest import make_member

    viewer = Client()
    viewer.force_login(viewer_user)
    url = f"/assistants/{full_draft.pk}/sections/generation/"
    html = viewer.get(url, HTTP_HX_REQUEST="true").content.decode()
    assert 'name="generation-temperature"' in html and "disabled" in html
    assert "button-primary" not in html, "no Save button for a viewer"
    stranger = Client()
    stranger.force_login(make_member(other_organization, "sam"))
    assert stranger.get(url, HTTP_HX_REQUEST="true").status_code == 404


def test_saving_without_javascript_returns_to_the_saved_section(admin_client, full_draft):
    action, fields = opened_form(admin_client, full_draft, "output")
    response = admin_client.post(action, as_post_data(fields))
    assert response.url == f"/assistants/{full_draft.pk}/?section=output#section-output"
    assert 'name="output-streaming"' in admin_client.get(response.url).content.decode()
