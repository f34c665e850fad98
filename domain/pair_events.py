"""Commands a pair accepts and the events they produce.

`check_*` decide (validators call them), `apply_*` change the state and return the event that the audit
records (handlers call them). Both are pure, so the workflow stays thin and deterministic.
"""

from __future__ import annotations

from datetime import datetime
from enum import StrEnum
from typing import Any

from pydantic import BaseModel

from domain import pair_guards
from domain.actors import Actor
from domain.calendar import latest_local_date
from domain.events import LifecycleEvent
from domain.forms import Kind
from domain.pair import (
    ConsentFact,
    MeetingFacts,
    OrderFacts,
    PairState,
    PlanFacts,
    ReflectionKind,
    TermChangeRequest,
    TerminationRequest,
)
from domain.pair_machine import stage_after_advance, stage_after_termination
from domain.stages import Stage


class PairAction(StrEnum):
    CREATED = "created"
    STAGE_CHANGED = "stage_changed"
    TERMINATED = "terminated"
    TERM_CHANGED = "term_changed"
    MEETING_RECORDED = "meeting_recorded"
    ORDER_FIXED = "order_fixed"
    PLAN_APPROVED = "plan_approved"
    PLAN_FULFILLED = "plan_fulfilled"
    CONSENT_RECORDED = "consent_recorded"
    REFLECTION_RECORDED = "reflection_recorded"


class AdvanceStage(BaseModel):
    actor: Actor
    to_stage: Stage
    comment: str = ""  # histories of earlier releases; free text now stays in the database
    comment_id: str | None = None


class TerminateEarly(BaseModel):
    actor: Actor
    request: TerminationRequest


class ChangeTerm(BaseModel):
    actor: Actor
    request: TermChangeRequest


class RecordMeeting(BaseModel):
    actor: Actor
    meeting: MeetingFacts


class FixOrder(BaseModel):
    actor: Actor
    order: OrderFacts


class ApprovePlan(BaseModel):
    actor: Actor
    plan: PlanFacts
    drafted_by: str | None = None  # the user who drafted it (the mentor, 003 §5.1), when not the approver
    # The kind (вид, 001 §4.4) the pair changes to with this plan — a change of the form of mentoring
    # both sides agreed to (001 §4.13); None: the kind stays.
    kind: Kind | None = None


class MarkPlanFulfilled(BaseModel):
    actor: Actor
    comment: str = ""  # histories of earlier releases; free text now stays in the database
    comment_id: str | None = None


class RecordConsent(BaseModel):
    actor: Actor
    consent: ConsentFact


class RecordReflection(BaseModel):
    actor: Actor
    kind: ReflectionKind
    document_id: str


class PairEvent(LifecycleEvent):
    action: PairAction


def _event(
    pair: PairState, action: PairAction, actor: Actor, at: datetime, from_stage: Stage, **kw: Any
) -> PairEvent:
    pair.seq += 1
    return PairEvent(
        seq=pair.seq, action=action, actor=actor, at=at, from_stage=from_stage, to_stage=pair.stage, **kw
    )


def created(pair: PairState, actor: Actor, at: datetime) -> PairEvent:
    pair.stage_since = at
    return _event(pair, PairAction.CREATED, actor, at, pair.stage)


def check_advance(pair: PairState, cmd: AdvanceStage) -> Stage:
    return stage_after_advance(pair, cmd.to_stage)


def apply_advance(pair: PairState, cmd: AdvanceStage, at: datetime) -> PairEvent:
    before = pair.stage
    pair.stage = check_advance(pair, cmd)
    pair.stage_since = at
    return _event(
        pair,
        PairAction.STAGE_CHANGED,
        cmd.actor,
        at,
        before,
        reason=cmd.comment,
        reason_text_id=cmd.comment_id,
    )


def check_terminate(pair: PairState, cmd: TerminateEarly) -> Stage:
    return stage_after_termination(pair, cmd.request)


def apply_terminate(pair: PairState, cmd: TerminateEarly, at: datetime) -> PairEvent:
    before = pair.stage
    pair.stage = check_terminate(pair, cmd)
    pair.stage_since = at
    pair.termination = cmd.request
    return _event(
        pair,
        PairAction.TERMINATED,
        cmd.actor,
        at,
        before,
        reason=cmd.request.comment,
        reason_text_id=cmd.request.comment_id,
        details={"termination_reason": cmd.request.reason.value},
    )


def check_change_term(pair: PairState, cmd: ChangeTerm) -> None:
    pair_guards.term_change_allowed(pair, cmd.request)


def apply_change_term(pair: PairState, cmd: ChangeTerm, at: datetime) -> PairEvent:
    check_change_term(pair, cmd)
    old_end = pair.planned_end
    pair.planned_end = cmd.request.new_end
    if pair.plan is not None:
        pair.plan.ends_on = cmd.request.new_end
    pair.term_changes += 1
    override = (cmd.request.override_reason or "").strip() or cmd.request.override_reason_id
    if override:
        pair.term_override_reason = override  # a yes/no fact for the guards (an id in new histories)
    return _event(
        pair,
        PairAction.TERM_CHANGED,
        cmd.actor,
        at,
        pair.stage,
        reason=cmd.request.override_reason or "",
        reason_text_id=cmd.request.override_reason_id,
        details={
            "old_end": old_end.isoformat(),
            "new_end": cmd.request.new_end.isoformat(),
            "extension": cmd.request.new_end > old_end,
            "override": cmd.request.overridden,
        },
    )


