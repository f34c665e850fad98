"""The worker: runs the workflows and activities of Nastavnik on the task queue."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from temporalio.client import Client
from temporalio.common import WorkflowIDReusePolicy
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.worker import Worker

from activities.items import open_items, open_round, record_item_step, settle_items
from activities.matching import run_matching
from activities.notifications import deliver_notifications, notify
from activities.pair_records import record_pair_event
from activities.programme_records import record_programme_event, start_pair_workflows
from config import settings
from telemetry import configure_logging, start_metrics_server
from workflows.delivery import DELIVERY_WORKFLOW_ID, NotificationDeliveryWorkflow
from workflows.monitoring import MonitoringWorkflow
from workflows.overdue_item import OverdueItemWorkflow
from workflows.pair import PairWorkflow
from workflows.programme import ProgrammeWorkflow

WORKFLOWS: Sequence[type] = (
    PairWorkflow,
    ProgrammeWorkflow,
    OverdueItemWorkflow,
    MonitoringWorkflow,
    NotificationDeliveryWorkflow,
)
ACTIVITIES: Sequence[Any] = (
    record_pair_event,
    record_programme_event,
    start_pair_workflows,
    open_items,
    settle_items,
    open_round,
    record_item_step,
    notify,
    deliver_notifications,
    run_matching,
)


async def connect(address: str | None = None, namespace: str | None = None) -> Client:
    return await Client.connect(
        address or settings.temporal_address,
        namespace=namespace or settings.temporal_namespace,
        data_converter=pydantic_data_converter,
    )


def build_worker(
    client: Client,
    task_queue: str | None = None,
    executor: ThreadPoolExecutor | None = None,
    **options: Any,
) -> Worker:
    return Worker(
        client,
        task_queue=task_queue or settings.task_queue,
        workflows=list(WORKFLOWS),
        activities=list(ACTIVITIES),
        activity_executor=executor or ThreadPoolExecutor(max_workers=16),
        **options,
    )


async def start_delivery(client: Client) -> None:
    """The outbox's single sender; every worker tries to start it and all but the first find it running."""
    try:
        await client.start_workflow(
            NotificationDeliveryWorkflow.run,
            id=DELIVERY_WORKFLOW_ID,
            task_queue=settings.task_queue,
            id_reuse_policy=WorkflowIDReusePolicy.ALLOW_DUPLICATE,
        )
    except WorkflowAlreadyStartedError:
        return


async def main() -> None:
    configure_logging("worker")
    start_metrics_server(settings.metrics_port)
    client = await connect()
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    worker = build_worker(client)
    async with worker:
        await start_delivery(client)
        logging.getLogger("nastavnik.worker").info("worker polling task queue %s", settings.task_queue)
        await stop.wait()


if __name__ == "__main__":
    asyncio.run(main())
    # The SDK may abort at interpreter shutdown after all work succeeded (../shared/PITFALLS.md §1).
    logging.shutdown()
    os._exit(0)
