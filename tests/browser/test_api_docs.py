import pytest

pytestmark = pytest.mark.browser

# ReDoc's sidebar credits load its logo from its CDN; the policy rightly blocks that outside
# request, and the page does not need it.
REDOC_BRANDING = "https://cdn.redoc.ly/"


@pytest.mark.parametrize(
    ("path", "shows"),
    [("/api/docs/", "Assistant Builder API"), ("/api/redoc/", "Assistant Builder API")],
)
def test_the_api_docs_render_offline_under_the_content_security_policy(
    transactional_db, page, live_server, path, shows
):
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url}"))
    page.goto(live_server.url + path)
    page.get_by_text(shows).first.wait_for(timeout=20_000)
    blocked = [
        p
        for p in problems
        if ("Content Security Policy" in p or "failed:" in p) and REDOC_BRANDING not in p
    ]
    assert not blocked, blocked
