"""The sandbox's list endpoints, read with the official SDKs as the clients: every answer
must parse into the SDK's own types, page as the SDK pages, and be the same every time."""

import httpx
import openai
import pytest
from aitronos import Aitronos
from aitronos.core.api_error import ApiError
from aitronos.types import (
    AvailableConnectorsResponse,
    AvatarListResponse,
    ConnectorToolsResponse,
    IconListResponse,
    MemberListResponse,
    ModelsListResponse,
    RoleResponse,
    RuleListPaginatedResponse,
    StreamlineAutomationListResponse,
    SuccessResponseListVectorStoreResponse,
)

from tests.sandbox.support import DEMO_KEY

pytestmark = pytest.mark.django_db


@pytest.fixture
def sdk(sandbox):
    httpx.delete(f"{sandbox}/_directory").raise_for_status()
    client = Aitronos(base_url=f"{sandbox}/aitronos", api_key=DEMO_KEY, timeout=15)
    yield client
    httpx.delete(f"{sandbox}/_directory")


def test_members_page_with_skip_and_take_and_parse_as_the_sdks_member_list(sdk):
    first = sdk.crew_management_members.with_raw_response.list_members("org_demo", skip=0, take=100)
    page = first.data
    assert isinstance(page, MemberListResponse)
    assert page.total_users_count == 320
    assert (page.skip, page.take, len(page.users)) == (0, 100, 100)
    seen = {user.user_id for user in page.users}
    skip = 100
    while skip < page.total_users_count:
        more = sdk.crew_management_members.list_members("org_demo", skip=skip, take=100)
        seen |= {user.user_id for user in more.users}
        skip += 100
    assert len(seen) == 320  # every person once, ids distinct
    again = sdk.crew_management_members.list_members("org_demo", skip=0, take=3)
    assert [u.user_id for u in again.users] == [u.user_id for u in page.users[:3]]
    assert page.users[0].email == "admin@demo.example"
    assert page.users[1].full_name and page.users[1].role.name


def test_members_search_and_take_bound(sdk, sandbox):
    found = sdk.crew_management_members.list_members("org_demo", search_term="jane", take=100)
    assert found.users and all("jane" in u.full_name.lower() for u in found.users)
    with pytest.raises(ApiError) as refused:
        sdk.crew_management_members.list_members("org_demo", take=500)
    assert refused.value.status_code == 400


def test_another_organisations_people_are_forbidden(sdk):
    with pytest.raises(ApiError) as refused:
        sdk.crew_management_members.list_members("org_other")
    assert refused.value.status_code == 403


def test_people_who_left_are_no_longer_listed(sdk, sandbox):
    before = sdk.crew_management_members.list_members("org_demo", take=5).users
    httpx.post(f"{sandbox}/_directory", json={"organization_id": "org_demo", "left": [2]})
    after = sdk.crew_management_members.list_members("org_demo", take=5)
    assert after.total_users_count == 319
    assert before[2].user_id not in {u.user_id for u in after.users}


def test_roles_models_and_knowledge_parse_as_the_sdks_types(sdk):
    roles = sdk.organizations.list_roles("org_demo")
    assert len(roles) == 12 and all(isinstance(role, RoleResponse) for role in roles)
    assert {"HR Manager", "Sales Lead"} <= {role.name for role in roles}

    models = sdk.models.list_models(include_capabilities=True)
    assert isinstance(models, ModelsListResponse) and models.total_count == len(models.models)
    reasoning = {m.key for m in models.models if "reasoning" in (m.capabilities or [])}
    assert "gpt-5" in reasoning and "gpt-4o" not in reasoning

    stores = sdk.vector_stores.list_vector_stores("org_demo", skip=0, take=4)
    assert isinstance(stores, SuccessResponseListVectorStoreResponse)
    rest = sdk.vector_stores.list_vector_stores("org_demo", skip=4, take=4)
    names = [s.name for s in stores.data + rest.data]
    assert len(stores.data) == 4 and "HR Policies" in names and len(set(names)) == 6


