"""The escalation ladders a workflow keeps for the items it holds (issue 10): a pair its own items, a
school's monitoring its rounds' questionnaires. One timer for the earliest step of all of them; what fires
at one moment, and what settles in one workflow task, is written in one activity (batches of `BATCH`).
Workflow code (deterministic); what is due and when is decided in `domain/held_items.py`."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from datetime import datetime, timedelta
from functools import partial

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.held_items import BATCH, HeldItemWrites, write_held_items_now
    from activities.items import ItemStep
    from activities.notifications import overdue_notice, request_notice
    from domain.actors import Actor
    from domain.escalation import EscalationPolicy, OverdueItem
    from domain.held_items import HeldItem, deadline_told, hold, next_moment, settle, take_due_steps
    from workflows.common import RECORD_RETRY, SYSTEM
    from workflows.payloads import ItemSettlement


class HeldLadders:
    def __init__(self, items: list[HeldItem], policy: EscalationPolicy, key: str | None = None) -> None:
        self.items: dict[str, HeldItem] = {held.item.item_id: held for held in items}
        self.policy = policy
        # None: each item fires at its own second of the morning (a pair's few items); a school's id: all
        # its round's steps of a morning fire together, at that school's second, in one batch.
        self.key = key
        self.settlements: list[ItemSettlement] = []  # signalled from outside (a submission)
        # Signalled for an item whose row names this workflow but which it does not hold yet (a pair
        # ending while its school's round is being opened): settled as soon as it is held.
        self.early: dict[str, ItemSettlement] = {}
        self.changes = 0  # bumped when items are held or settled: the one timer is set again

    def held(self) -> list[HeldItem]:
        return list(self.items.values())

    def owed(self) -> list[HeldItem]:
        return [h for h in self.items.values() if not h.settled and not h.handed_over]

    def next_moment(self) -> datetime | None:
        return next_moment(self.held(), self.policy.time_zone, self.key)

    def hold(self, items: list[OverdueItem], now: datetime, held_by: str) -> HeldItemWrites:
        """Hold the items not held yet (opening twice is one item): the owners' requests, and the level an
        item opened late starts at, are in the writes returned."""
        writes = HeldItemWrites(held_by=held_by)
        for item in items:
            if item.item_id in self.items:
                continue
            opening = hold(item, self.policy, now)
            self.items[item.item_id] = opening.held
            writes.open.append(item)
            if opening.request:
                writes.notices.append(request_notice(item, deadline_told(opening.held, self.policy)))
            if opening.late_level is not None:
                step = ItemStep(item=item, seq=1, at=now, level=opening.late_level, actor=SYSTEM, late=True)
                writes.steps.append(step)
            if (early := self.early.pop(item.item_id, None)) is not None:
                writes.steps += self.settle([item.item_id], early.actor, early.reason, now)[0]
                writes.notices = [n for n in writes.notices if not n.item_id.startswith(f"{item.item_id}:")]
        self.changes += 1
        return writes

    def settle(
        self, item_ids: list[str], actor: Actor, reason: str, now: datetime
    ) -> tuple[list[ItemStep], list[str]]:
        """The settlement steps of the held items among `item_ids`, and the ids not held here."""
        steps: list[ItemStep] = []
        not_held: list[str] = []
        for item_id in item_ids:
            held = self.items.get(item_id)
            if held is None:
                not_held.append(item_id)
            elif settle(held):
                steps.append(ItemStep(item=held.item, seq=held.seq, at=now, actor=actor, reason=reason))
        self.changes += 1
        return steps, not_held

    async def keep_until(self, done: Callable[[], bool], until: datetime | None = None) -> None:
        """Fire steps and record settlements until `done` holds or the moment `until` comes."""
        while not done():
            now = workflow.now()
            moment = self.next_moment()
            if moment is not None and moment <= now:
                await self.climb()
                continue
            if until is not None and until <= now:
                return
            wake = min((m for m in (moment, until) if m is not None), default=None)
            try:
                await workflow.wait_condition(
                    partial(self._woken, done, self.changes), timeout=None if wake is None else wake - now
                )
            except TimeoutError:
                continue
            if self.settlements:
                await self.record_settlements()

    def _woken(self, done: Callable[[], bool], seen: int) -> bool:
        return done() or self.changes != seen or bool(self.settlements)

    async def climb(self) -> None:
        """Every step whose moment has come: recorded, and its level told."""
        now, writes = workflow.now(), HeldItemWrites(held_by=workflow.info().workflow_id)
        for held, level, seq in take_due_steps(self.held(), now, self.policy.time_zone, self.key):
            writes.steps.append(ItemStep(item=held.item, seq=seq, at=now, level=level, actor=SYSTEM))
            writes.notices.append(overdue_notice(held.item, level, deadline_told(held, self.policy)))
        await self.write(writes)

    async def record_settlements(self) -> list[ItemSettlement]:
        """Record the settlements signalled since the last time; returns those of items handed over."""
        settlements, self.settlements = self.settlements, []
        now, writes = workflow.now(), HeldItemWrites(held_by=workflow.info().workflow_id)
        handed_over = []
        for settlement in settlements:
            held = self.items.get(settlement.item_id)
            if held is None:
                self.early.setdefault(settlement.item_id, settlement)
                continue
            if held.handed_over:
                handed_over.append(settlement)
                continue
            steps, _ = self.settle([settlement.item_id], settlement.actor, settlement.reason, now)
            writes.steps += steps
        await self.write(writes)
        return handed_over

    async def write(self, writes: HeldItemWrites) -> None:
        """In batches, issued together: one round trip for a morning of a school's round."""
        await asyncio.gather(
            *(
                workflow.execute_activity(
                    write_held_items_now,
                    batch,
                    start_to_close_timeout=timedelta(minutes=2),
                    retry_policy=RECORD_RETRY,
                )
                for batch in writes.batches(BATCH)
            )
        )
