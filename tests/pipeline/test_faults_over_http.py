"""Exactly once against real-world faults, over real HTTP, with real worker processes.

Each test counts what the sandbox holds through the official SDKs' list calls (the openai
SDK for OpenAI shapes) and checks the adopted assistant is the one carrying the
submission's own marker: one assistant per submission, and the right one adopted.
"""

import pytest
from openai import OpenAI

from assistants.dialects.marker import MARKER_KEY
from assistants.models import Organization, Submission, SubmissionAttempt, SubmissionStatus
from assistants.services.connections import connection_create
from assistants.services.drafts import draft_create
from tests.pipeline.conftest import (
    config_for,
    posts,
    submit,
    wait_final,
)
from tests.processes import wait_until
from tests.sandbox.support import DEMO_KEY, add_fault

pytestmark = pytest.mark.worker

FAKETIME = "/usr/bin/faketime"


def openai_assistants(base: str, name: str) -> list:
    """Every assistant of this name the sandbox's OpenAI-shape account holds, read with the
    openai SDK (its own cursor paging)."""
    client = OpenAI(api_key=DEMO_KEY, base_url=f"{base}/openai/v1", max_retries=0)
    return [a for a in client.beta.assistants.list(limit=100) if a.name == name]


def marker_of(assistant) -> str | None:
    return (assistant.metadata or {}).get(MARKER_KEY)


def assert_adopted_its_own(base: str, submission: Submission, name: str = "Maths Tutor") -> None:
    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    mine = [
        a for a in openai_assistants(base, name) if marker_of(a) == str(submission.idempotency_key)
    ]
    assert len(mine) == 1, f"one assistant carries this submission's marker, not {len(mine)}"
    assert submission.upstream_assistant_id == mine[0].id, "the adopted one is its own"


def test_a_create_that_finishes_after_the_client_stopped_waiting_is_adopted_not_sent_again(
    pipeline, make_connection, make_draft, admin_user
):
    # The sandbox creates the assistant 5 s after the request (the read timeout is 3 s):
    # the look-ups keep coming back within the settle window until it appears.
    add_fault(pipeline, mode="delay", seconds=5, dialect="openai")
    submission = wait_final(
        submit(make_draft(), make_connection(pipeline, "openai"), admin_user), timeout=40
    )

    assert_adopted_its_own(pipeline, submission)
    assert len(openai_assistants(pipeline, "Maths Tutor")) == 1
    assert len(posts(pipeline, "openai")) == 1, "nothing was sent again"
    outcomes = [(a.kind, a.outcome) for a in submission.attempts.all()]
    assert outcomes[0] == ("create", "ambiguous") and outcomes[-1] == ("lookup", "found")
    assert ("lookup", "not_yet") in outcomes


def test_namesakes_made_by_another_client_before_and_during_are_never_adopted(
    pipeline, make_connection, make_draft, admin_user
):
    other = OpenAI(api_key=DEMO_KEY, base_url=f"{pipeline}/openai/v1", max_retries=0)
    before = other.beta.assistants.create(model="gpt-4o", name="Maths Tutor")
    # Our create is answered with a dropped connection (created, but we never hear of it),
    # after a delay during which another client makes a second namesake.
    add_fault(pipeline, mode="delay", seconds=2, dialect="openai")
    submission = submit(make_draft(), make_connection(pipeline, "openai"), admin_user)
    wait_until(SubmissionAttempt.objects.filter(submission=submission).exists, 20, "the create")
    during = other.beta.assistants.create(model="gpt-4o", name="Maths Tutor")
    submission = wait_final(submission, timeout=40)

    assert_adopted_its_own(pipeline, submission)
    assert submission.upstream_assistant_id not in (before.id, during.id)
    assert len(openai_assistants(pipeline, "Maths Tutor")) == 3, "the two others and ours"


def test_two_dashboard_organisations_sharing_one_upstream_account_each_adopt_their_own(
    pipeline, make_connection, make_draft, admin_user
):
    second = Organization.objects.create(name="Second", slug="second", upstream_id="org_demo")
    theirs = draft_create(
        organization=second, user=admin_user, name="Maths Tutor", config=config_for("Maths Tutor")
    )
    their_connection = connection_create(
        organization=second,
        name="Shared account",
        dialect="openai",
        base_url=f"{pipeline}/openai",
        api_key=DEMO_KEY,
        is_default=False,
    )
    # Both creates land upstream but neither answer arrives.
    add_fault(pipeline, mode="drop_after_create", dialect="openai", count=2)
    ours = submit(make_draft(), make_connection(pipeline, "openai"), admin_user)
    other = submit(theirs, their_connection, admin_user)
    ours, other = wait_final(ours, timeout=40), wait_final(other, timeout=40)

    assert_adopted_its_own(pipeline, ours)
    assert_adopted_its_own(pipeline, other)
    assert ours.upstream_assistant_id != other.upstream_assistant_id
    assert len(openai_assistants(pipeline, "Maths Tutor")) == 2
