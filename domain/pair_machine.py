"""The pair stage machine (000 §V): the guards of each stage a pair leaves, on the shared stage machine."""

from __future__ import annotations

from domain import pair_guards
from domain.pair import PairState, TerminationRequest
from domain.stage_machine import StageMachine
from domain.stages import Stage

PAIR_MACHINE: StageMachine[PairState] = StageMachine(
    leaving={
        Stage.PREPARATORY: [pair_guards.consents_complete, pair_guards.order_fixed],
        Stage.DESIGN: [pair_guards.plan_approved],
        Stage.IMPLEMENTATION: [pair_guards.implementation_finished],
        Stage.REFLECTIVE: [pair_guards.reflection_recorded],
    },
    termination_guard=pair_guards.termination_allowed,
    subject_label="Пара",
)
_MACHINE = PAIR_MACHINE.machine


def stage_after_advance(pair: PairState, to_stage: Stage) -> Stage:
    return PAIR_MACHINE.stage_after_advance(pair, to_stage)


def stage_after_termination(pair: PairState, request: TerminationRequest) -> Stage:
    return PAIR_MACHINE.stage_after_termination(pair, request)
