"""The outbox's single sender: NotificationDeliveryWorkflow sends what is written, pass after pass, by SMTP
(a real aiosmtpd server on loopback), and every worker that starts finds the one sender already running."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import pytest
import pytest_asyncio
from temporalio.client import WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment

from activities.notifications import NotificationLevel, notify
from tests.conftest import start_time_skipping_server
from tests.test_notifications import (
    Inbox,
    address,
    organisation,
    person,
    request,
    run,
    settle_outbox,
    smtp_server,
)
from worker import build_worker
from workflows.delivery import NotificationDeliveryWorkflow


@pytest_asyncio.fixture(scope="module")
async def own_env() -> AsyncIterator[WorkflowEnvironment]:
    """A server of its own: the test moves the clock, which the shared server's other workflows would feel."""
    environment = await start_time_skipping_server()
    yield environment
    await environment.shutdown()


@pytest.fixture
def inbox(monkeypatch: pytest.MonkeyPatch) -> Iterator[Inbox]:
    settle_outbox()
    with smtp_server(monkeypatch) as running:
        yield running


async def received(inbox: Inbox, count: int, seconds: float = 20) -> list[str]:
    """The recipients once `count` messages have arrived (the sender runs in the worker's threads)."""
    for _ in range(int(seconds / 0.1)):
        if len(inbox.messages) >= count:
            break
        await asyncio.sleep(0.1)
    return [str(message["To"]) for message in inbox.messages]


def curator_to_tell(email: str) -> None:
    """A school whose curator has an address, and a notification to that curator in the outbox."""
    school = organisation()
    address(person("curator", school), email)
    run(notify, request(school, NotificationLevel.CURATOR))


async def test_the_sender_mails_what_is_waiting_and_then_what_comes_each_minute(
    own_env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor, inbox: Inbox
) -> None:
    env, task_queue = own_env, f"tq-{uuid4()}"
    curator_to_tell("first@school.test")
    async with build_worker(env.client, task_queue, activity_executor):
        handle = await env.client.start_workflow(
            NotificationDeliveryWorkflow.run, 60, id=f"delivery-{uuid4().hex[:8]}", task_queue=task_queue
        )
        try:
            assert await received(inbox, 1) == ["first@school.test"]

            curator_to_tell("second@school.test")
            await env.sleep(61)  # the next pass, a minute later
            assert await received(inbox, 2) == ["first@school.test", "second@school.test"]
            assert (await handle.describe()).status is WorkflowExecutionStatus.RUNNING
        finally:
            await handle.terminate("test over")
