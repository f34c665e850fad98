"""Fixtures of the workflow tests that move a clock of their own by weeks or months."""

from __future__ import annotations

from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

import pytest_asyncio
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from tests.conftest import start_time_skipping_server
from worker import build_worker


@pytest_asyncio.fixture(scope="module")
async def own_clock() -> AsyncIterator[WorkflowEnvironment]:
    """A time-skipping server for the module alone: its tests move its clock, the session's stays."""
    environment = await start_time_skipping_server()
    yield environment
    await environment.shutdown()


@pytest_asyncio.fixture
async def own_clock_worker(
    own_clock: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> AsyncIterator[Worker]:
    running = build_worker(own_clock.client, task_queue=f"tq-{uuid4()}", executor=activity_executor)
    async with running:
        yield running
