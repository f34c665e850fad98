"""The worker exports the Temporal SDK's own metrics for Prometheus (issue 13 §6): a scrape after a pair's
first commands shows workflow and activity task figures."""

from __future__ import annotations

import asyncio
import socket
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from uuid import uuid4

from temporalio.testing import WorkflowEnvironment

from domain import pair_events as ev
from tests.factories import CURATOR, all_consents, order, pupil_pair, store
from worker import build_worker, connect, sdk_metrics_runtime
from workflows.pair import PairWorkflow, PairWorkflowInput


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


async def test_a_scrape_shows_the_sdks_task_metrics(
    env: WorkflowEnvironment, activity_executor: ThreadPoolExecutor
) -> None:
    address = f"127.0.0.1:{free_port()}"
    client = await connect(
        env.client.service_client.config.target_host, "default", runtime=sdk_metrics_runtime(address)
    )
    task_queue = f"tq-{uuid4()}"
    async with build_worker(client, task_queue=task_queue, executor=activity_executor):
        consented = pupil_pair()
        consented.consents = all_consents(consented)  # the order comes after the consents (000 §2.7)
        state = store(consented)
        handle = await client.start_workflow(
            PairWorkflow.run,
            PairWorkflowInput(state=state, created_by=CURATOR),
            id=f"pair-{state.pair_id}",
            task_queue=task_queue,
        )
        await handle.execute_update(PairWorkflow.fix_order, ev.FixOrder(actor=CURATOR, order=order()))
        scraped = await asyncio.to_thread(
            lambda: urllib.request.urlopen(f"http://{address}/metrics", timeout=10).read().decode()
        )
    for metric in ("temporal_workflow_task_execution_latency", "temporal_activity_execution_latency"):
        assert metric in scraped, metric
    assert f'task_queue="{task_queue}"' in scraped
