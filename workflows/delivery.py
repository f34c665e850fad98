"""The outbox's one sender. Since issue 13 §6 a Temporal Schedule starts `NotificationDeliveryPass` once a
minute with overlaps skipped, so no two passes ever run at once and no mail goes out twice from two senders
racing (delivery is at-least-once per pass). `NotificationDeliveryWorkflow`, the sleep loop every worker
started before, stays registered so a loop still running finishes its history; the worker that creates the
schedule ends it."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.notifications import deliver_notifications
    from workflows.common import RECORD_RETRY

DELIVERY_WORKFLOW_ID = "notification-delivery"
DELIVERY_SCHEDULE_ID = "notification-delivery-every-minute"
PASSES_PER_RUN = 240  # four hours of passes, then continue as new to keep the history short
BATCH = 100


@workflow.defn(name="NotificationDeliveryPass")
class NotificationDeliveryPass:
    """One pass over the outbox: send what waits (up to a batch), return how many were sent."""

    @workflow.run
    async def run(self, batch: int = BATCH) -> int:
        sent: int = await workflow.execute_activity(
            deliver_notifications,
            batch,
            start_to_close_timeout=timedelta(minutes=5),  # a slow SMTP server and a batch of 100
            retry_policy=RECORD_RETRY,
        )
        return sent


@workflow.defn(name="NotificationDeliveryWorkflow")
class NotificationDeliveryWorkflow:
    """The loop of earlier releases (kept for the runs still going; new systems use the schedule)."""

    @workflow.run
    async def run(self, every_seconds: int = 60) -> None:
        for _ in range(PASSES_PER_RUN):
            await workflow.execute_activity(
                deliver_notifications,
                BATCH,
                start_to_close_timeout=timedelta(minutes=5),
                retry_policy=RECORD_RETRY,
            )
            await workflow.sleep(timedelta(seconds=every_seconds))
        workflow.continue_as_new(every_seconds)
