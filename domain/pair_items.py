"""Which overdue items a pair's event opens or settles (issue 4): pure, so the workflow stays thin.

Item ids are deterministic, so opening twice is one item and settling names it without a lookup.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from pydantic import BaseModel, Field

from domain.actors import Actor
from domain.assessments import assessed_members
from domain.errors import InvalidInput
from domain.escalation import EscalationPolicy, ItemKind, OverdueItem, deadline_shown
from domain.local_time import local_date
from domain.mentoring_kinds import expects_regular_meetings
from domain.pair import MeetingKind, MemberRole, PairState
from domain.pair_events import PairAction, PairEvent, created
from domain.stages import Stage


class ItemChanges(BaseModel):
    open: list[OverdueItem] = Field(default_factory=list)
    settle: list[str] = Field(default_factory=list)
    # The pair's questionnaires of monitoring rounds already open: their ids hold the round, which the
    # pair does not know, so they are found where the items are kept.
    settle_round_questionnaires: bool = False

    def __bool__(self) -> bool:
        return bool(self.open or self.settle or self.settle_round_questionnaires)


def assessment_item_id(kind: ItemKind, pair_id: str, participant_id: str) -> str:
    return f"{kind.value}-{pair_id}-{participant_id}"


def _item(pair: PairState, kind: ItemKind, item_id: str, **kw: object) -> OverdueItem:
    return OverdueItem.model_validate(
        {
            "item_id": item_id,
            "kind": kind,
            "organisation_id": pair.organisation_id,
            "district": pair.district,
            "programme_id": pair.programme_id,
            "pair_id": pair.pair_id,
            **kw,
        }
    )


def _assessments(pair: PairState, kind: ItemKind, today: date, days: int) -> list[OverdueItem]:
    return [
        _item(
            pair,
            kind,
            assessment_item_id(kind, pair.pair_id, participant_id),
            owner_participant_id=participant_id,
            opens_on=today,
            due_on=today + timedelta(days=days),
        )
        for participant_id in assessed_members(pair)  # mentors too (000 §7.5)
    ]


def no_meeting_since(
    pair: PairState, since: PairEvent, time_zone: str, from_implementation: bool = True
) -> date:
    """`no_meeting_counts_from_implementation`: the cadence is counted from the last meeting held, but never
    from before the pair entered implementation — meetings typed in after the fact (October's meetings
    recorded in November) and an introduction held in preparatory never make a pair look lapsed."""
    last = pair.meetings.last_held_on or local_date(since.at, time_zone)
    if from_implementation and pair.stage_since is not None:
        last = max(last, local_date(pair.stage_since, time_zone))
    return last


def _no_meeting(
    pair: PairState, policy: EscalationPolicy, since: PairEvent, from_implementation: bool = True
) -> OverdueItem:
    cadence = (pair.plan.cadence_days if pair.plan else None) or 14
    last = no_meeting_since(pair, since, policy.time_zone, from_implementation)
    mentor = next((m.participant_id for m in pair.members if m.role is MemberRole.MENTOR), None)
    return _item(
        pair,
        ItemKind.NO_MEETING,
        f"{ItemKind.NO_MEETING.value}-{pair.pair_id}-{since.seq}",
        owner_participant_id=mentor,
        due_on=policy.calendar.add_school_days(last, cadence + policy.meeting_grace_days),
    )


def _stage_item_id(pair: PairState) -> str:
    return f"{ItemKind.STAGE_DEADLINE.value}-{pair.pair_id}-preparatory"


def _plan_past_end(pair: PairState, event: PairEvent) -> OverdueItem:
    """Due the day after the plan's end; the end date is in the id, so a new end is a new item."""
    assert pair.plan is not None
    ends_on = pair.plan.ends_on
    return _item(
        pair,
        ItemKind.PLAN_PAST_END,
        f"{ItemKind.PLAN_PAST_END.value}-{pair.pair_id}-{ends_on.isoformat()}",
        owner_user_id=event.actor.user_id,
        due_on=ends_on + timedelta(days=1),
    )


def _implementation_finished(pair: PairState) -> bool:
    """The final meeting was held or the plan marked fulfilled: no more meetings are owed."""
    return pair.meetings.count(MeetingKind.FINAL) > 0 or bool(pair.plan and pair.plan.fulfilled)


def owes_meetings(pair: PairState, kinds_apply: bool = True) -> bool:
    """001 §4.4: the "no meeting" item follows the kind — a speed pair holds its one meeting, a situational
    pair meets when the mentee needs it; only the kinds with a schedule owe meetings at a cadence."""
    return not kinds_apply or expects_regular_meetings(pair.kind)


