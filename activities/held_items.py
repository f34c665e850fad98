"""The writes of the items a pair holds (issue 10): their rows, late starts and settlements, their requests
— issued with the pair's event that caused them — and the handing over of those still owed when the pair
ends. Each write is idempotent by what it is: the row by item id, a step by (item-<id>, seq), a notice by
its dedup key."""

from __future__ import annotations

import asyncio

from pydantic import BaseModel, Field
from sqlalchemy import update
from sqlmodel import Session, col
from temporalio import activity

from activities.items import ItemStep, add_item_step, item_row_values, start_ladders
from activities.notifications import NotificationRequest, add_notice
from db.insert_once import insert_if_absent
from db.models import OverdueItemRow
from db.session import session_scope
from domain.escalation import EscalationPolicy, OverdueItem
from domain.held_items import HeldItem
from workflows.payloads import OverdueItemInput


class HeldItemWrites(BaseModel):
    held_by: str  # the pair's workflow id: settlements from outside are signalled there
    open: list[OverdueItem] = Field(default_factory=list)
    steps: list[ItemStep] = Field(default_factory=list)  # late starts and settlements
    notices: list[NotificationRequest] = Field(default_factory=list)  # the owners' requests

    def __bool__(self) -> bool:
        return bool(self.open or self.steps or self.notices)

    def batches(self, size: int) -> list[HeldItemWrites]:
        """The same writes in parts of at most `size` of each kind; none when there is nothing to write."""
        count = max(len(self.open), len(self.steps), len(self.notices))
        return [
            HeldItemWrites(
                held_by=self.held_by,
                open=self.open[start : start + size],
                steps=self.steps[start : start + size],
                notices=self.notices[start : start + size],
            )
            for start in range(0, count, size)
        ]


def add_held_items(session: Session, writes: HeldItemWrites) -> None:
    """Rows first (a step updates its row), then the steps, then the requests, all in the caller's
    transaction: one lock of the database for an event and all it opens and settles."""
    for item in writes.open:
        values = item_row_values(item, held_by=writes.held_by)
        insert_if_absent(session, OverdueItemRow.__table__, values, ["item_id"])  # type: ignore[attr-defined]
    for step in writes.steps:
        add_item_step(session, step)
    for notice in writes.notices:
        add_notice(session, notice)


# Steps and notices of a school's round go in batches of this many items: a payload stays far below
# Temporal's 2 MB limit whatever the school's size.
BATCH = 200


@activity.defn(name="write_held_items")
def write_held_items_now(writes: HeldItemWrites) -> None:
    """A holder's batch of steps and notices that no pair event carries (a round's requests, a morning's
    steps of a school's questionnaires), in one transaction; what a retry finds written is left alone."""
    with session_scope() as session:
        add_held_items(session, writes)
        session.commit()


class HandOver(BaseModel):
    items: list[HeldItem]
    policy: EscalationPolicy
    task_queue: str


def _release(item_ids: list[str]) -> None:
    with session_scope() as session:
        session.execute(
            update(OverdueItemRow).where(col(OverdueItemRow.item_id).in_(item_ids)).values(held_by=None)
        )
        session.commit()


@activity.defn(name="hand_over_items")
async def hand_over_items(command: HandOver) -> int:
    """The pair ended with these items still owed (an exit diagnosis not yet submitted): each goes on in a
    workflow of its own, from the level the pair reached. The rows stop naming the pair first, so a
    settlement meanwhile finds either the new workflow or the row itself."""
    await asyncio.to_thread(_release, [held.item.item_id for held in command.items])
    inputs = [
        OverdueItemInput(item=held.item, policy=command.policy, handed_over=held) for held in command.items
    ]
    return await start_ladders(activity.client(), command.task_queue, inputs)
