"""MonitoringWorkflow: one organisation's half-yearly monitoring rounds over an academic year.

It sleeps until each round opens (deadline minus `opens_days_before`), then opens a questionnaire item for
every member of every active pair and one for the curator. Behind `ladder-in-monitoring-v1` it keeps those
items' ladders itself — one timer; a morning's steps of the school written in one batch; submissions
settle them by signal — and runs until every item of its rounds is settled (continuing as new when its
history grows long). Years set up before: each item's own workflow escalates what is late.
"""

from __future__ import annotations

from datetime import timedelta

from temporalio import workflow

with workflow.unsafe.imports_passed_through():
    from activities.items import OpenRoster, OpenRound, open_roster_item, open_round, write_round_items
    from domain.escalation import EscalationPolicy
    from domain.held_items import HeldItem
    from domain.local_time import school_morning, spread_morning
    from domain.monitoring import (
        MonitoringRound,
        academic_year_in_bounds,
        rounds_of_year,
    )
    from workflows.common import RECORD_RETRY, history_too_long
    from workflows.held_ladders import HeldLadders
    from workflows.payloads import ItemSettlement, MonitoringInput

# Issue 10: a school's monitoring keeps its rounds' questionnaire ladders instead of a workflow per item.
LADDER_IN_MONITORING = "ladder-in-monitoring-v1"


def monitoring_workflow_id(organisation_id: str, academic_year: str) -> str:
    return f"monitoring-{organisation_id}-{academic_year.replace('/', '-')}"


@workflow.defn(name="MonitoringWorkflow")
class MonitoringWorkflow:
    @workflow.init
    def __init__(self, input: MonitoringInput) -> None:
        # A year outside the bounds (a start from before they were checked) opens no round, and the run ends.
        self.rounds = (
            rounds_of_year(input.academic_year, input.settings, input.calendar)
            if academic_year_in_bounds(input.academic_year)
            else []
        )
        self.opened: list[str] = list(input.opened)
        self.ladders = HeldLadders(input.held, input.policy or EscalationPolicy(), key=input.organisation_id)
        self.history_limit = input.history_limit

    @workflow.run
    async def run(self, input: MonitoringInput) -> list[str]:
        # Years set up before: their deadlines moved to the next working day, ignoring Russia's official
        # holidays; they keep that schedule.
        if self.rounds and not workflow.patched("monitoring-deadline-by-v1"):
            legacy = input.calendar.model_copy(update={"official": False})
            self.rounds = rounds_of_year(input.academic_year, input.settings, legacy, moves_back=False)
        # The year's refresh of the list of teachers who need a mentor (000 §6.5.3.1) is owed by the curator.
        if self.rounds and not input.continued and workflow.patched("roster-refresh-v1"):
            await workflow.execute_activity(
                open_roster_item,
                OpenRoster(
                    organisation_id=input.organisation_id,
                    district=input.district,
                    school_year=input.academic_year,
                    task_queue=workflow.info().task_queue,
                ),
                start_to_close_timeout=timedelta(minutes=10),
                retry_policy=RECORD_RETRY,
            )
        # Years set up before opened every school's round at 09:00:00; now each school opens its rounds at
        # its own second of the morning's first hour, so a district's schools do not all start their
        # questionnaires' workflows at once (issue 10).
        spread = bool(self.rounds) and workflow.patched("spread-round-opening-v1")
        holds = input.continued or (bool(self.rounds) and workflow.patched(LADDER_IN_MONITORING))
        for round_ in self.rounds:
            if round_.round_id in self.opened or round_.due_on < workflow.now().date():
                continue  # opened before a continue-as-new; a round already past is not reopened
            opens_at = (
                spread_morning(round_.opens_on, input.time_zone, input.organisation_id)
                if spread
                else school_morning(round_.opens_on, input.time_zone)
            )
            opening = OpenRound(
                organisation_id=input.organisation_id,
                district=input.district,
                round_id=round_.round_id,
                opens_on=round_.opens_on,
                due_on=round_.due_on,
                task_queue=workflow.info().task_queue,
            )
            if holds:
                await self.ladders.keep_until(self._too_long, until=opens_at)
                if self._too_long():
                    self._continue(input)
                await self._hold_round(opening)
            else:
                delay = opens_at - workflow.now()
                if delay > timedelta(0):
                    await workflow.sleep(delay)
                await workflow.execute_activity(
                    open_round,
                    opening,
                    start_to_close_timeout=timedelta(minutes=10),
                    retry_policy=RECORD_RETRY,
                )
            self.opened.append(round_.round_id)
        if holds:
            # Until every questionnaire of the year is settled: a late one is still owed, and settled here.
            await self.ladders.keep_until(lambda: not self.ladders.owed() or self._too_long())
            if self.ladders.owed():
                self._continue(input)
        return self.opened

    async def _hold_round(self, opening: OpenRound) -> None:
        """Write the round's rows naming this workflow, then hold them: the owners are asked in batches."""
        opening.held_by = workflow.info().workflow_id
        opened = await workflow.execute_activity(
            write_round_items,
            opening,
            start_to_close_timeout=timedelta(minutes=10),
            retry_policy=RECORD_RETRY,
        )
        self.ladders.policy = opened.policy  # the school's calendar, ladder and time zone as stored now
        now, settled = workflow.now(), set(opened.settled)
        writes = self.ladders.hold(
            [i for i in opened.items if i.item_id not in settled], now, opening.held_by
        )
        writes.open = []  # the rows are written already
        await self.ladders.write(writes)

    def _too_long(self) -> bool:
        return history_too_long(self.history_limit)

    def _continue(self, input: MonitoringInput) -> None:
        workflow.continue_as_new(
            input.model_copy(
                update={
                    "held": self.ladders.owed(),  # settled items are never opened again: round ids are unique
                    "opened": self.opened,
                    "continued": True,
                    "policy": self.ladders.policy,
                }
            )
        )

    @workflow.query
    def items(self) -> list[HeldItem]:
        """The questionnaires whose ladders this workflow keeps, settled ones included."""
        return self.ladders.held()

    @workflow.signal
    def settle_item(self, settlement: ItemSettlement) -> None:
        self.ladders.settlements.append(settlement)

    @workflow.query
    def schedule(self) -> list[MonitoringRound]:
        return self.rounds