def test_rules_icons_avatars_automations_and_connectors_parse(sdk):
    rules = sdk.rules.list_rules("org_demo", skip=0, limit=5)
    assert isinstance(rules, RuleListPaginatedResponse)
    assert (len(rules.rules), rules.total) == (5, 8)
    icons = sdk.icons.list_icons("org_demo", limit=4, offset=8)
    assert isinstance(icons, IconListResponse) and (len(icons.icons), icons.total) == (4, 12)
    avatars = sdk.avatars.list_avatars()
    assert isinstance(avatars, AvatarListResponse) and len(avatars.avatars) == 6
    flows = sdk.streamline.list_automations(organization_id="org_demo")
    assert isinstance(flows, StreamlineAutomationListResponse) and len(flows.automations) == 5
    connectors = sdk.personal_connectors.list_available_connectors(organization_id="org_demo")
    assert isinstance(connectors, AvailableConnectorsResponse)
    assert connectors.returned == len(connectors.connectors) == connectors.total == 5
    tools = sdk.personal_connectors.list_connector_tools(connectors.connectors[0].id)
    assert isinstance(tools, ConnectorToolsResponse) and tools.tools


def test_every_icon_and_avatar_has_a_picture_at_its_url(sdk):
    """The SDK's `IconResponse.url` and `AvatarResponse.image_url` lead to real pictures
    (SVG icons, PNG avatars), served without a key as a CDN would; each is distinct."""
    icons = sdk.icons.list_icons("org_demo", limit=50, offset=0).icons
    avatars = sdk.avatars.list_avatars().avatars
    assert len(icons) == 12 and len(avatars) == 6
    seen = set()
    for url, kind in [(i.url, "image/svg+xml") for i in icons] + [
        (a.image_url, "image/png") for a in avatars
    ]:
        assert url and url.startswith("http")
        answer = httpx.get(url)  # no key: pictures are public
        assert answer.status_code == 200 and answer.headers["content-type"] == kind
        seen.add(answer.content)
        assert answer.content.startswith(b"<svg" if kind == "image/svg+xml" else b"\x89PNG")
    assert len(seen) == 18
    assert httpx.get(icons[0].url.replace("icon_", "icon_x")).status_code == 404


def test_a_wrong_key_is_refused(sandbox):
    client = Aitronos(base_url=f"{sandbox}/aitronos", api_key="sk-wrong", timeout=15)
    with pytest.raises(ApiError) as refused:
        client.organizations.list_roles("org_demo")
    assert refused.value.status_code == 401


def test_openai_models_and_vector_stores_through_the_openai_sdk(sandbox):
    client = openai.OpenAI(base_url=f"{sandbox}/openai/v1", api_key=DEMO_KEY, max_retries=0)
    models = list(client.models.list())
    assert {"gpt-4o", "o3"} <= {m.id for m in models}
    stores = list(client.vector_stores.list(limit=4))  # the SDK follows `after` by itself
    assert len(stores) == 6 and len({s.id for s in stores}) == 6
    v1 = openai.OpenAI(base_url=f"{sandbox}/openai_v1/v1", api_key=DEMO_KEY, max_retries=0)
    assert len(list(v1.models.list())) == len(models)
    with pytest.raises(openai.NotFoundError):
        list(v1.vector_stores.list())


def test_list_faults_land_where_asked(sandbox, sdk):
    httpx.post(
        f"{sandbox}/_directory/faults",
        json=[{"mode": "error", "after": 1, "path_contains": "/users"}],
    ).raise_for_status()
    sdk.crew_management_members.list_members("org_demo", take=10)  # let through
    with pytest.raises(ApiError) as failed:
        sdk.crew_management_members.list_members(
            "org_demo", skip=10, take=10, request_options={"max_retries": 0}
        )
    assert failed.value.status_code == 500
    assert sdk.crew_management_members.list_members("org_demo", skip=10, take=10).users
