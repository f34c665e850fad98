"""The programme lifecycle's rules (004 §6.1; 002 plan), one test per rule."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from domain import programme_events as ev
from domain.actors import Actor, Role
from domain.errors import Forbidden, GuardRefused
from domain.forms import Form
from domain.programme import Award, BaseFacts, CompletionFact, HeadAct, ProgrammeState, RoadmapFacts
from domain.stages import Stage
from tests.factories import CURATOR

HEAD = Actor(user_id="head-1", role=Role.HEAD, organisation_id="school-1")

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
        ({}, READY_BASE.model_copy(update={"mentors_in_pairs_untrained": 1}), "mentors_trained"),
        ({"pairs": {}}, READY_BASE, "pairs_fixed"),
    ],
    ids=["curator", "forms", "roadmap", "mentee_base", "mentors_selected", "mentors_trained", "pairs_fixed"],
)
def test_leaving_preparatory_needs_conditions_bases_selection_training_and_fixed_pairs(
    overrides: dict[str, object], base: BaseFacts, rule: str
) -> None:
    assert refused_rule(programme(**overrides), Stage.DESIGN, base) == rule


def test_training_is_not_required_where_the_programme_says_so() -> None:
    untrained = READY_BASE.model_copy(update={"mentors_trained": 0, "mentors_in_pairs_untrained": 2})
    assert refused_rule(programme(training_required=False), Stage.DESIGN, untrained) is None


def test_mentors_selected_and_trained_counts_mentors_in_pairs_not_the_reserve() -> None:
    """002 stage 2 «при необходимости»: a selected reserve mentor left untrained holds nothing back."""
    reserve_untrained = READY_BASE.model_copy(update={"mentors_trained": 0, "mentors_in_pairs_untrained": 0})
    assert refused_rule(programme(), Stage.DESIGN, reserve_untrained) is None
    in_pair_untrained = READY_BASE.model_copy(update={"mentors_in_pairs_untrained": 1})
    assert refused_rule(programme(), Stage.DESIGN, in_pair_untrained) == "mentors_trained"


def test_head_approved_mentors_and_mentees() -> None:
    """001 §3.8; 002 item 12: under the new rules the head approves the registry and the mentees."""
    state = programme(rules_v2=True)
    assert refused_rule(state, Stage.DESIGN) == "mentor_registry_approved"
    for act in HeadAct:
        approve = ev.ApproveAsHead(actor=HEAD, act=act, number="5-о", signed_on=date(2026, 9, 20))
        ev.apply_approve_as_head(state, approve, datetime(2026, 9, 20, tzinfo=UTC))
    assert state.head_approvals[HeadAct.MENTOR_REGISTRY].by_user_id == "head-1"
    assert refused_rule(state, Stage.DESIGN) is None
    assert refused_rule(programme(), Stage.DESIGN) is None  # programmes created before keep their rules


def test_head_acts_by_head() -> None:
    """001 §3.8: the curator cannot tick the head's acts; the head's act is recorded as the head's."""
    state = programme(rules_v2=True)
    registry = ev.ApproveAsHead(
        actor=CURATOR, act=HeadAct.MENTOR_REGISTRY, number="5", signed_on=date(2026, 9, 1)
    )
    with pytest.raises(Forbidden) as refused:
        ev.check_approve_as_head(state, registry)
    assert refused.value.rule == "head_acts_by_head"
    roadmap = RoadmapFacts(document_id="roadmap-2", approved_on=date(2026, 9, 1))
    with pytest.raises(Forbidden):
        ev.check_configure(state, ev.ConfigureProgramme(actor=CURATOR, roadmap=roadmap))
    with pytest.raises(Forbidden):
        ev.check_configure(state, ev.ConfigureProgramme(actor=CURATOR, curator_id="curator-2"))
    event = ev.apply_configure(state, ev.ConfigureProgramme(actor=HEAD, roadmap=roadmap), datetime.now(UTC))
    assert event.actor.role is Role.HEAD and state.roadmap == roadmap
    ev.check_configure(state, ev.ConfigureProgramme(actor=CURATOR, forms=[Form.STUDENT_STUDENT]))


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


def test_completion_recorded_when_it_happens() -> None:
    """000 §3.3–3.5 «могут быть»: awards, best practices and the alumni offer never block completion, and
    are recorded with whom they concern when they do happen."""
    state = programme(stage=Stage.RESULT, completion=[])
    assert refused_rule(state, Stage.COMPLETED) is None
    award = ev.RecordCompletion(
        actor=CURATOR,
        fact=CompletionFact.AWARDS,
        base=READY_BASE,
        award=Award.MENTOR_OF_THE_YEAR,
        participant_ids=["mentor-1"],
    )
    event = ev.apply_record_completion(state, award, datetime(2027, 5, 25, tzinfo=UTC))
    assert event.details["award"] == "mentor_of_the_year" and event.details["participant_ids"] == ["mentor-1"]
    offer = ev.RecordCompletion(
        actor=CURATOR,
        fact=CompletionFact.ALUMNI_OFFERED,
        base=READY_BASE,
        participant_ids=["mentee-1", "mentee-2"],
        joined_ids=["mentee-2"],
    )
    event = ev.apply_record_completion(state, offer, datetime(2027, 5, 26, tzinfo=UTC))
    assert event.details["joined_ids"] == ["mentee-2"]


def test_a_pair_report_counts_once_per_event() -> None:
    state = programme(pairs={})
    report = ev.PairStageReport(pair_id="a", seq=3, stage=Stage.DESIGN)
    assert ev.apply_pair_report(state, report) is True
    assert ev.apply_pair_report(state, report) is False
    late = ev.PairStageReport(pair_id="a", seq=2, stage=Stage.PREPARATORY)
    assert ev.apply_pair_report(state, late) is False
    assert state.stage_counts()[Stage.DESIGN] == 1
