"""The whole life of an assistant over real HTTP with real workers: update (through 429, 500
and a dropped connection; a worker killed mid-request is test_live_recovery.py, in `make
faults`), in order, stale changes refused, drift seen and taken, delete upstream, and adopting
assistants made elsewhere."""

import httpx
import pytest

from assistants.models import Draft, SubmissionStatus
from assistants.services.adopt import assistants_import, upstream_assistants
from assistants.services.drafts import draft_update_config
from assistants.services.live import (
    draft_take_live_values,
    drift_check_all,
    live_check,
    live_state,
)
from assistants.services.submissions import (
    StaleChange,
    SubmissionInProgress,
    submission_delete_start,
    submission_update_start,
)
from audit.models import AuditEvent
from tests.pipeline.conftest import (
    DIALECTS,
    submit,
    wait_final,
)
from tests.sandbox.support import DEMO_KEY, add_fault

pytestmark = pytest.mark.worker


def client(base: str, dialect: str) -> httpx.Client:
    headers = {"X-API-Key": DEMO_KEY}
    if dialect != "aitronos":
        headers = {"Authorization": f"Bearer {DEMO_KEY}"}
    if dialect == "openai":
        headers["OpenAI-Beta"] = "assistants=v2"
    return httpx.Client(base_url=f"{base}/{dialect}/v1", headers=headers, timeout=15)


def upstream_of(base: str, dialect: str, assistant_id: str) -> httpx.Response:
    with client(base, dialect) as http:
        return http.get(f"/assistants/{assistant_id}")


def live_draft(make_draft, make_connection, admin_user, base: str, dialect: str, **extra) -> Draft:
    """A draft created upstream through the pipeline: linked, with what it sent as live."""
    draft = make_draft(**extra)
    submission = wait_final(submit(draft, make_connection(base, dialect), admin_user))
    assert submission.status == SubmissionStatus.CREATED, submission.error_message
    draft.refresh_from_db()
    assert draft.is_live and draft.live_version == 1
    return draft


def change(draft: Draft, user, **values) -> Draft:
    config = {**draft.config, **values}
    config = {key: value for key, value in config.items() if value is not None}
    draft.refresh_from_db()
    return draft_update_config(draft=draft, user=user, config=config, version=draft.version)


