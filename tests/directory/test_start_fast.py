import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from assistants.contract import load_example, validate_config
from assistants.importing import import_body
from assistants.models import Draft
from assistants.services.drafts import draft_create, draft_update_section
from assistants.starters import starters
from directory.models import AssistantTemplate, DirectoryEntry
from directory.services import directory_import_csv


@pytest.mark.parametrize("key", list(starters()))
def test_every_gallery_starter_is_a_valid_configuration(key):
    assert validate_config({**starters()[key].config, "name": "x"}).ok


def test_a_draft_started_from_a_gallery_template_carries_its_configuration(admin_client):
    response = admin_client.post("/assistants/new/", {"name": "My tutor", "start": "math-tutor"})
    draft = Draft.objects.get()
    assert response.url == f"/assistants/{draft.pk}/"
    expected = {**starters()["math-tutor"].config, "name": "My tutor"}
    assert draft.config == expected


def test_an_admin_saves_a_draft_as_an_organisation_template(
    admin_client, organization, admin_user, editor_user
):
    from django.test import Client

    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="Base",
        config={"instructions": "Be brief."},
    )
    admin_client.post(
        f"/assistants/{draft.pk}/save-template/",
        {"name": "House style", "description": "Short answers"},
    )
    template = AssistantTemplate.objects.get()
    assert template.config == {"instructions": "Be brief."}
    page = admin_client.get("/assistants/new/").content.decode()
    assert "House style" in page and "Your organisation" in page
    editor = Client()
    editor.force_login(editor_user)
    assert editor.post(f"/assistants/{draft.pk}/save-template/", {"name": "X"}).status_code == 403
    editor.post("/assistants/new/", {"name": "From house", "start": f"org-{template.pk}"})
    assert Draft.objects.get(name="From house").config["instructions"] == "Be brief."


def test_importing_the_all_parameters_example_keeps_every_field(admin_client):
    body = load_example("aitronos_all_parameters")
    response = admin_client.post("/assistants/import/", {"body": json.dumps(body)})
    draft = Draft.objects.get()
    assert response.url == f"/assistants/{draft.pk}/"
    assert draft.config == import_body(body).config
    assert {k for k in body if k != "organization_id"} == set(draft.config)


def test_an_uploaded_openai_body_is_imported(admin_client):
    upload = SimpleUploadedFile("hr.json", json.dumps(load_example("openai_hr_helper")).encode())
    admin_client.post("/assistants/import/", {"file": upload})
    assert Draft.objects.get().config["vector_store_ids"] == ["vs_123"]


def test_an_import_lists_every_problem_keeps_the_text_and_creates_nothing(admin_client):
    text = json.dumps({"name": "Bad", "temperature": 5, "reasoning": {"effort": "huge"}})
    page = admin_client.post("/assistants/import/", {"body": text}).content.decode()
    assert "2 problems to fix first" in page
    assert "temperature" in page and "reasoning.effort" in page
    assert "&quot;temperature&quot;: 5" in page, "the pasted text is kept"
    assert not Draft.objects.exists()
    broken = admin_client.post("/assistants/import/", {"body": '{"name": "x",'}).content.decode()
    assert "isn&#x27;t valid JSON (line 1" in broken


def test_export_snippets_use_an_environment_variable_and_mask_mcp_tokens(
    admin_client, organization, admin_user
):
    config = {
        "tool_configurations": {
            "mcp_tools": [
                {
                    "server_label": "s",
                    "type": "mcp",
                    "server_url": "https://mcp.example",
                    "authorization": "tok-ABCDEFGH-1234",
                }
            ]
        }
    }
    draft = draft_create(organization=organization, user=admin_user, name="E", config=config)
    page = admin_client.get(f"/assistants/{draft.pk}/export/?target=dialect:aitronos")
    html = page.content.decode()
    assert "X-API-Key: $ASSISTANT_API_KEY" in html
    assert "api_key = os.environ[&quot;ASSISTANT_API_KEY&quot;]" in html
    assert "tok-ABCDEFGH-1234" not in html and "1234" in html
    download = admin_client.get(
        f"/assistants/{draft.pk}/export/?target=dialect:aitronos&download=1"
    )
    body = json.loads(download.content)
    assert body["organization_id"] == "org_acme" and body["name"] == "E"
    assert download["Content-Disposition"] == 'attachment; filename="e-aitronos.json"'


def test_the_python_snippet_is_valid_python():
    import ast

    from assistants.services.export import _python

    code = _python(
        "https://x/v1/assistants",
        {"X-API-Key": "$ASSISTANT_API_KEY"},
        {"name": "n", "streaming": True, "top_p": None},
    )
    ast.parse(code)
    assert "True" in code and "None" in code


def test_a_csv_upload_is_all_or_nothing(organization):
    good = "kind,id,name\ndepartments,dept_1,Finance\nusers,usr_1,Alice Smith\n"
    assert directory_import_csv(organization=organization, text=good).created == 2
    bad = "departments,dept_2,Sales\nplanets,p_1,Mars\nusers,,Nobody\n"
    result = directory_import_csv(organization=organization, text=bad)
    assert len(result.errors) == 2
    assert DirectoryEntry.objects.count() == 2, "nothing of a bad file is imported"


def test_pickers_show_names_and_flag_unknown_ids(admin_client, organization, admin_user):
    directory_import_csv(
        organization=organization, text="users,usr_1,Alice Smith\ndepartments,dept_1,Finance\n"
    )
    draft = draft_create(
        organization=organization,
        user=admin_user,
        name="P",
        config={"access_users": ["usr_1", "usr_404"]},
    )
    html = admin_client.get(f"/assistants/{draft.pk}/?section=access").content.decode()
    # The page carries the chosen names only; suggestions come from the server as one types.
    assert "<datalist" not in html and "Finance" not in html
    assert 'data-id="usr_1" title="usr_1">Alice Smith' in html
    assert '<code>usr_404</code> <span class="small">(unknown)</span>' in html
    assert "“usr_404” is not a known person: pick from the list." in html


def test_compare_describes_each_difference_in_plain_words(
    admin_client, organization, admin_user, editor_user
):
    draft = draft_create(
        organization=organization, user=admin_user, name="C", config={"temperature": 0.7, "seed": 1}
    )
    draft_update_section(
        draft=draft,
        user=editor_user,
        section="generation",
        values={"temperature": 0.2},
        removed=["seed"],
        base_version=0,
    )
    page = admin_client.get(f"/assistants/{draft.pk}/compare/?before=1&after=2")
    html = page.content.decode()
    assert "2 differences" in html
    assert "Creativity (temperature) changed from 0.7 to 0.2" in html
    assert "Seed cleared (was 1)" in html


def test_the_directory_is_maintained_by_admins_only(admin_client, viewer_user, organization):
    from django.test import Client

    admin_client.post(
        "/directory/",
        {
            "entry-kind": "departments",
            "entry-name": "Finance",
            "entry-ident": "dept_7f3a",
            "entry-detail": "",
        },
    )
    assert DirectoryEntry.objects.get().name == "Finance"
    viewer = Client()
    viewer.force_login(viewer_user)
    assert "Finance" in viewer.get("/directory/").content.decode()
    viewer.post("/directory/", {"entry-kind": "users", "entry-name": "X", "entry-ident": "u"})
    assert DirectoryEntry.objects.count() == 1
