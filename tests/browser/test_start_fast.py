import pytest

from assistants.models import Draft
from assistants.services.drafts import draft_create, draft_update_section
from assistants.starters import starters
from directory.services import directory_import_csv
from tests.browser.sections import editor_section
from tests.conftest import sign_in

pytestmark = pytest.mark.browser


@pytest.fixture
def signed_in(transactional_db, page, live_server, admin_user):
    sign_in(page, live_server, "alice", "pw-alice")
    return page


def test_creating_an_assistant_from_a_gallery_template(signed_in, live_server):
    page = signed_in
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="New assistant").first.click()
    page.get_by_role("textbox", name="Name").fill("Maths for year 9")
    page.get_by_text("Math tutor", exact=True).click()
    page.get_by_role("button", name="Create draft").click()
    page.get_by_role("heading", name="Maths for year 9").wait_for()
    draft = Draft.objects.get()
    assert draft.config == {**starters()["math-tutor"].config, "name": "Maths for year 9"}
    instructions = editor_section(page, "instructions").get_by_label("Instructions", exact=True)
    assert "math tutor" in instructions.input_value()


def test_choosing_people_and_departments_by_name(signed_in, live_server, organization, admin_user):
    page = signed_in
    directory_import_csv(
        organization=organization,
        text=(
            "users,usr_4k2,Alice Smith\nusers,usr_9x1,Bob Jones\n"
            "departments,dept_7f3a,Finance\ndepartments,dept_2b8c,Legal\n"
        ),
    )
    draft = draft_create(organization=organization, user=admin_user, name="Picker")
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    access = editor_section(page, "access")
    people = access.get_by_label("Add people by name").first
    people.fill("Bob Jones")  # a name matching one person exactly: Enter takes it
    people.press("Enter")
    access.locator(".chip", has_text="Bob Jones").wait_for()
    departments = access.get_by_label("Add departments by name").first
    departments.fill("Fin")
    access.get_by_role("option", name="Finance").click()
    departments.fill("dept_unknown")
    departments.press("Enter")  # departments are not listed by the platform: confirmable
    access.get_by_role("button", name="Use “dept_unknown” as an id anyway").click()
    assert access.locator(".chip", has_text="Bob Jones").count() == 1
    assert access.locator(".chip-unknown", has_text="dept_unknown").is_visible()
    access.get_by_role("button", name="Save").click()
    access = page.locator("#section-access")
    access.locator(".saved").wait_for()
    config = Draft.objects.get(pk=draft.pk).config
    assert config["access_users"] == ["usr_9x1"]
    assert config["access_departments"] == ["dept_7f3a", "dept_unknown"]
    # After the save the names are still what people see.
    assert access.locator(".chip", has_text="Finance").count() == 1


def test_comparing_two_revisions(signed_in, live_server, organization, admin_user, editor_user):
    page = signed_in
    draft = draft_create(
        organization=organization, user=admin_user, name="Cmp", config={"temperature": 0.7}
    )
    draft_update_section(
        draft=draft,
        user=editor_user,
        section="generation",
        values={"temperature": 1.1, "seed": 9},
        removed=[],
        base_version=0,
    )
    page.goto(f"{live_server.url}/assistants/{draft.pk}/")
    page.get_by_role("link", name="Compare").click()
    page.get_by_label("From").select_option("1")
    page.get_by_label("To").select_option("2")
    page.get_by_role("button", name="Compare").click()
    page.get_by_text("2 differences").wait_for()
    assert page.get_by_text("Creativity (temperature) changed from 0.7 to 1.1").is_visible()
    assert page.get_by_text("Seed set to 9").is_visible()
