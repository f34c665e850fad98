"""A shared `transitions` machine over the five stages, for any subject that has a stage.

One Machine serves every pair (or every programme): a lifecycle model is added for one decision and
removed again (a machine per object costs memory; pytransitions issues #146, #434). Guards are plain
functions of the subject that raise a DomainError naming what is missing; the machine calls the guards of
the stage being left.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import pairwise
from typing import Any, Generic, Protocol, TypeVar

from transitions import EventData, Machine

from domain.errors import GuardRefused
from domain.labels import stage_label
from domain.stages import ACTIVE_STAGES, STAGE_ORDER, Stage, next_stage

# Declared trigger methods (for typing) make `transitions` warn on every add_model; the override is intended.
logging.getLogger("transitions.core").setLevel(logging.ERROR)


class HasStage(Protocol):
    stage: Stage


S = TypeVar("S", bound=HasStage)
Guard = Callable[[S], None]


class Lifecycle(Generic[S]):
    """The model the machine moves, rebuilt from the plain stage the workflow holds."""

    state: str

    def __init__(self, subject: S, stage_machine: StageMachine[S]) -> None:
        self.subject = subject
        self.stage_machine = stage_machine
        self.state = subject.stage.value

    def advance(self) -> bool:
        raise RuntimeError("bound by the machine")

    def terminate_early(self, **_kwargs: Any) -> bool:
        raise RuntimeError("bound by the machine")

    def leaving_stage(self, _event: EventData) -> bool:
        for guard in self.stage_machine.leaving[Stage(self.state)]:
            guard(self.subject)
        return True

    def may_terminate(self, event: EventData) -> bool:
        if self.stage_machine.termination_guard is not None:
            self.stage_machine.termination_guard(self.subject, event.kwargs["request"])
        return True


class StageMachine(Generic[S]):
    def __init__(
        self,
        leaving: Mapping[Stage, Sequence[Guard[S]]],
        termination_guard: Callable[[S, Any], None] | None = None,
        subject_label: str = "Пара",
        closed_rule: str = "pair_active",
    ) -> None:
        self.leaving = {stage: list(leaving.get(stage, ())) for stage in ACTIVE_STAGES}
        self.termination_guard = termination_guard
        self.subject_label = subject_label
        self.closed_rule = closed_rule
        transitions: list[dict[str, Any]] = [
            {"trigger": "advance", "source": s.value, "dest": d.value, "conditions": "leaving_stage"}
            for s, d in pairwise(STAGE_ORDER)
        ]
        transitions.append(
            {
                "trigger": "terminate_early",
                "source": [s.value for s in ACTIVE_STAGES],
                "dest": Stage.TERMINATED.value,
                "conditions": "may_terminate",
            }
        )
        self.machine = Machine(
            model=None,
            states=[s.value for s in Stage],
            transitions=transitions,
            initial=Stage.PREPARATORY.value,
            auto_transitions=False,
            send_event=True,
            model_override=True,
        )
        # Workflows of one worker run on several threads; the machine's model list is not thread-safe.
        self._lock = threading.Lock()

    @contextmanager
    def _lifecycle(self, subject: S) -> Iterator[Lifecycle[S]]:
        model = Lifecycle(subject, self)
        with self._lock:
            self.machine.add_model(model, initial=subject.stage.value)
            try:
                yield model
            finally:
                self.machine.remove_model(model)

    def _refuse_final(self, subject: S) -> GuardRefused:
        return GuardRefused(
            self.closed_rule,
            f"{self.subject_label}: этап «{stage_label(subject.stage)}», переходы больше не выполняются.",
            field="stage",
        )

    def stage_after_advance(self, subject: S, to_stage: Stage) -> Stage:
        """The stage `subject` moves to when the curator asks for `to_stage`; raises when a rule refuses.

        Pure: the subject is not changed, so an update's validator and its handler both call it.
        """
        expected = next_stage(subject.stage)
        if expected is None:
            raise self._refuse_final(subject)
        if to_stage is not expected:
            raise GuardRefused(
                "next_stage_only",
                f"Из этапа «{stage_label(subject.stage)}» переход только в «{stage_label(expected)}».",
                field="to_stage",
            )
        with self._lifecycle(subject) as lifecycle:
            lifecycle.advance()
            return Stage(lifecycle.state)

    def stage_after_termination(self, subject: S, request: Any) -> Stage:
        if subject.stage not in ACTIVE_STAGES:
            raise self._refuse_final(subject)
        with self._lifecycle(subject) as lifecycle:
            lifecycle.terminate_early(request=request)
            return Stage(lifecycle.state)
