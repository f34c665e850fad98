"""OverdueItemWorkflow: one owed thing and its escalation ladder, each step a durable timer.

Asked for on `opens_on`, overdue on `due_on`; then the owner is reminded, then the curator, the head and
the district coordinator are told, each on a working day. Settling it cancels every step still waiting.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.items import ItemStep, record_item_step
    from activities.notifications import notify, overdue_notice, request_notice
    from domain.escalation import REQUESTED_KINDS, Level, deadline_shown, late_start
    from domain.local_time import local_date, school_morning, spread_morning
    from workflows.common import RECORD_RETRY, SYSTEM
    from workflows.payloads import ItemState, OverdueItemInput, Settlement


@workflow.defn(name="OverdueItemWorkflow")
class OverdueItemWorkflow:
    @workflow.init
    def __init__(self, input: OverdueItemInput) -> None:
        self.item = input.item
        self.policy = input.policy
        self.settlement: Settlement | None = None
        self.level: Level | None = None
        self.seq = 0

    @workflow.run
    async def run(self, input: OverdueItemInput) -> ItemState:
        # Items opened before Russia's official calendar counted only weekends and breaks; they keep that.
        if not workflow.patched("official-calendar-v1"):
            calendar = self.policy.calendar.model_copy(update={"official": False})
            self.policy = self.policy.model_copy(update={"calendar": calendar})
        if input.handed_over is not None:
            # A pair ended with the item still owed: its ladder goes on from where the pair's left it.
            held = input.handed_over
            self.level, self.seq, steps = held.level, held.seq, list(held.steps)
        else:
            steps = await self._open()
        # Items opened before all fired at 09:00:00 — a round's ~10,000 questionnaires in the same second;
        # now each item has its own second of the morning's first hour (issue 10).
        spread = workflow.patched("spread-item-timers-v1")
        for level, on in steps:
            if await self._settled_before(self._morning(on, spread)):
                break
            self.level = level
            await self._step(level)
        await workflow.wait_condition(lambda: self.settlement is not None)
        assert self.settlement is not None
        self.seq += 1
        await self._record(
            ItemStep(
                item=self.item,
                seq=self.seq,
                at=workflow.now(),
                actor=self.settlement.actor,
                reason=self.settlement.reason,
            )
        )
        return self.current()

    async def _open(self) -> list[tuple[Level, date]]:
        """Ask for the item, start an item opened late at its level; the steps still to fire."""
        item, calendar = self.item, self.policy.calendar
        steps = self.policy.ladder.steps(item.due_on, calendar)
        reached: Level | None = None
        past_due = False
        # Items opened before fired every step whose date had passed, one after another, and asked for what
        # was already past due; an item opened late now starts at its level, telling nobody of the past.
        if workflow.patched("late-items-start-at-level-v1"):
            today = local_date(workflow.now(), self.policy.time_zone)
            reached, steps = late_start(steps, today)
            past_due = self._deadline() < today
        if item.kind in REQUESTED_KINDS and item.opens_on is not None and not past_due:
            await self._notify(Level.OWNER, occurrence="request")
        if reached is not None:
            self.level = reached
            await self._step(reached, late=True)
        return steps

    async def _settled_before(self, moment: datetime) -> bool:
        delay = moment - workflow.now()
        if delay > timedelta(0):
            try:
                await workflow.wait_condition(lambda: self.settlement is not None, timeout=delay)
            except TimeoutError:
                return False
        return self.settlement is not None

    def _morning(self, on: date, spread: bool) -> datetime:
        time_zone = self.policy.time_zone
        return spread_morning(on, time_zone, self.item.item_id) if spread else school_morning(on, time_zone)

    async def _step(self, level: Level, late: bool = False) -> None:
        """A step of the ladder; `late`: the level an item opened late starts at, told to nobody."""
        self.seq += 1
        await self._record(
            ItemStep(item=self.item, seq=self.seq, at=workflow.now(), level=level, actor=SYSTEM, late=late)
        )
        if not late:
            await self._notify(level)

    def _deadline(self) -> date:
        """The date people are told: the one the ladder counts from (`deadline_on_a_working_day`)."""
        if workflow.patched("deadline-shown-v1"):
            return deadline_shown(self.item.due_on, self.policy.calendar)
        return self.item.due_on

    async def _record(self, step: ItemStep) -> None:
        await workflow.execute_activity(
            record_item_step, step, start_to_close_timeout=timedelta(seconds=30), retry_policy=RECORD_RETRY
        )

    async def _notify(self, level: Level, occurrence: str = "overdue") -> None:
        """The owner's request (`occurrence` "request") or the level's escalation notice."""
        if occurrence == "request":
            request = request_notice(self.item, self._deadline())
        else:
            request = overdue_notice(self.item, level, self._deadline())
        await workflow.execute_activity(
            notify, request, start_to_close_timeout=timedelta(seconds=30), retry_policy=RECORD_RETRY
        )

    @workflow.signal
    def settle(self, settlement: Settlement) -> None:
        if self.settlement is None:
            self.settlement = settlement

    @workflow.query
    def current(self) -> ItemState:
        return ItemState(
            item=self.item,
            level=self.level,
            settled=self.settlement is not None,
            steps=self.policy.ladder.steps(self.item.due_on, self.policy.calendar),
        )
