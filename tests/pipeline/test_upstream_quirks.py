"""Real servers' quirks, played by the sandbox's standing and queued faults (docs/sandbox.md):
milliseconds, a clock behind ours, fields silently dropped, slow creates, namesakes made by
another client around our own create. Real HTTP, real workers; counted with the SDKs.

`make test` keeps one case of each quirk and `make faults` runs the rest (each is a submission
through the shared worker that waits out a read timeout or a settle window):
- the upstream clock 90 s behind: OpenAI Assistants v2 stays in `make test`, because only a
  newest-first list stops paging at entries older than the create (the skew allowance is what
  keeps ours in reach); the Aitronos case is in `make faults`;
- a namesake made `after` our dropped create stays (it is newer than ours, the trap for
  "adopt the newest"); `before` is in `make faults`, and a namesake made before and one made
  during our create stay in `make test` in test_faults_over_http.py;
- the slow create (stored after the client gave up) is in `make faults`: our side takes the
  same path (ambiguous, then looked up until it appears) as the `delay` case that stays in
  `make test` in test_faults_over_http.py;
- milliseconds and silently dropped fields have one case each, in `make test`.
"""

from datetime import timedelta

import pytest
from django.utils import timezone

from assistants.dialects.marker import MARKER_KEY
from assistants.models import SubmissionStatus
from tests.pipeline.conftest import all_but_one_in_make_faults, posts, submit, wait_final
from tests.pipeline.test_faults_over_http import assert_adopted_its_own, openai_assistants
from tests.sandbox.support import add_fault

pytestmark = pytest.mark.worker


def aitronos_assistants(base: str, name: str) -> list:
    """Every assistant of this name the sandbox's Aitronos organisation holds, read with the
    official Aitronos SDK."""
    from aitronos import Aitronos

    from tests.sandbox.support import DEMO_KEY

    client = Aitronos(api_key=DEMO_KEY, base_url=f"{base}/aitronos")
    listed = client.assistants.list_assistants(
        organization_id="org_demo", limit=100, search=name, fields="full"
    )
    return [a for a in listed.assistants if a.name == name]


def test_milliseconds_are_read_as_such_and_the_right_assistant_adopted(
    pipeline, make_connection, make_draft, admin_user
):
    add_fault(pipeline, mode="ms_timestamps", dialect="openai")
    add_fault(pipeline, mode="drop_after_create", dialect="openai")

    submission = wait_final(
        submit(make_draft(), make_connection(pipeline, "openai"), admin_user), timeout=40
    )

    assert_adopted_its_own(pipeline, submission)
    assert len(posts(pipeline, "openai")) == 1
    created = submission.draft.__class__.objects.get(pk=submission.draft_id).upstream_created_at
    assert abs(created - timezone.now()) < timedelta(minutes=5), "seconds, not year 55000"


@pytest.mark.parametrize("dialect", all_but_one_in_make_faults("openai", ["aitronos", "openai"]))
def test_an_upstream_clock_90_seconds_behind_changes_nothing(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    add_fault(pipeline, mode="clock_offset", seconds=-90, dialect=dialect)
    add_fault(pipeline, mode="drop_after_create", dialect=dialect)

    submission = wait_final(
        submit(make_draft(), make_connection(pipeline, dialect), admin_user), timeout=40
    )

    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    assert len(posts(pipeline, dialect)) == 1, "no second create, no 'name taken'"
    if dialect == "openai":
        assert_adopted_its_own(pipeline, submission)
    else:
        [own] = aitronos_assistants(pipeline, "Maths Tutor")
        assert own.id == submission.upstream_assistant_id
        assert (own.metadata or {}).get(MARKER_KEY) == str(submission.idempotency_key)


@pytest.mark.faults
def test_a_slow_create_fault_is_adopted_not_sent_again(
    pipeline, make_connection, make_draft, admin_user
):
    add_fault(pipeline, mode="slow_create", seconds=5, dialect="openai")

    submission = wait_final(
        submit(make_draft(), make_connection(pipeline, "openai"), admin_user), timeout=40
    )

    assert_adopted_its_own(pipeline, submission)
    assert len(openai_assistants(pipeline, "Maths Tutor")) == 1


@pytest.mark.parametrize("when", all_but_one_in_make_faults("after", ["before", "after"]))
def test_a_namesake_made_by_another_client_around_ours_is_not_adopted(
    pipeline, make_connection, make_draft, admin_user, when
):
    add_fault(pipeline, mode="namesake", when=when, dialect="openai", name="Maths Tutor")
    add_fault(pipeline, mode="drop_after_create", dialect="openai")

    submission = wait_final(
        submit(make_draft(), make_connection(pipeline, "openai"), admin_user), timeout=40
    )

    assert_adopted_its_own(pipeline, submission)
    assert len(openai_assistants(pipeline, "Maths Tutor")) == 2


def test_fields_the_upstream_silently_dropped_are_listed_on_the_timeline_and_in_the_api(
    pipeline, make_connection, make_draft, admin_user, admin_client
):
    add_fault(pipeline, mode="drop_fields", fields=["reasoning_effort"], dialect="openai")
    draft = make_draft(reasoning={"effort": "high"})

    submission = wait_final(submit(draft, make_connection(pipeline, "openai"), admin_user))

    assert submission.status == SubmissionStatus.CREATED
    assert [(i["key"], i["path"]) for i in submission.not_kept] == [
        ("reasoning_effort", "reasoning.effort")
    ]
    timeline = admin_client.get(f"/submissions/{submission.pk}/timeline/").content.decode()
    assert "did not keep 1 of the settings sent" in timeline
    assert submission.not_kept[0]["label"] in timeline
    api = admin_client.get(f"/api/v1/submissions/{submission.pk}/").json()
    assert api["not_kept"] == submission.not_kept
