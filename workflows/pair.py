"""PairWorkflow: one mentoring pair or group through the five stages (000 §V).

Commands are Updates whose validators call the domain's guards, so the API learns at once whether a
command was accepted. A handler changes the state, then returns only after the audit event and the read
model are written, so a client reads its own write. The write is a regular activity keyed by the Update's
id: it runs only once the state change is in the history (README "Crash safety").
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Coroutine
from datetime import datetime, timedelta
from typing import Any

from temporalio import workflow
from temporalio.exceptions import ApplicationError

with workflow.unsafe.imports_passed_through():
    from activities.held_items import HandOver, HeldItemWrites, hand_over_items
    from activities.items import OpenItems, SettleItems, open_items, settle_items
    from activities.pair_records import PairEventRecord, record_pair_event
    from domain import pair_events as ev
    from domain.errors import InvalidInput
    from domain.escalation import EscalationPolicy
    from domain.held_items import HeldItem, hold
    from domain.pair import PairState
    from domain.pair_items import ItemChanges, items_after, track_no_meeting
    from domain.programme_events import PairStageReport
    from domain.stages import FINAL_STAGES
    from workflows.common import (
        RECORD_RETRY,
        RECORD_WHEN_DURABLE,
        WRITES_AT_ONCE,
        event_key,
        history_too_long,
        refusing,
    )
    from workflows.held_ladders import HeldLadders
    from workflows.payloads import ItemSettlement, PairWorkflowInput
    from workflows.search_attributes import SEARCH_ATTRIBUTES_PATCH, updates, upsert_on_stage_change


# Issue 12: the kind's meetings and escalation, consents before the order and the first meetings.
RULES_V2 = "rules-as-schools-live-v1"
# Issue 12 point 14: an agreed plan may change the pair's kind (the form of mentoring, 001 §4.13).
PLAN_KIND_CHANGE = "plan-kind-change-v1"
# Issue 10: the pair keeps the ladders of the items its events open (one timer for all of them) instead
# of starting a workflow per item and signalling it to settle; items still owed at the end are handed over.
LADDER_IN_PAIR = "ladder-in-pair-v1"

_STAGE_ACTIONS = frozenset({ev.PairAction.CREATED, ev.PairAction.STAGE_CHANGED, ev.PairAction.TERMINATED})


@workflow.defn(name="PairWorkflow")
class PairWorkflow:
    @workflow.init
    def __init__(self, input: PairWorkflowInput) -> None:
        self.state = input.state
        self.history_limit = input.history_limit
        self.policy = input.policy or EscalationPolicy()
        self.record_timeout = input.record_timeout
        # Claim seq 1 for "created" before any Update delivered with the start can take it.
        self.created: tuple[ev.PairEvent, PairState] | None = None
        if input.created_by is not None:
            event = ev.created(self.state, input.created_by, workflow.now())
            self.created = (event, self.state.model_copy(deep=True))
        self.created_recorded = self.created is None
        self.ladders = HeldLadders(input.items, self.policy)

    @workflow.run
    async def run(self, input: PairWorkflowInput) -> PairState:
        if self.created is not None:
            await self._record(*self.created)
        self.created_recorded = True
        await self.ladders.keep_until(
            lambda: self.state.stage in FINAL_STAGES or history_too_long(self.history_limit)
        )
        await workflow.wait_condition(workflow.all_handlers_finished)
        if self.state.stage in FINAL_STAGES:
            await self._hand_over()
            return self.state
        workflow.continue_as_new(
            PairWorkflowInput(
                state=self.state,
                history_limit=self.history_limit,
                policy=self.policy,
                items=self.ladders.held(),
            )
        )

    async def _record(self, event: ev.PairEvent, snapshot: PairState | None = None) -> PairState:
        changes = ItemChanges()
        # Shipped histories had no overdue items: replaying them must not schedule these activities.
        if workflow.patched("overdue-items-v1"):
            policy = self.policy
            # Histories from before school-local dates took an event's date in UTC; they still do.
            if not workflow.patched("school-local-dates-v1"):
                policy = policy.model_copy(update={"time_zone": "UTC"})
            # Histories from before working-day due dates and the no-meeting clock from implementation.
            first_release_dates = not workflow.patched("item-dates-v2")
            kinds_apply = workflow.patched(RULES_V2)
            changes = items_after(
                snapshot or self.state, event, policy, first_release_dates, kinds_apply=kinds_apply
            )
            track_no_meeting(self.state, changes)
        snapshot = snapshot or self.state.model_copy(deep=True)
        upsert_on_stage_change(event, snapshot)
        record = PairEventRecord(workflow_id=workflow.info().workflow_id, pair=snapshot, event=event)
        if changes and workflow.patched(LADDER_IN_PAIR):
            record.items = self._hold(changes, event)  # written with the event; `changes` keeps the rest
        report = bool(snapshot.programme_id) and event.action in _STAGE_ACTIONS
        if workflow.patched(WRITES_AT_ONCE):
            # The audit and read model, the programme's report and the items are independent writes:
            # issued in one workflow task they cost one round trip, not one each (issue 10).
            writes = [self._write(record, event)]
            if report and snapshot.programme_id:
                writes.append(self._report_to_programme(snapshot.programme_id, event))
            if changes:
                writes += self._item_writes(changes, event)
            await asyncio.gather(*writes)
            return snapshot
        await self._write(record, event)
        if report and snapshot.programme_id:
            await self._report_to_programme(snapshot.programme_id, event)
        if changes:
            # Shipped histories: open, then settle.
            for write in self._item_writes(changes, event):
                await write
        return snapshot

    async def _write(self, record: PairEventRecord, event: ev.PairEvent) -> None:
        if workflow.patched(RECORD_WHEN_DURABLE):
            if event.seq > 1:  # the creation is written first, so the audit reads in order
                await workflow.wait_condition(lambda: self.created_recorded)
            # A regular activity is scheduled only when the task that changed the state completes, so
            # nothing is written for an Update a crash lost; its key is the event's own identity.
            record.event_key = event_key(event.seq)
            await workflow.execute_activity(
                record_pair_event,
                record,
                start_to_close_timeout=timedelta(seconds=self.record_timeout),
                retry_policy=RECORD_RETRY,
            )
        else:
            # Shipped histories: a local activity, idempotent by seq.
            await workflow.execute_local_activity(
                record_pair_event,
                record,
                start_to_close_timeout=timedelta(seconds=30),
                schedule_to_close_timeout=timedelta(minutes=10),
                retry_policy=RECORD_RETRY,
            )

    def _item_writes(self, changes: ItemChanges, event: ev.PairEvent) -> list[Coroutine[Any, Any, Any]]:
        """Open what the event makes owed and settle what it fulfilled; the items keep the timers."""
        writes: list[Coroutine[Any, Any, Any]] = []
        if changes.open:
            writes.append(
                workflow.execute_activity(
                    open_items,
                    OpenItems(items=changes.open, task_queue=workflow.info().task_queue),
                    start_to_close_timeout=timedelta(minutes=1),
                    heartbeat_timeout=timedelta(seconds=self.record_timeout),
                    retry_policy=RECORD_RETRY,
                )
            )
        if changes.settle:
            writes.append(self._settle(changes, event))
        return writes

    async def _settle(self, changes: ItemChanges, event: ev.PairEvent) -> None:
        command = SettleItems(item_ids=changes.settle, actor=event.actor, reason=event.action.value)
        # Shipped histories settled only the pair's own items on termination.
        if changes.settle_round_questionnaires and workflow.patched("settle-round-questionnaires-v1"):
            command.questionnaires_of_pair = self.state.pair_id
        await workflow.execute_activity(
            settle_items,
            command,
            start_to_close_timeout=timedelta(minutes=1),
            heartbeat_timeout=timedelta(seconds=self.record_timeout),
            retry_policy=RECORD_RETRY,
        )

    async def _report_to_programme(self, programme_id: str, event: ev.PairEvent) -> None:
        """The programme counts its pairs by stage from these reports (ids and stage only)."""
        report = PairStageReport(pair_id=self.state.pair_id, seq=event.seq, stage=event.to_stage)
        try:
            await workflow.get_external_workflow_handle(programme_id).signal("pair_stage_changed", report)
        except ApplicationError:
            workflow.logger.warning("programme %s did not take the report of %s", programme_id, event.seq)

    def _hold(self, changes: ItemChanges, event: ev.PairEvent) -> HeldItemWrites:
        """Hold the items the event opens and settle the held ones it fulfilled; what the pair does not hold
        (items opened before `ladder-in-pair-v1`, a round's questionnaires) stays in `changes`."""
        now = workflow.now()
        writes = self.ladders.hold(changes.open, now, workflow.info().workflow_id)
        steps, not_held = self.ladders.settle(changes.settle, event.actor, event.action.value, now)
        writes.steps += steps
        changes.open, changes.settle = [], not_held
        return writes

    async def _hand_over(self) -> None:
        """The pair ended with items still owed (an exit diagnosis not submitted): each goes on in a workflow
        of its own, from the level reached here; a settlement signalled meanwhile is passed on to it."""
        owed = self.ladders.owed()
        for held in owed:
            held.handed_over = True
        if owed:
            command = HandOver(items=owed, policy=self.policy, task_queue=workflow.info().task_queue)
            await self._activity(hand_over_items, command)
        while self.ladders.settlements:
            for settlement in await self.ladders.record_settlements():
                settle = SettleItems(
                    item_ids=[settlement.item_id], actor=settlement.actor, reason=settlement.reason
                )
                await self._activity(settle_items, settle)

    async def _activity(self, activity: Callable[..., Any], argument: Any) -> Any:
        return await workflow.execute_activity(
            activity,
            argument,
            start_to_close_timeout=timedelta(minutes=1),
            heartbeat_timeout=timedelta(seconds=self.record_timeout),
            retry_policy=RECORD_RETRY,
        )

    def _rehearse(self, apply: Callable[[PairState, Any, datetime], ev.PairEvent], command: Any) -> None:
        """Apply the command to a copy and work out the items it opens: a value the guards let through but
        no date arithmetic can take (issue 13 §2) refuses the command here, in the validator, instead of
        failing the workflow task after the command was accepted."""
        trial = self.state.model_copy(deep=True)
        try:
            event = apply(trial, command, workflow.now())
            for item in items_after(trial, event, self.policy).open:
                hold(item, self.policy, workflow.now())  # its ladder's dates too
        except (ArithmeticError, ValueError) as error:
            raise InvalidInput(
                "command_in_bounds", "Команда ведёт к невозможной дате или числу: проверьте даты.", None
            ) from error

    @workflow.query
    def current(self) -> PairState:
        return self.state

    @workflow.query
    def items(self) -> list[HeldItem]:
        """The items whose ladders the pair keeps, settled ones included."""
        return self.ladders.held()

    @workflow.signal
    def settle_item(self, settlement: ItemSettlement) -> None:
        self.ladders.settlements.append(settlement)

    @workflow.update
    async def advance(self, cmd: ev.AdvanceStage) -> PairState:
        return await self._record(refusing(lambda: ev.apply_advance(self.state, cmd, workflow.now())))

    @advance.validator
    def _validate_advance(self, cmd: ev.AdvanceStage) -> None:
        refusing(lambda: ev.check_advance(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_advance, cmd))

    @workflow.update
    async def terminate_early(self, cmd: ev.TerminateEarly) -> PairState:
        return await self._record(refusing(lambda: ev.apply_terminate(self.state, cmd, workflow.now())))

    @terminate_early.validator
    def _validate_terminate_early(self, cmd: ev.TerminateEarly) -> None:
        refusing(lambda: ev.check_terminate(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_terminate, cmd))

    @workflow.update
    async def change_term(self, cmd: ev.ChangeTerm) -> PairState:
        return await self._record(refusing(lambda: ev.apply_change_term(self.state, cmd, workflow.now())))

    @change_term.validator
    def _validate_change_term(self, cmd: ev.ChangeTerm) -> None:
        refusing(lambda: ev.check_change_term(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_change_term, cmd))

    @workflow.update
    async def record_meeting(self, cmd: ev.RecordMeeting) -> PairState:
        rules_v2 = workflow.patched(RULES_V2)
        return await self._record(
            refusing(lambda: ev.apply_record_meeting(self.state, cmd, workflow.now(), rules_v2))
        )

    @record_meeting.validator
    def _validate_record_meeting(self, cmd: ev.RecordMeeting) -> None:
        refusing(lambda: ev.check_record_meeting(self.state, cmd, workflow.now()))
        refusing(lambda: self._rehearse(ev.apply_record_meeting, cmd))

    @workflow.update
    async def fix_order(self, cmd: ev.FixOrder) -> PairState:
        rules_v2 = workflow.patched(RULES_V2)
        return await self._record(
            refusing(lambda: ev.apply_fix_order(self.state, cmd, workflow.now(), rules_v2))
        )

    @fix_order.validator
    def _validate_fix_order(self, cmd: ev.FixOrder) -> None:
        refusing(lambda: ev.check_fix_order(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_fix_order, cmd))

    @workflow.update
    async def approve_plan(self, cmd: ev.ApprovePlan) -> PairState:
        rules_v2 = workflow.patched(RULES_V2)
        # 001 §4.13: a plan may change the kind (asked only when it does: shipped histories never did).
        kind_changes = cmd.kind is not None and workflow.patched(PLAN_KIND_CHANGE)
        kind = self.state.kind
        event = refusing(
            lambda: ev.apply_approve_plan(self.state, cmd, workflow.now(), rules_v2, kind_changes)
        )
        if self.state.kind is not kind and workflow.patched(SEARCH_ATTRIBUTES_PATCH):
            workflow.upsert_search_attributes(updates(self.state))  # the UI finds it by its new kind
        return await self._record(event)

    @approve_plan.validator
    def _validate_approve_plan(self, cmd: ev.ApprovePlan) -> None:
        refusing(lambda: ev.check_approve_plan(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_approve_plan, cmd))

    @workflow.update
    async def mark_plan_fulfilled(self, cmd: ev.MarkPlanFulfilled) -> PairState:
        return await self._record(
            refusing(lambda: ev.apply_mark_plan_fulfilled(self.state, cmd, workflow.now()))
        )

    @mark_plan_fulfilled.validator
    def _validate_mark_plan_fulfilled(self, cmd: ev.MarkPlanFulfilled) -> None:
        refusing(lambda: ev.check_mark_plan_fulfilled(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_mark_plan_fulfilled, cmd))

    @workflow.update
    async def record_consent(self, cmd: ev.RecordConsent) -> PairState:
        return await self._record(refusing(lambda: ev.apply_record_consent(self.state, cmd, workflow.now())))

    @record_consent.validator
    def _validate_record_consent(self, cmd: ev.RecordConsent) -> None:
        refusing(lambda: ev.check_record_consent(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_record_consent, cmd))

    @workflow.update
    async def record_reflection(self, cmd: ev.RecordReflection) -> PairState:
        return await self._record(
            refusing(lambda: ev.apply_record_reflection(self.state, cmd, workflow.now()))
        )

    @record_reflection.validator
    def _validate_record_reflection(self, cmd: ev.RecordReflection) -> None:
        refusing(lambda: ev.check_record_reflection(self.state, cmd))
        refusing(lambda: self._rehearse(ev.apply_record_reflection, cmd))