def items_after(
    pair: PairState,
    event: PairEvent,
    policy: EscalationPolicy,
    first_release_dates: bool = False,
    kinds_apply: bool = True,
) -> ItemChanges:
    """The items an event opens and settles; `pair` is the state right after the event.

    Every opened item is due on a working day (`deadline_on_a_working_day`), and the "no meeting" clock
    starts no earlier than implementation (`no_meeting_counts_from_implementation`).
    `first_release_dates` keeps the dates of pair workflows recorded before (`item-dates-v2`);
    `kinds_apply`: the "no meeting" item follows the kind (False replays histories from before kinds)."""
    changes = _items_after(pair, event, policy, not first_release_dates, kinds_apply)
    if not first_release_dates:
        for item in changes.open:
            item.due_on = deadline_shown(item.due_on, policy.calendar)
    return changes


def _items_after(
    pair: PairState,
    event: PairEvent,
    policy: EscalationPolicy,
    from_implementation: bool,
    kinds_apply: bool = True,
) -> ItemChanges:
    changes = ItemChanges()
    owes = owes_meetings(pair, kinds_apply)
    today = local_date(event.at, policy.time_zone)  # the school's day, not UTC's
    if event.action is PairAction.CREATED:
        changes.open += _assessments(pair, ItemKind.ENTRY_ASSESSMENT, today, policy.preparatory_days)
        changes.open.append(
            _item(
                pair,
                ItemKind.STAGE_DEADLINE,
                _stage_item_id(pair),
                owner_user_id=event.actor.user_id,
                due_on=today + timedelta(days=policy.preparatory_days),
            )
        )
    elif event.action is PairAction.STAGE_CHANGED:
        if event.from_stage is Stage.PREPARATORY:
            changes.settle.append(_stage_item_id(pair))
        if event.to_stage is Stage.IMPLEMENTATION and pair.plan is not None:
            changes.open.append(_plan_past_end(pair, event))
            if owes:
                changes.open.append(_no_meeting(pair, policy, event, from_implementation))
        if event.to_stage is Stage.REFLECTIVE:
            changes.open += _assessments(pair, ItemKind.EXIT_ASSESSMENT, today, policy.assessment_days)
    elif event.action is PairAction.MEETING_RECORDED and pair.stage is Stage.IMPLEMENTATION:
        if owes and not _implementation_finished(pair):
            changes.open.append(_no_meeting(pair, policy, event, from_implementation))
    elif event.action in (PairAction.TERM_CHANGED, PairAction.PLAN_APPROVED, PairAction.PLAN_FULFILLED):
        if pair.stage is Stage.IMPLEMENTATION and pair.plan is not None and not pair.plan.fulfilled:
            changes.open.append(_plan_past_end(pair, event))
    elif event.action is PairAction.TERMINATED:
        changes.settle.append(_stage_item_id(pair))
        changes.settle += [
            assessment_item_id(kind, pair.pair_id, m.participant_id)
            for kind in (ItemKind.ENTRY_ASSESSMENT, ItemKind.EXIT_ASSESSMENT)
            for m in pair.members
        ]
        # Ended early (moved away, illness, a mismatch): the head is not chased for a pair that is gone.
        changes.settle_round_questionnaires = True
    return changes


def track_no_meeting(pair: PairState, changes: ItemChanges) -> None:
    """Keep one open "no meeting" item per pair: a new one settles the one before."""
    new = next((i.item_id for i in changes.open if i.kind is ItemKind.NO_MEETING), None)
    leaving = pair.stage is not Stage.IMPLEMENTATION
    if pair.no_meeting_item and (new or leaving or _implementation_finished(pair)):
        changes.settle.append(pair.no_meeting_item)
        pair.no_meeting_item = None
    if new:
        pair.no_meeting_item = new
    new_plan = next((i.item_id for i in changes.open if i.kind is ItemKind.PLAN_PAST_END), None)
    plan_done = bool(pair.plan and pair.plan.fulfilled)
    if pair.plan_item and (leaving or plan_done or (new_plan and new_plan != pair.plan_item)):
        changes.settle.append(pair.plan_item)
        pair.plan_item = None
    if new_plan and not leaving:
        pair.plan_item = new_plan


def check_creation(pair: PairState, actor: Actor, at: datetime, policy: EscalationPolicy) -> None:
    """The pair workflow's first task, rehearsed before anything is stored or started: a pair whose creation
    no date arithmetic can take is refused here (`pair_in_bounds`), not left behind a workflow whose first
    task fails for good (issue 13 §2)."""
    trial = pair.model_copy(deep=True)
    try:
        items_after(trial, created(trial, actor, at), policy)
    except (ArithmeticError, ValueError) as error:
        raise InvalidInput(
            "pair_in_bounds",
            "Пара ведёт к невозможной дате: проверьте даты пары и сроки в настройках организации.",
            None,
        ) from error
