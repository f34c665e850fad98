"""Which commands of a pair this person may give at its current stage: what a face offers. Each answer is
the domain's own rule asked in advance (who: `domain.actors`; when: `domain.pair_guards`), so a face never
offers a command the workflow would refuse for its stage or its author, and never restates a rule."""

from __future__ import annotations

from datetime import timedelta

from pydantic import BaseModel

from application.assessments import ensure_assessor
from application.matching import ensure_fit_answerer
from domain import pair_guards
from domain.actors import (
    Actor,
    Scope,
    ensure_curator,
    ensure_may_record_meeting,
    ensure_may_record_reflection,
)
from domain.errors import DomainError
from domain.pair import MeetingKind, PairState, ReflectionKind, TermChangeRequest
from domain.stages import next_stage


class Offer(BaseModel):
    """The commands offered, by name, and the choices inside the meeting and reflection forms."""

    commands: list[str] = []
    meeting_kinds: list[MeetingKind] = []
    reflection_kinds: list[ReflectionKind] = []

    def has(self, command: str) -> bool:
        return command in self.commands


def _passes(check: object, *args: object, **kwargs: object) -> bool:
    try:
        check(*args, **kwargs)  # type: ignore[operator]
    except DomainError:
        return False
    return True


def _term_change_stage(state: PairState) -> bool:
    """Only the stage part of `term_change_allowed`: a change both sides agree to, by one day."""
    probe = TermChangeRequest(
        new_end=state.planned_end + timedelta(days=1),
        mentor_agrees=True,
        mentee_agrees=True,
        override_reason="проверка этапа",
    )
    try:
        pair_guards.term_change_allowed(state, probe)
    except DomainError as refusal:
        return refusal.rule != "term_change_stage"
    return True


def offered(actor: Actor, scope: Scope, state: PairState | None) -> Offer:
    """Nothing is offered for a pair whose process cannot be asked (closed or unreachable)."""
    if state is None or not _passes(pair_guards.pair_is_active, state):
        return Offer()
    commands: list[str] = []
    curator = _passes(ensure_curator, actor, scope)
    if curator:
        if next_stage(state.stage) is not None:
            commands.append("transition")
        if _passes(pair_guards.order_change_allowed, state):
            commands.append("order")
        if state.plan is None and _passes(pair_guards.plan_change_allowed, state):
            # The first plan, entered at once; a change goes through the plan page (both sides agree).
            commands.append("plan")
        if _passes(pair_guards.plan_fulfilment_allowed, state):
            commands.append("plan_fulfilled")
        if _term_change_stage(state):
            commands.append("extension")
        commands.append("termination")
    kinds = [k for k in MeetingKind if state.stage in pair_guards.MEETING_STAGES[k]]
    if kinds and _passes(ensure_may_record_meeting, actor, scope):
        commands.append("meeting")
    reflections = [
        k
        for k in ReflectionKind
        if _passes(ensure_may_record_reflection, actor, scope, k.value)
        and _passes(pair_guards.reflection_allowed, state)
    ]
    if reflections:
        commands.append("reflection")
    if _passes(ensure_assessor, actor, scope):
        commands.append("assessment")
    if MeetingKind.TRIAL in kinds and _passes(ensure_fit_answerer, actor, scope):
        commands.append("fit")
    return Offer(commands=commands, meeting_kinds=kinds, reflection_kinds=reflections)
