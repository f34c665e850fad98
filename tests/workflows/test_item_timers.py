"""A round's items due the same day do not all fire at 09:00:00 (issue 10): each item's ladder steps go out
at its own second of the school morning's first hour, on the step's own day; each school opens its
monitoring rounds at its own second too."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime, timedelta
from uuid import uuid4

import pytest_asyncio
from sqlmodel import col, select
from temporalio.api.enums.v1 import EventType
from temporalio.api.history.v1 import HistoryEvent
from temporalio.client import Client
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import item_workflow_id, questionnaire_item_id, write_item_rows
from db.models import Escalation
from db.session import session_scope
from domain.escalation import EscalationPolicy, ItemKind, Level, OverdueItem
from domain.local_time import DEFAULT_TIME_ZONE, local_date, spread_morning, spread_offset
from tests.conftest import start_time_skipping_server
from tests.waiting import eventually
from worker import build_worker
from workflows.monitoring import MonitoringWorkflow
from workflows.overdue_item import OverdueItemWorkflow
from workflows.payloads import MonitoringInput, OverdueItemInput

NOVOSIBIRSK = "Asia/Novosibirsk"


@pytest_asyncio.fixture
async def timers_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of its own: the test moves its clock by days."""
    environment = await start_time_skipping_server()
    yield environment
    await environment.shutdown()


def owner_steps(item_ids: list[str]) -> dict[str, datetime]:
    with session_scope() as session:
        rows = session.exec(
            select(Escalation).where(
                col(Escalation.item_id).in_(item_ids), Escalation.level == Level.OWNER.value
            )
        ).all()
        return {row.item_id: row.at.replace(tzinfo=row.at.tzinfo or UTC) for row in rows}


async def test_items_of_a_round_due_the_same_day_are_reminded_each_at_its_own_second_of_that_morning(
    timers_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    env, task_queue = timers_env, f"timers-{uuid4()}"
    policy = EscalationPolicy(time_zone=NOVOSIBIRSK)
    now = await env.get_current_time()
    opens_on = local_date(now, NOVOSIBIRSK)
    due_on = policy.calendar.next_working_day(opens_on + timedelta(days=10))
    round_id, organisation = f"round-{uuid4().hex[:8]}", f"school-{uuid4().hex[:8]}"
    items = [
        OverdueItem(
            item_id=questionnaire_item_id(round_id, f"pair-{n}", "mentee"),
            kind=ItemKind.QUESTIONNAIRE,
            organisation_id=organisation,
            district="district-1",
            round_id=round_id,
            opens_on=opens_on,
            due_on=due_on,
        )
        for n in range(6)
    ]
    ids = [item.item_id for item in items]
    write_item_rows(items)
    first_step_on = policy.ladder.steps(due_on, policy.calendar)[0][1]
    expected = {item_id: spread_morning(first_step_on, NOVOSIBIRSK, item_id) for item_id in ids}
    async with build_worker(env.client, task_queue, activity_executor):
        for item in items:
            await env.client.start_workflow(
                OverdueItemWorkflow.run,
                OverdueItemInput(item=item, policy=policy),
                id=item_workflow_id(item.item_id),
                task_queue=task_queue,
            )
        await env.sleep(max(expected.values()) + timedelta(minutes=5) - now)
        fired = await eventually(
            lambda: asyncio.to_thread(owner_steps, ids), lambda steps: len(steps) == len(ids)
        )
    assert len(set(fired.values())) == len(ids)  # six items, six different moments
    for item_id, at in fired.items():
        assert abs(at - expected[item_id]) < timedelta(seconds=2)
        assert local_date(at, NOVOSIBIRSK) == first_step_on


async def test_a_schools_monitoring_round_opens_at_its_own_second_of_the_morning(
    client: Client, worker: Worker
) -> None:
    organisation = "school-spread-1"
    assert spread_offset(organisation) > timedelta(minutes=2)  # so that 09:00:00 would be told apart
    handle = await client.start_workflow(
        MonitoringWorkflow.run,
        MonitoringInput(organisation_id=organisation, district="district-1", academic_year="2027/28"),
        id=f"monitoring-{organisation}-{uuid4().hex[:6]}",
        task_queue=worker.task_queue,
    )

    async def first_timer() -> HistoryEvent | None:
        events = (await handle.fetch_history()).events
        return next((e for e in events if e.event_type == EventType.EVENT_TYPE_TIMER_STARTED), None)

    timer = await eventually(first_timer, lambda event: event is not None)
    assert timer is not None
    fires_at = (
        timer.event_time.ToDatetime(tzinfo=UTC)
        + timer.timer_started_event_attributes.start_to_fire_timeout.ToTimedelta()
    )
    first_round = (await handle.query(MonitoringWorkflow.schedule))[0]
    expected = spread_morning(first_round.opens_on, DEFAULT_TIME_ZONE, organisation)
    assert abs(fires_at - expected) < timedelta(seconds=30)
    await handle.terminate("checked")
