"""The programme stage machine: the guards of each stage a programme leaves (clauses in README)."""

from __future__ import annotations

from domain import programme_guards as g
from domain.programme import ProgrammeState
from domain.stage_machine import StageMachine
from domain.stages import Stage

PROGRAMME_MACHINE: StageMachine[ProgrammeState] = StageMachine(
    leaving={
        Stage.PREPARATORY: [
            g.curator_appointed,
            g.forms_chosen,
            g.roadmap_approved,
            g.mentee_base_with_requests,
            g.mentors_selected_and_trained,
            g.head_approved_mentors_and_mentees,
            g.pairs_fixed,
        ],
        Stage.DESIGN: [g.pairs_planned],
        Stage.IMPLEMENTATION: [g.pairs_implemented],
        Stage.REFLECTIVE: [g.reflection_collected],
        Stage.RESULT: [g.completion_recorded_when_it_happens],
    },
    subject_label="Программа",
    closed_rule="programme_active",
)
