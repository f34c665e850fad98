"""The worker: runs the workflows and activities of Nastavnik on the task queue."""

from __future__ import annotations

import asyncio
import logging
import os
import signal
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from datetime import timedelta
from typing import Any

from temporalio.client import (
    Client,
    Schedule,
    ScheduleActionStartWorkflow,
    ScheduleAlreadyRunningError,
    ScheduleIntervalSpec,
    ScheduleOverlapPolicy,
    SchedulePolicy,
    ScheduleSpec,
)
from temporalio.contrib.pydantic import pydantic_data_converter
from temporalio.runtime import PrometheusConfig, Runtime, TelemetryConfig
from temporalio.service import RPCError, RPCStatusCode
from temporalio.worker import Worker
from temporalio.worker.workflow_sandbox import SandboxedWorkflowRunner, SandboxRestrictions

from activities.held_items import hand_over_items, write_held_items_now
from activities.items import (
    open_items,
    open_roster_item,
    open_round,
    record_item_step,
    settle_items,
    write_round_items,
)
from activities.matching import run_matching
from activities.notifications import deliver_notifications, notify
from activities.pair_records import record_pair_event
from activities.programme_records import record_programme_event, start_pair_workflows
from config import settings
from telemetry import configure_logging, start_metrics_server
from temporal_setup import SearchAttributesMissing, check_search_attributes
from workflows.delivery import (
    BATCH,
    DELIVERY_SCHEDULE_ID,
    DELIVERY_WORKFLOW_ID,
    NotificationDeliveryPass,
    NotificationDeliveryWorkflow,
)
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
    NotificationDeliveryPass,
)
ACTIVITIES: Sequence[Any] = (
    record_pair_event,
    record_programme_event,
    start_pair_workflows,
    open_items,
    settle_items,
    hand_over_items,
    write_held_items_now,
    open_round,
    write_round_items,
    open_roster_item,
    record_item_step,
    notify,
    deliver_notifications,
    run_matching,
)

# Imported once, outside the sandbox, and shared by every workflow instance instead of being imported
# afresh for each one: the pure domain, the activities' argument models and the workflows' own payload
# models (README "Performance"). Only the workflow modules themselves are still imported per instance.
PASSTHROUGH_MODULES = (
    "domain",
    "activities",
    "config",
    "workflows.payloads",
    "workflows.common",
    "workflows.errors",
)
WORKFLOW_RUNNER = SandboxedWorkflowRunner(
    restrictions=SandboxRestrictions.default.with_passthrough_modules(*PASSTHROUGH_MODULES)
)


def sdk_metrics_runtime(bind_address: str) -> Runtime:
    """A runtime whose SDK metrics (task latencies, polls, slots, failures) Prometheus scrapes."""
    return Runtime(telemetry=TelemetryConfig(metrics=PrometheusConfig(bind_address=bind_address)))


async def connect(
    address: str | None = None, namespace: str | None = None, runtime: Runtime | None = None
) -> Client:
    return await Client.connect(
        address or settings.temporal_address,
        namespace=namespace or settings.temporal_namespace,
        data_converter=pydantic_data_converter,
        runtime=runtime,
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
        workflow_runner=options.pop("workflow_runner", WORKFLOW_RUNNER),
        **options,
    )


async def start_delivery(client: Client, task_queue: str | None = None) -> None:
    """The outbox's single sender is a Schedule: a pass a minute, overlaps skipped. Every worker tries to
    create it and all but the first find it; the sleep loop of earlier releases, if running, is ended."""
    schedule = Schedule(
        action=ScheduleActionStartWorkflow(
            NotificationDeliveryPass.run,
            BATCH,
            id=DELIVERY_WORKFLOW_ID + "-pass",
            task_queue=task_queue or settings.task_queue,
            execution_timeout=timedelta(minutes=10),
        ),
        spec=ScheduleSpec(intervals=[ScheduleIntervalSpec(every=timedelta(minutes=1))]),
        policy=SchedulePolicy(overlap=ScheduleOverlapPolicy.SKIP),
    )
    try:
        await client.create_schedule(DELIVERY_SCHEDULE_ID, schedule)
    except ScheduleAlreadyRunningError:
        return
    try:
        await client.get_workflow_handle(DELIVERY_WORKFLOW_ID).terminate("replaced by the delivery schedule")
    except RPCError as error:
        if error.status is not RPCStatusCode.NOT_FOUND:
            raise


async def main() -> int:
    configure_logging("worker")
    start_metrics_server(settings.metrics_port)
    runtime = sdk_metrics_runtime(settings.sdk_metrics_address) if settings.sdk_metrics_address else None
    client = await connect(runtime=runtime)
    try:
        await check_search_attributes(client)
    except SearchAttributesMissing as error:
        logging.getLogger("nastavnik.worker").error("worker not started: %s", error)
        return 2
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(sig, stop.set)
    worker = build_worker(client)
    async with worker:
        await start_delivery(client)
        logging.getLogger("nastavnik.worker").info("worker polling task queue %s", settings.task_queue)
        await stop.wait()
    return 0


if __name__ == "__main__":
    status = asyncio.run(main())
    # The SDK may abort at interpreter shutdown after all work succeeded (../shared/PITFALLS.md §1).
    logging.shutdown()
    os._exit(status)
