"""PairWorkflow on the time-skipping test server: Updates, validators, audit and read model."""

from __future__ import annotations

import asyncio
from typing import Any
from uuid import uuid4

import pytest
from sqlmodel import col, select
from temporalio.client import Client, WorkflowHandle, WorkflowUpdateFailedError
from temporalio.exceptions import ApplicationError
from temporalio.worker import Worker

from db.audit_chain import readable_texts
from db.models import AuditEvent, Meeting
from db.session import session_scope
from domain import pair_events as ev
from domain.pair import (
    MeetingKind,
    PairState,
    ReflectionKind,
    TerminationReason,
    TerminationRequest,
)
from domain.stages import Stage
from tests.factories import CURATOR, all_consents, meeting, order, plan, pupil_pair, store
from tests.waiting import eventually
from workflows.pair import PairWorkflow, PairWorkflowInput


async def start_pair(client: Client, worker: Worker, state: PairState | None = None):
    state = store(state or pupil_pair())
    return await client.start_workflow(
        PairWorkflow.run,
        PairWorkflowInput(state=state, created_by=CURATOR),
        id=f"pair-{state.pair_id}",
        task_queue=worker.task_queue,
    )


def audit_rows(workflow_id: str) -> list[AuditEvent]:
    with session_scope() as session:
        query = select(AuditEvent).where(AuditEvent.workflow_id == workflow_id).order_by(col(AuditEvent.seq))
        return list(session.exec(query))


def reason_of(row: AuditEvent) -> str:
    """The row's free text, kept apart from the row (and from the workflow's history)."""
    with session_scope() as session:
        return readable_texts(session, [row]).get(row.reason_text_id or "", row.reason)


async def drive_to_implementation(client: Client, worker: Worker) -> WorkflowHandle[Any, PairState]:
    """The curator's path up to implementation: consents, order, design, plan."""
    handle = await start_pair(client, worker)
    state = await handle.query(PairWorkflow.current)
    for fact in all_consents(state):
        await handle.execute_update(
            PairWorkflow.record_consent, ev.RecordConsent(actor=CURATOR, consent=fact)
        )
    await handle.execute_update(PairWorkflow.fix_order, ev.FixOrder(actor=CURATOR, order=order()))
    await handle.execute_update(PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.DESIGN))
    await handle.execute_update(PairWorkflow.approve_plan, ev.ApprovePlan(actor=CURATOR, plan=plan()))
    await handle.execute_update(
        PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.IMPLEMENTATION)
    )
    return handle


async def drive_full_lifecycle(client: Client, worker: Worker) -> WorkflowHandle[Any, PairState]:
    """The curator's whole path: consents, order, plan, meetings, reflections, five stages."""
    handle = await drive_to_implementation(client, worker)
    for kind in (MeetingKind.REGULAR, MeetingKind.FINAL):
        await handle.execute_update(
            PairWorkflow.record_meeting, ev.RecordMeeting(actor=CURATOR, meeting=meeting(kind))
        )
    await handle.execute_update(
        PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.REFLECTIVE)
    )
    for reflection in ReflectionKind:
        await handle.execute_update(
            PairWorkflow.record_reflection,
            ev.RecordReflection(actor=CURATOR, kind=reflection, document_id=f"doc-{uuid4()}"),
        )
    await handle.execute_update(PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.RESULT))
    await handle.execute_update(
        PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.COMPLETED)
    )
    return handle


async def test_pair_goes_through_all_five_stages_to_completed(client: Client, worker: Worker) -> None:
    handle = await drive_full_lifecycle(client, worker)
    final = await handle.query(PairWorkflow.current)
    assert final.stage is Stage.COMPLETED
    result = await handle.result()
    assert result.stage is Stage.COMPLETED

    rows = audit_rows(handle.id)
    assert [r.seq for r in rows] == list(range(1, len(rows) + 1))
    changes = [(r.from_stage, r.to_stage) for r in rows if r.action == "stage_changed"]
    assert changes == [
        ("preparatory", "design"),
        ("design", "implementation"),
        ("implementation", "reflective"),
        ("reflective", "result"),
        ("result", "completed"),
    ]
    assert all(r.actor_id == CURATOR.user_id and r.actor_role == "curator" for r in rows)
    with session_scope() as session:
        assert len(list(session.exec(select(Meeting).where(Meeting.workflow_id == handle.id)))) == 2


async def test_refused_transition_names_the_rule_and_changes_nothing(client: Client, worker: Worker) -> None:
    handle = await start_pair(client, worker)
    with pytest.raises(WorkflowUpdateFailedError) as refused:
        await handle.execute_update(
            PairWorkflow.advance, ev.AdvanceStage(actor=CURATOR, to_stage=Stage.DESIGN)
        )
    cause = refused.value.cause
    assert isinstance(cause, ApplicationError)
    assert cause.type == "GuardRefused"
    assert cause.details[0]["rule"] == "consents_complete"
    state = await handle.query(PairWorkflow.current)
    assert state.stage is Stage.PREPARATORY
    # "created" is written by an activity once the first task completed, maybe after the refusal.
    rows = await eventually(lambda: asyncio.to_thread(audit_rows, handle.id), lambda rows: len(rows) > 0)
    assert [r.action for r in rows] == ["created"]


async def test_early_termination_ends_the_workflow(client: Client, worker: Worker) -> None:
    handle = await start_pair(client, worker)
    request = TerminationRequest(reason=TerminationReason.MUTUAL_DECISION, comment="Переезд наставляемого")
    state = await handle.execute_update(
        PairWorkflow.terminate_early, ev.TerminateEarly(actor=CURATOR, request=request)
    )
    assert state.stage is Stage.TERMINATED
    assert (await handle.result()).termination == request
    last = audit_rows(handle.id)[-1]
    assert (last.from_stage, last.to_stage, reason_of(last)) == (
        "preparatory",
        "terminated",
        "Переезд наставляемого",
    )


async def test_long_history_continues_as_new_with_state(client: Client, worker: Worker) -> None:
    state = store(pupil_pair())
    handle = await client.start_workflow(
        PairWorkflow.run,
        PairWorkflowInput(state=state, created_by=CURATOR, history_limit=40),
        id=f"pair-{state.pair_id}",
        task_queue=worker.task_queue,
    )
    facts = all_consents(state)
    for _ in range(5):
        for fact in facts:
            await handle.execute_update(
                PairWorkflow.record_consent, ev.RecordConsent(actor=CURATOR, consent=fact)
            )
    described = await client.get_workflow_handle(handle.id).describe()
    assert described.run_id != handle.result_run_id
    current = await client.get_workflow_handle(handle.id).query(PairWorkflow.current)
    assert current.seq == 1 + 5 * len(facts)
    assert len(audit_rows(handle.id)) == current.seq
