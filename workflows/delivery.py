"""NotificationDeliveryWorkflow: the one sender of the outbox, once a minute, so no mail goes out twice
from two senders racing (delivery is at-least-once per sender)."""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.notifications import deliver_notifications
    from workflows.common import RECORD_RETRY

DELIVERY_WORKFLOW_ID = "notification-delivery"
PASSES_PER_RUN = 240  # four hours of passes, then continue as new to keep the history short


@workflow.defn(name="NotificationDeliveryWorkflow")
class NotificationDeliveryWorkflow:
    @workflow.run
    async def run(self, every_seconds: int = 60) -> None:
        for _ in range(PASSES_PER_RUN):
            await workflow.execute_activity(
                deliver_notifications,
                100,
                start_to_close_timeout=timedelta(minutes=5),  # a slow SMTP server and a batch of 100
                retry_policy=RECORD_RETRY,
            )
            await workflow.sleep(timedelta(seconds=every_seconds))
        workflow.continue_as_new(every_seconds)
