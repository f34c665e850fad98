"""A school's monitoring keeps its rounds' questionnaire ladders (issue 10, `ladder-in-monitoring-v1`): no
workflow per questionnaire, a morning's steps of the school in one batch, a submission settles the item
there, and the year's workflow ends once every questionnaire is settled."""

from __future__ import annotations

import asyncio
import os
from datetime import timedelta
from pathlib import Path

import pytest
from sqlmodel import col, select
from temporalio.client import WorkflowExecutionStatus, WorkflowHandle
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import SettleItems, item_workflow_id, settle_items_with
from db.models import AuditEvent, Escalation, OverdueItemRow
from db.session import session_scope
from domain.escalation import EscalationPolicy
from domain.local_time import spread_morning
from domain.monitoring import academic_year_of
from domain.pair import MemberRole, PairMember
from tests.factories import CURATOR, new_id, pupil_pair, store
from tests.waiting import eventually
from tests.workflows.held import has_own_workflow
from workflows.monitoring import MonitoringWorkflow, monitoring_workflow_id
from workflows.payloads import MonitoringInput

HISTORIES = Path(__file__).parent.parent / "histories"


def school_with_pairs(pairs: int) -> str:
    organisation = new_id("school")
    for _ in range(pairs):
        members = [
            PairMember(participant_id=new_id("mentor"), role=MemberRole.MENTOR, minor=True),
            PairMember(participant_id=new_id("mentee"), role=MemberRole.MENTEE, minor=True),
        ]
        store(pupil_pair(organisation_id=organisation, members=members))
    return organisation


def rows_of(organisation: str) -> list[OverdueItemRow]:
    with session_scope() as session:
        query = select(OverdueItemRow).where(
            OverdueItemRow.organisation_id == organisation, OverdueItemRow.kind == "questionnaire"
        )
        return list(session.exec(query).all())


def owner_steps(item_ids: list[str]) -> list[Escalation]:
    with session_scope() as session:
        query = select(Escalation).where(col(Escalation.item_id).in_(item_ids), Escalation.level == "owner")
        return list(session.exec(query).all())


async def start_monitoring(env: WorkflowEnvironment, worker: Worker, organisation: str) -> WorkflowHandle:
    year = academic_year_of((await env.get_current_time()).date())
    return await env.client.start_workflow(
        MonitoringWorkflow.run,
        MonitoringInput(organisation_id=organisation, district="district-1", academic_year=year),
        id=monitoring_workflow_id(organisation, year),
        task_queue=worker.task_queue,
    )


async def through_the_next_round(env: WorkflowEnvironment, handle: WorkflowHandle) -> None:
    """To a week past the deadline of the next round still ahead: its owners' reminders fired."""
    today = (await env.get_current_time()).date()
    schedule = await handle.query(MonitoringWorkflow.schedule)
    next_round = next(r for r in schedule if r.due_on >= today)
    await env.sleep(next_round.due_on + timedelta(days=7) - today)


def levels_of(item_id: str) -> list[str]:
    with session_scope() as session:
        return sorted(session.exec(select(Escalation.level).where(col(Escalation.item_id) == item_id)).all())


async def until_climbed(env: WorkflowEnvironment, item_id: str) -> list[str]:
    """Month by month until every step fired (a May round's last step waits for September)."""
    every_level = sorted(["owner", "curator", "head", "coordinator"])
    for _ in range(6):
        if await asyncio.to_thread(levels_of, item_id) == every_level:
            break
        await env.sleep(timedelta(days=30))
    return await asyncio.to_thread(levels_of, item_id)


async def test_a_schools_round_questionnaires_climb_in_its_monitoring_workflow_one_batch_a_morning(
    own_clock: WorkflowEnvironment, own_clock_worker: Worker
) -> None:
    organisation = school_with_pairs(3)
    handle = await start_monitoring(own_clock, own_clock_worker, organisation)
    await through_the_next_round(own_clock, handle)
    rows = await eventually(lambda: asyncio.to_thread(rows_of, organisation), lambda rows: len(rows) == 7)
    assert {row.held_by for row in rows} == {handle.id}  # six members and the curator
    assert not await has_own_workflow(own_clock.client, rows[0].item_id)
    ids = [row.item_id for row in rows]
    steps = await eventually(lambda: asyncio.to_thread(owner_steps, ids), lambda steps: len(steps) == 7)
    # One moment for the school: its own second of that morning, the same for all seven.
    [moment] = {step.at.replace(tzinfo=None) for step in steps}
    policy = EscalationPolicy()
    step_on = policy.ladder.steps(rows[0].due_on, policy.calendar)[0][1]
    expected = spread_morning(step_on, policy.time_zone, organisation).replace(tzinfo=None)
    assert abs(moment - expected) < timedelta(seconds=2)
    assert await until_climbed(own_clock, ids[0]) == sorted(["owner", "curator", "head", "coordinator"])
    await handle.terminate("test over")


async def test_a_submitted_questionnaire_is_settled_by_its_schools_monitoring(
    own_clock: WorkflowEnvironment, own_clock_worker: Worker
) -> None:
    organisation = school_with_pairs(1)
    handle = await start_monitoring(own_clock, own_clock_worker, organisation)
    await through_the_next_round(own_clock, handle)
    rows = await eventually(lambda: asyncio.to_thread(rows_of, organisation), lambda rows: len(rows) == 3)
    first, *others = [row.item_id for row in rows]
    await settle_items_with(
        own_clock.client, SettleItems(item_ids=[first], actor=CURATOR, reason="submitted")
    )

    def settled(item_id: str) -> bool:
        with session_scope() as session:
            row = session.get(OverdueItemRow, item_id)
            return row is not None and row.settled_at is not None

    assert await eventually(lambda: asyncio.to_thread(settled, first), bool)
    with session_scope() as session:
        audit = session.exec(
            select(AuditEvent.action)
            .where(AuditEvent.workflow_id == item_workflow_id(first))
            .order_by(col(AuditEvent.seq))  # PostgreSQL returns rows in no set order otherwise
        ).all()
    assert audit[-1] == "settled" and audit.count("settled") == 1
    assert (await handle.describe()).status is WorkflowExecutionStatus.RUNNING  # the others are owed

    await settle_items_with(own_clock.client, SettleItems(item_ids=others, actor=CURATOR, reason="submitted"))
    await handle.result()  # every questionnaire settled: the year's monitoring is over
    assert all(settled(item_id) for item_id in others)


@pytest.mark.skipif(os.environ.get("NASTAVNIK_RECORD_HISTORY") != "1", reason="records only on purpose")
async def test_record_monitoring_history_with_the_ladders_in_the_workflow(
    own_clock: WorkflowEnvironment, own_clock_worker: Worker
) -> None:
    organisation = school_with_pairs(1)
    handle = await start_monitoring(own_clock, own_clock_worker, organisation)
    await through_the_next_round(own_clock, handle)
    rows = await eventually(lambda: asyncio.to_thread(rows_of, organisation), lambda rows: len(rows) == 3)
    await settle_items_with(
        own_clock.client, SettleItems(item_ids=[rows[0].item_id], actor=CURATOR, reason="submitted")
    )
    await eventually(
        lambda: asyncio.to_thread(rows_of, organisation), lambda rows: any(r.settled_at for r in rows)
    )
    history = await handle.fetch_history()
    (HISTORIES / "monitoring_ladders_held.json").write_text(history.to_json())
    await handle.terminate("recorded")
