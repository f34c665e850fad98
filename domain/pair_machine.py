"""The pair stage machine (000 §V), built with `transitions`.

One shared Machine serves every pair: a lifecycle model is added for one decision and removed again
(a machine per object costs memory; pytransitions issues #146, #434). The model is rebuilt from the
plain stage the workflow holds; guards raise GuardRefused so the refusal names the missing fact.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

from transitions import EventData, Machine, MachineError

from domain import pair_guards
from domain.errors import GuardRefused
from domain.labels import stage_label
from domain.pair import PairState, TerminationRequest
from domain.stages import ACTIVE_STAGES, Stage, next_stage


class PairLifecycle:
    """The model the machine moves. Trigger methods are declared for typing; the machine overrides them."""

    state: str

    def __init__(self, pair: PairState) -> None:
        self.pair = pair
        self.state = pair.stage.value

    def advance(self) -> bool:
        raise RuntimeError("bound by the machine")

    def terminate_early(self, request: TerminationRequest) -> bool:
        raise RuntimeError("bound by the machine")

    # Conditions: each calls the guards of the stage being left and raises when one refuses.
    def leaving_preparatory(self, _event: EventData) -> bool:
        pair_guards.consents_complete(self.pair)
        pair_guards.order_fixed(self.pair)
        return True

    def leaving_design(self, _event: EventData) -> bool:
        pair_guards.plan_approved(self.pair)
        return True

    def leaving_implementation(self, _event: EventData) -> bool:
        pair_guards.implementation_finished(self.pair)
        return True

    def leaving_reflective(self, _event: EventData) -> bool:
        pair_guards.reflection_recorded(self.pair)
        return True

    def may_terminate(self, event: EventData) -> bool:
        request: TerminationRequest = event.kwargs["request"]
        pair_guards.termination_allowed(self.pair, request)
        return True


_TRANSITIONS: list[dict[str, Any]] = [
    {"trigger": "advance", "source": "preparatory", "dest": "design", "conditions": "leaving_preparatory"},
    {"trigger": "advance", "source": "design", "dest": "implementation", "conditions": "leaving_design"},
    {
        "trigger": "advance",
        "source": "implementation",
        "dest": "reflective",
        "conditions": "leaving_implementation",
    },
    {"trigger": "advance", "source": "reflective", "dest": "result", "conditions": "leaving_reflective"},
    {"trigger": "advance", "source": "result", "dest": "completed"},
    {
        "trigger": "terminate_early",
        "source": [s.value for s in ACTIVE_STAGES],
        "dest": "terminated",
        "conditions": "may_terminate",
    },
]

_MACHINE = Machine(
    model=None,
    states=[s.value for s in Stage],
    transitions=_TRANSITIONS,
    initial=Stage.PREPARATORY.value,
    auto_transitions=False,
    send_event=True,
    model_override=True,
)
# Declared trigger methods (for typing) make `transitions` warn on every add_model; the override is intended.
logging.getLogger("transitions.core").setLevel(logging.ERROR)

# Workflows of one worker run on several threads; the shared machine's model list is not thread-safe.
_LOCK = threading.Lock()


@contextmanager
def _lifecycle(pair: PairState) -> Iterator[PairLifecycle]:
    model = PairLifecycle(pair)
    with _LOCK:
        _MACHINE.add_model(model, initial=pair.stage.value)
        try:
            yield model
        finally:
            _MACHINE.remove_model(model)


def _refuse_final(pair: PairState) -> GuardRefused:
    return GuardRefused(
        "pair_active",
        f"Пара уже {stage_label(pair.stage)}: переходы больше не выполняются.",
        field="stage",
    )


def stage_after_advance(pair: PairState, to_stage: Stage) -> Stage:
    """The stage the pair moves to when the curator asks for `to_stage`; raises when a rule refuses.

    Pure: the pair is not changed, so a workflow's update validator and its handler both call it.
    """
    expected = next_stage(pair.stage)
    if expected is None:
        raise _refuse_final(pair)
    if to_stage is not expected:
        raise GuardRefused(
            "next_stage_only",
            f"Из этапа «{stage_label(pair.stage)}» пара переходит только в «{stage_label(expected)}».",
            field="to_stage",
        )
    with _lifecycle(pair) as lifecycle:
        lifecycle.advance()
        return Stage(lifecycle.state)


def stage_after_termination(pair: PairState, request: TerminationRequest) -> Stage:
    if pair.stage not in ACTIVE_STAGES:
        raise _refuse_final(pair)
    with _lifecycle(pair) as lifecycle:
        try:
            lifecycle.terminate_early(request=request)
        except MachineError as error:  # cannot happen for active stages; kept as a domain error
            raise _refuse_final(pair) from error
        return Stage(lifecycle.state)
