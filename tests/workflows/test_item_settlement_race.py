"""An item settled while it is being opened never runs its ladder (issue 13 §1). Opening writes the row,
then starts the workflow; a settlement signals the workflow and, finding none, settles the row. Each
interleaving of the two is played here step by step on the time-skipping server: whichever side goes
second ends the workflow, so no reminder or escalation follows a settled item."""

from __future__ import annotations

from datetime import timedelta
from uuid import uuid4

from sqlmodel import col, select
from temporalio.client import Client, WorkflowExecutionStatus
from temporalio.testing import WorkflowEnvironment
from temporalio.worker import Worker

from activities.items import (
    OpenItems,
    SettleItems,
    item_workflow_id,
    settle_items_with,
    settle_without_workflow,
    start_item_workflows,
    write_item_rows,
)
from db.models import AuditEvent, OverdueItemRow
from db.session import session_scope
from domain.escalation import ItemKind, OverdueItem
from tests.factories import CURATOR


async def owed_item(env: WorkflowEnvironment) -> OverdueItem:
    """Due a month after the server's today: no step of its ladder is due while the test runs."""
    today = (await env.get_current_time()).date()
    return OverdueItem(
        item_id=f"stage_deadline-race-{uuid4().hex[:8]}",
        kind=ItemKind.STAGE_DEADLINE,
        organisation_id="school-1",
        district="district-1",
        due_on=today + timedelta(days=30),
    )


async def status_of(client: Client, item: OverdueItem) -> WorkflowExecutionStatus | None:
    return (await client.get_workflow_handle(item_workflow_id(item.item_id)).describe()).status


def settled_audit(item: OverdueItem) -> list[AuditEvent]:
    with session_scope() as session:
        query = select(AuditEvent).where(
            AuditEvent.subject_id == item.item_id, col(AuditEvent.action) == "settled"
        )
        return list(session.exec(query))


def row_of(item: OverdueItem) -> OverdueItemRow:
    with session_scope() as session:
        row = session.get(OverdueItemRow, item.item_id)
        assert row is not None
        return row


async def test_a_settlement_between_the_row_and_the_start_ends_the_workflow_the_opener_starts(
    env: WorkflowEnvironment, client: Client, worker: Worker
) -> None:
    item = await owed_item(env)
    command = OpenItems(items=[item], task_queue=worker.task_queue)
    policies, settled = write_item_rows(command.items)  # the opener wrote the row …
    assert settled == set()
    # … the settlement's signal finds no workflow, so it settles the row …
    await settle_items_with(client, SettleItems(item_ids=[item.item_id], actor=CURATOR, reason="terminated"))
    assert row_of(item).settled_at is not None
    # … and the opener starts the workflow, looks at the row again and ends it.
    assert await start_item_workflows(client, command, policies, settled) == 1
    assert await status_of(client, item) is WorkflowExecutionStatus.TERMINATED
    assert len(settled_audit(item)) == 1  # the settlement, audited once, with the row
    assert row_of(item).level is None  # no step of the ladder ran


async def test_a_workflow_started_after_the_settlements_signal_missed_it_is_ended_by_the_settlement(
    env: WorkflowEnvironment, client: Client, worker: Worker
) -> None:
    item = await owed_item(env)
    command = OpenItems(items=[item], task_queue=worker.task_queue)
    # The settlement's signal found nothing; then the opener wrote the row, started, and found it open …
    policies, settled = write_item_rows(command.items)
    assert await start_item_workflows(client, command, policies, settled) == 1
    assert await status_of(client, item) is WorkflowExecutionStatus.RUNNING
    # … and then the settlement settles the row, and ends the workflow that started meanwhile.
    await settle_without_workflow(client, item.item_id, CURATOR, "terminated")
    assert await status_of(client, item) is WorkflowExecutionStatus.TERMINATED
    assert row_of(item).settled_at is not None
    assert len(settled_audit(item)) == 1