def check_record_meeting(pair: PairState, cmd: RecordMeeting, now: datetime, rules_v2: bool = True) -> None:
    """`rules_v2`: the rules of issue 12 (the kind's meetings, consents first); a workflow replaying a
    history recorded before them passes False."""
    pair_guards.meeting_allowed(pair, cmd.meeting, latest_local_date(now), kinds_apply=rules_v2)


def apply_record_meeting(
    pair: PairState, cmd: RecordMeeting, at: datetime, rules_v2: bool = True
) -> PairEvent:
    check_record_meeting(pair, cmd, at, rules_v2)
    tally = pair.meetings
    tally.by_kind[cmd.meeting.kind] = tally.count(cmd.meeting.kind) + 1
    if tally.last_held_on is None or cmd.meeting.held_on > tally.last_held_on:
        tally.last_held_on = cmd.meeting.held_on
    return _event(
        pair,
        PairAction.MEETING_RECORDED,
        cmd.actor,
        at,
        pair.stage,
        details={"meeting": cmd.meeting.model_dump(mode="json")},
    )


def check_fix_order(pair: PairState, cmd: FixOrder, rules_v2: bool = True) -> None:
    pair_guards.order_change_allowed(pair)
    if rules_v2:
        pair_guards.consented_before_order(pair)


def apply_fix_order(pair: PairState, cmd: FixOrder, at: datetime, rules_v2: bool = True) -> PairEvent:
    check_fix_order(pair, cmd, rules_v2)
    pair.order = cmd.order
    return _event(
        pair, PairAction.ORDER_FIXED, cmd.actor, at, pair.stage, details=cmd.order.model_dump(mode="json")
    )


def check_approve_plan(pair: PairState, cmd: ApprovePlan, rules_v2: bool = True) -> None:
    """The plan fits the kind the pair will have: its own, or the one this plan changes it to."""
    pair_guards.plan_change_allowed(pair)
    if rules_v2:
        pair_guards.validate_plan(cmd.plan, cmd.kind or pair.kind, pair.teacher_mentee)
    else:
        pair_guards.validate_plan(cmd.plan)


def apply_approve_plan(
    pair: PairState, cmd: ApprovePlan, at: datetime, rules_v2: bool = True, kind_changes: bool = False
) -> PairEvent:
    """`kind_changes`: the workflow applies `cmd.kind` (plan-kind-change-v1); a command without a kind
    changes nothing of it."""
    check_approve_plan(pair, cmd, rules_v2)
    pair.plan = cmd.plan
    pair.term_override_reason = None
    pair.planned_start, pair.planned_end = cmd.plan.starts_on, cmd.plan.ends_on
    details = cmd.plan.model_dump(mode="json")
    if cmd.drafted_by and cmd.drafted_by != cmd.actor.user_id:
        details["drafted_by"] = cmd.drafted_by
    if kind_changes and cmd.kind is not None and cmd.kind is not pair.kind:
        details["kind"] = {"from": pair.kind.value, "to": cmd.kind.value}
        pair.kind = cmd.kind
    return _event(pair, PairAction.PLAN_APPROVED, cmd.actor, at, pair.stage, details=details)


def check_mark_plan_fulfilled(pair: PairState, cmd: MarkPlanFulfilled) -> None:
    pair_guards.plan_fulfilment_allowed(pair)


def apply_mark_plan_fulfilled(pair: PairState, cmd: MarkPlanFulfilled, at: datetime) -> PairEvent:
    check_mark_plan_fulfilled(pair, cmd)
    assert pair.plan is not None
    pair.plan.fulfilled = True
    return _event(
        pair,
        PairAction.PLAN_FULFILLED,
        cmd.actor,
        at,
        pair.stage,
        reason=cmd.comment,
        reason_text_id=cmd.comment_id,
    )


def check_record_consent(pair: PairState, cmd: RecordConsent) -> None:
    pair_guards.consent_change_allowed(pair, cmd.consent.participant_id)


def apply_record_consent(pair: PairState, cmd: RecordConsent, at: datetime) -> PairEvent:
    check_record_consent(pair, cmd)
    pair.consents = [c for c in pair.consents if c.consent_id != cmd.consent.consent_id]
    pair.consents.append(cmd.consent)
    return _event(
        pair,
        PairAction.CONSENT_RECORDED,
        cmd.actor,
        at,
        pair.stage,
        details=cmd.consent.model_dump(mode="json"),
    )


def check_record_reflection(pair: PairState, cmd: RecordReflection) -> None:
    pair_guards.reflection_allowed(pair)


def apply_record_reflection(pair: PairState, cmd: RecordReflection, at: datetime) -> PairEvent:
    check_record_reflection(pair, cmd)
    if cmd.kind not in pair.reflections:
        pair.reflections.append(cmd.kind)
    return _event(
        pair,
        PairAction.REFLECTION_RECORDED,
        cmd.actor,
        at,
        pair.stage,
        details={"kind": cmd.kind.value, "document_id": cmd.document_id},
    )
