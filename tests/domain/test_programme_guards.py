"""The programme lifecycle's rules (004 §6.1; 002 plan), one test per rule."""

from __future__ import annotations

from datetime import date

import pytest

from domain import programme_events as ev
from domain.errors import GuardRefused
from domain.forms import Form
from domain.programme import BaseFacts, CompletionFact, ProgrammeState, RoadmapFacts
from domain.stages import Stage
from tests.factories import CURATOR

READY_BASE = BaseFacts(
    mentees_with_requests=3, mentors_selected=2, mentors_trained=2, feedback_questionnaires=4
)


def programme(**overrides: object) -> ProgrammeState:
    values: dict[str, object] = {
        "programme_id": "programme-1",
        "organisation_id": "school-1",
        "district": "district-1",
        "title": "Учитель–учитель 2026/27",
        "academic_year": "2026/27",
        "curator_id": "curator-1",
        "forms": [Form.TEACHER_TEACHER],
        "roadmap": RoadmapFacts(document_id="roadmap-1", approved_on=date(2026, 9, 1)),
        "pairs": {"pair-1": Stage.PREPARATORY},
    }
    values.update(overrides)
    return ProgrammeState.model_validate(values)


def refused_rule(state: ProgrammeState, to_stage: Stage, base: BaseFacts = READY_BASE) -> str | None:
    try:
        ev.check_advance(state, ev.AdvanceProgramme(actor=CURATOR, to_stage=to_stage, base=base))
    except GuardRefused as refusal:
        return refusal.rule
    return None


def test_ready_programme_leaves_preparatory() -> None:
    assert refused_rule(programme(), Stage.DESIGN) is None


@pytest.mark.parametrize(
    ("overrides", "base", "rule"),
    [
        ({"curator_id": None}, READY_BASE, "curator_appointed"),
        ({"forms": []}, READY_BASE, "forms_chosen"),
        ({"roadmap": None}, READY_BASE, "roadmap_approved"),
        ({}, READY_BASE.model_copy(update={"mentees_with_requests": 0}), "mentee_base_with_requests"),
        ({}, READY_BASE.model_copy(update={"mentors_selected": 0, "mentors_trained": 0}), "mentors_selected"),
        ({}, READY_BASE.model_copy(update={"mentors_trained": 1}), "mentors_trained"),
        ({"pairs": {}}, READY_BASE, "pairs_fixed"),
    ],
    ids=["curator", "forms", "roadmap", "mentee_base", "mentors_selected", "mentors_trained", "pairs_fixed"],
)
def test_leaving_preparatory_needs_conditions_bases_selection_training_and_fixed_pairs(
    overrides: dict[str, object], base: BaseFacts, rule: str
) -> None:
    assert refused_rule(programme(**overrides), Stage.DESIGN, base) == rule


def test_training_is_not_required_where_the_programme_says_so() -> None:
    untrained = READY_BASE.model_copy(update={"mentors_trained": 0})
    assert refused_rule(programme(training_required=False), Stage.DESIGN, untrained) is None


def test_leaving_design_needs_every_pair_planned() -> None:
    state = programme(stage=Stage.DESIGN, pairs={"a": Stage.DESIGN, "b": Stage.IMPLEMENTATION})
    assert refused_rule(state, Stage.IMPLEMENTATION) == "pairs_planned"
    state.pairs["a"] = Stage.TERMINATED
    assert refused_rule(state, Stage.IMPLEMENTATION) is None


def test_leaving_implementation_needs_every_pair_past_its_meetings() -> None:
    state = programme(stage=Stage.IMPLEMENTATION, pairs={"a": Stage.IMPLEMENTATION, "b": Stage.RESULT})
    assert refused_rule(state, Stage.REFLECTIVE) == "pairs_implemented"


def test_leaving_reflective_needs_the_final_group_meeting_and_feedback() -> None:
    state = programme(stage=Stage.REFLECTIVE, pairs={"a": Stage.COMPLETED})
    assert refused_rule(state, Stage.RESULT) == "final_group_meeting"
    state.completion.append(CompletionFact.FINAL_GROUP_MEETING)
    no_feedback = READY_BASE.model_copy(update={"feedback_questionnaires": 0})
    assert refused_rule(state, Stage.RESULT, no_feedback) == "feedback_collected"
    assert refused_rule(state, Stage.RESULT) is None


@pytest.mark.parametrize(
    ("missing", "rule"),
    [
        (CompletionFact.AWARDS, "awards_recorded"),
        (CompletionFact.BEST_PRACTICES, "best_practices_published"),
        (CompletionFact.ALUMNI_OFFERED, "alumni_offered"),
    ],
)
def test_closing_the_result_stage_needs_awards_best_practices_and_alumni_offered(
    missing: CompletionFact, rule: str
) -> None:
    done = [f for f in CompletionFact if f is not missing]
    state = programme(stage=Stage.RESULT, completion=done)
    assert refused_rule(state, Stage.COMPLETED) == rule


def test_a_pair_report_counts_once_per_event() -> None:
    state = programme(pairs={})
    report = ev.PairStageReport(pair_id="a", seq=3, stage=Stage.DESIGN)
    assert ev.apply_pair_report(state, report) is True
    assert ev.apply_pair_report(state, report) is False
    late = ev.PairStageReport(pair_id="a", seq=2, stage=Stage.PREPARATORY)
    assert ev.apply_pair_report(state, late) is False
    assert state.stage_counts()[Stage.DESIGN] == 1