@pytest.mark.parametrize("dialect", DIALECTS)
def test_an_update_makes_the_live_assistant_equal_the_draft_and_clears_what_was_cleared(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    draft = live_draft(
        make_draft, make_connection, admin_user, pipeline, dialect, description="Old words"
    )
    assert not live_state(draft).changes
    draft = change(draft, admin_user, instructions="Explain with pictures.", description=None)
    state = live_state(draft)
    assert {c.path: c.kind for c in state.changes} == {
        "description": "removed",
        "instructions": "changed",
    }

    submission = wait_final(submission_update_start(draft=draft, user=admin_user))

    assert submission.status == SubmissionStatus.UPDATED, submission.error_message
    assert submission.kind == "update" and submission.config == draft.config
    live = upstream_of(pipeline, dialect, draft.upstream_assistant_id).json()
    assert live["instructions"] == "Explain with pictures."
    assert live.get("description") is None  # cleared upstream, not left as it was
    draft.refresh_from_db()
    assert draft.live_version == 2 and draft.live_config == draft.config
    assert not live_state(draft).changes


def test_an_update_waits_out_a_429_retries_a_500_and_resends_after_a_dropped_connection(
    pipeline, make_connection, make_draft, admin_user
):
    draft = live_draft(make_draft, make_connection, admin_user, pipeline, "aitronos")
    draft = change(draft, admin_user, instructions="Third time lucky.")
    for mode in ("rate_limit", "error", "drop_after_create"):
        add_fault(pipeline, mode=mode, on=["update"], dialect="aitronos")

    submission = wait_final(submission_update_start(draft=draft, user=admin_user), timeout=45)

    assert submission.status == SubmissionStatus.UPDATED, submission.error_message
    outcomes = [(a.kind, a.outcome, a.http_status) for a in submission.attempts.all()]
    assert outcomes == [
        ("update", "rate_limited", 429),
        ("update", "retry", 500),
        ("update", "ambiguous", None),  # the change may have been applied: resending is safe
        ("update", "applied", 200),
    ]
    live = upstream_of(pipeline, "aitronos", draft.upstream_assistant_id).json()
    assert live["instructions"] == "Third time lucky."


def test_two_quick_updates_are_applied_one_after_the_other_in_order(
    pipeline, make_connection, make_draft, admin_user
):
    draft = live_draft(make_draft, make_connection, admin_user, pipeline, "aitronos")
    draft = change(draft, admin_user, instructions="First change.")
    first = submission_update_start(draft=draft, user=admin_user)
    draft = change(draft, admin_user, instructions="Second change.")
    # Never two at once: the second waits its turn rather than racing the first.
    with pytest.raises(SubmissionInProgress):
        submission_update_start(draft=draft, user=admin_user)

    first = wait_final(first)
    second = wait_final(submission_update_start(draft=draft, user=admin_user))

    assert (first.status, second.status) == (SubmissionStatus.UPDATED, SubmissionStatus.UPDATED)
    assert first.config["instructions"] == "First change."
    assert second.config["instructions"] == "Second change."
    assert (first.base_live_version, second.base_live_version) == (1, 2)
    assert first.finished_at < second.attempts.first().started_at
    live = upstream_of(pipeline, "aitronos", draft.upstream_assistant_id).json()
    assert live["instructions"] == "Second change."
    draft.refresh_from_db()
    assert draft.live_version == 3


def test_a_stale_update_is_refused_with_who_changed_it_and_when(
    pipeline, make_connection, make_draft, admin_user, editor_user
):
    draft = live_draft(make_draft, make_connection, admin_user, pipeline, "aitronos")
    seen = draft.live_version  # what this person's page showed
    draft = change(draft, editor_user, instructions="Eddie's change.")
    wait_final(submission_update_start(draft=draft, user=editor_user))
    draft = change(draft, admin_user, instructions="Alice's change, built on the old page.")

    with pytest.raises(StaleChange) as refused:
        submission_update_start(draft=draft, user=admin_user, base_live_version=seen)

    assert "eddie changed the live assistant" in refused.value.message
    assert "UTC" in refused.value.message
    live = upstream_of(pipeline, "aitronos", draft.upstream_assistant_id).json()
    assert live["instructions"] == "Eddie's change."


def test_an_update_whose_base_moved_before_a_worker_took_it_is_not_sent(
    pipeline, make_connection, make_draft, admin_user, editor_user
):
    from django.db import transaction
    from django.db.models import F

    draft = live_draft(make_draft, make_connection, admin_user, pipeline, "aitronos")
    draft = change(draft, admin_user, instructions="Never sent.")
    with transaction.atomic():  # enqueued on commit: the change below lands first
        submission = submission_update_start(draft=draft, user=admin_user)
        Draft.objects.filter(pk=draft.pk).update(
            live_version=F("live_version") + 1, live_by=editor_user
        )
    submission = wait_final(submission)

    assert submission.status == SubmissionStatus.FAILED
    assert submission.error_code == "stale"
    assert "eddie changed the live assistant" in submission.error_message
    assert not submission.attempts.exists()  # nothing went out
    live = upstream_of(pipeline, "aitronos", draft.upstream_assistant_id).json()
    assert live["instructions"] != "Never sent."


@pytest.mark.parametrize("dialect", ["aitronos", "openai"])
def test_a_change_made_elsewhere_shows_as_drift_and_can_be_taken_into_the_draft(
    pipeline, make_connection, make_draft, admin_user, dialect
):
    draft = live_draft(make_draft, make_connection, admin_user, pipeline, dialect)
    report = live_check(draft=draft)
    assert report.changes == []  # as sent

    with client(pipeline, dialect) as http:
        method = http.put if dialect == "aitronos" else http.post
        changed = method(
            f"/assistants/{draft.upstream_assistant_id}",
            json={"instructions": "Changed in the UI."},
        )
        assert changed.status_code == 200, changed.text

    assert drift_check_all() == 1  # the periodic check flags it for the list too
    draft.refresh_from_db()
    assert [item["path"] for item in draft.drift] == ["instructions"]
    report = live_check(draft=draft)
    assert [(c.label, c.after) for c in report.changes] == [
        ("Instructions", "“Changed in the UI.”")
    ]
    draft.refresh_from_db()
    assert draft.drift and draft.drift[0]["path"] == "instructions"

    draft = draft_take_live_values(
        draft=draft, user=admin_user, paths=["instructions"], version=draft.version
    )
    assert draft.config["instructions"] == "Changed in the UI."
    assert live_state(draft).changes == [] and draft.drift == []
    assert AuditEvent.objects.filter(action="draft.took_live_values").exists()


def test_delete_upstream_removes_the_assistant_and_keeps_the_draft_as_an_unlinked_record(
    pipeline, make_connection, make_draft, admin_user
):
    draft = live_draft(make_draft, make_connection, admin_user, pipeline, "aitronos")
    assistant_id = draft.upstream_assistant_id

    submission = wait_final(submission_delete_start(draft=draft, user=admin_user))

    assert submission.status == SubmissionStatus.DELETED, submission.error_message
    assert upstream_of(pipeline, "aitronos", assistant_id).status_code == 404
    draft.refresh_from_db()
    assert (draft.upstream_assistant_id, draft.live_config, draft.status) == ("", None, "draft")
    assert Draft.objects.alive().filter(pk=draft.pk).exists()
    event = AuditEvent.objects.get(action="draft.delete_upstream_submitted")
    assert event.details["assistant"] == assistant_id


@pytest.mark.parametrize("dialect", ["aitronos", "openai"])
def test_assistants_made_elsewhere_are_listed_imported_and_then_updated(
    pipeline, make_connection, admin_user, dialect
):
    connection = make_connection(pipeline, dialect)
    made = []
    with client(pipeline, dialect) as http:
        for name in ("Payroll Helper", "Onboarding Buddy", "Leave Planner"):
            body = {"name": name, "instructions": f"You are {name}."}
            if dialect == "aitronos":
                body |= {"organization_id": "org_demo", "default_model_key": "gpt-4o"}
            else:
                body["model"] = "gpt-4o"
            answer = http.post("/assistants", json=body)
            assert answer.status_code in (200, 201), answer.text
            made.append(answer.json()["id"])

    page = upstream_assistants(connection=connection)
    assert {item.id for item in page.items} >= set(made)
    assert all(item.managed_by is None for item in page.items)
    searched = upstream_assistants(connection=connection, search="planner")
    assert [item.name for item in searched.items] == ["Leave Planner"]

    outcome = assistants_import(connection=connection, user=admin_user, assistant_ids=made)
    assert outcome.skipped == []
    drafts = {draft.name: draft for draft in outcome.drafts}
    assert set(drafts) == {"Payroll Helper", "Onboarding Buddy", "Leave Planner"}
    assert all(d.is_live and d.status == "created" for d in drafts.values())
    assert all(not live_state(d).changes for d in drafts.values())
    listed = upstream_assistants(connection=connection)
    assert {item.id: bool(item.managed_by) for item in listed.items if item.id in made} == {
        assistant_id: True for assistant_id in made
    }
    again = assistants_import(connection=connection, user=admin_user, assistant_ids=made[:1])
    assert again.drafts == [] and "already managed" in again.skipped[0]

    for draft in drafts.values():
        draft = change(draft, admin_user, instructions=f"{draft.name}, now updated.")
        submission = wait_final(submission_update_start(draft=draft, user=admin_user))
        assert submission.status == SubmissionStatus.UPDATED, submission.error_message
        live = upstream_of(pipeline, dialect, draft.upstream_assistant_id).json()
        assert live["instructions"] == f"{draft.name}, now updated."


def test_an_update_the_upstream_refuses_points_at_the_field_in_the_form(
    pipeline, make_connection, make_draft, admin_user
):
    draft = live_draft(make_draft, make_connection, admin_user, pipeline, "aitronos")
    with client(pipeline, "aitronos") as http:  # made elsewhere, not managed here
        http.post(
            "/assistants",
            json={"name": "Taken Name", "organization_id": "org_demo"},
        ).raise_for_status()
    draft = change(draft, admin_user, name="Taken Name")

    submission = wait_final(submission_update_start(draft=draft, user=admin_user))

    assert submission.status == SubmissionStatus.FAILED
    assert [(e["path"], e["section"]) for e in submission.field_errors] == [("name", "basics")]
    live = upstream_of(pipeline, "aitronos", draft.upstream_assistant_id).json()
    assert live["name"] == "Maths Tutor"  # nothing changed upstream
    draft.refresh_from_db()
    assert draft.live_version == 1 and draft.status == "created"
