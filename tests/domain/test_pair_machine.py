"""The pair stage machine (000 §V): preparatory → design → implementation → reflective → result → completed,
early termination from every active stage, nothing out of a closed pair."""

from __future__ import annotations

import itertools
from concurrent.futures import ThreadPoolExecutor

import pytest

from domain import pair_machine
from domain.errors import GuardRefused, InvalidInput
from domain.pair import (
    MeetingKind,
    MeetingTally,
    PairState,
    ReflectionKind,
    TerminationReason,
    TerminationRequest,
)
from domain.pair_machine import stage_after_advance, stage_after_termination
from domain.stages import ACTIVE_STAGES, FINAL_STAGES, STAGE_ORDER, Stage, next_stage
from tests.domain.test_pair_builders import ACTIVE_IN_ORDER, CLOSED, bare_pair, pair_in, ready_to_leave
from tests.factories import all_consents, order, plan, pupil_pair

ALL_STAGES = list(Stage)


def termination(reason: TerminationReason = TerminationReason.MUTUAL_DECISION) -> TerminationRequest:
    return TerminationRequest(reason=reason, comment="Решение принято на встрече с куратором")


# --- The order of stages ------------------------------------------------------------------------------------


def test_the_five_stages_of_the_target_model_lead_to_completed() -> None:
    assert STAGE_ORDER == (
        Stage.PREPARATORY,
        Stage.DESIGN,
        Stage.IMPLEMENTATION,
        Stage.REFLECTIVE,
        Stage.RESULT,
        Stage.COMPLETED,
    )
    assert set(STAGE_ORDER[:-1]) == ACTIVE_STAGES
    assert {Stage.COMPLETED, Stage.TERMINATED} == FINAL_STAGES


@pytest.mark.parametrize(("stage", "expected"), list(itertools.pairwise(STAGE_ORDER)))
def test_each_active_stage_has_exactly_one_next_stage(stage: Stage, expected: Stage) -> None:
    assert next_stage(stage) is expected


@pytest.mark.parametrize("stage", CLOSED)
def test_closed_stages_have_no_next_stage(stage: Stage) -> None:
    assert next_stage(stage) is None


def test_curator_takes_a_pair_through_all_five_stages_to_completed() -> None:
    pair = pupil_pair()
    pair.consents, pair.order, pair.plan = all_consents(pair), order(), plan()
    pair.meetings = MeetingTally(by_kind={MeetingKind.FINAL: 1})
    pair.reflections = list(ReflectionKind)
    visited = [pair.stage]
    for target in STAGE_ORDER[1:]:
        pair.stage = stage_after_advance(pair, target)
        visited.append(pair.stage)
    assert visited == list(STAGE_ORDER)


@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_pair_with_the_facts_of_its_stage_advances_to_the_next(stage: Stage) -> None:
    expected = next_stage(stage)
    assert expected is not None
    assert stage_after_advance(ready_to_leave(stage), expected) is expected


# --- Only the next stage ------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ALL_STAGES)
@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_pair_moves_only_to_the_next_stage(stage: Stage, target: Stage) -> None:
    if target is next_stage(stage):
        return
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(ready_to_leave(stage), target)
    assert (refused.value.rule, refused.value.field) == ("next_stage_only", "to_stage")


def test_stages_cannot_be_skipped() -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(ready_to_leave(Stage.PREPARATORY), Stage.IMPLEMENTATION)
    assert refused.value.rule == "next_stage_only"


def test_pair_cannot_go_back_a_stage() -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(ready_to_leave(Stage.IMPLEMENTATION), Stage.DESIGN)
    assert refused.value.rule == "next_stage_only"


def test_advancing_cannot_terminate_a_pair() -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(ready_to_leave(Stage.DESIGN), Stage.TERMINATED)
    assert refused.value.rule == "next_stage_only"


def test_next_stage_rule_is_checked_before_the_guards_of_the_stage() -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(bare_pair(Stage.PREPARATORY), Stage.RESULT)
    assert refused.value.rule == "next_stage_only"


# --- The guards of each stage, through the machine ----------------------------------------------------------


def test_leaving_preparatory_checks_consents_first() -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(bare_pair(Stage.PREPARATORY), Stage.DESIGN)
    assert refused.value.rule == "consents_complete"


def test_leaving_preparatory_without_consents_is_refused_even_with_an_order() -> None:
    pair = bare_pair(Stage.PREPARATORY)
    pair.order = order()
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(pair, Stage.DESIGN)
    assert refused.value.rule == "consents_complete"


def test_leaving_preparatory_with_consents_still_needs_the_order() -> None:
    pair = bare_pair(Stage.PREPARATORY)
    pair.consents = all_consents(pair)
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(pair, Stage.DESIGN)
    assert refused.value.rule == "order_fixed"


def test_leaving_design_needs_the_plan() -> None:
    pair = ready_to_leave(Stage.DESIGN)
    pair.plan = None
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(pair, Stage.IMPLEMENTATION)
    assert refused.value.rule == "plan_approved"


def test_leaving_design_needs_a_valid_plan() -> None:
    pair = ready_to_leave(Stage.DESIGN)
    pair.plan = plan(goal_count=0)
    with pytest.raises(InvalidInput) as refused:
        stage_after_advance(pair, Stage.IMPLEMENTATION)
    assert refused.value.rule == "plan_has_goals"


def test_leaving_implementation_needs_the_final_meeting_or_the_plan_fulfilled() -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(pair_in(Stage.IMPLEMENTATION), Stage.REFLECTIVE)
    assert refused.value.rule == "implementation_finished"


def test_leaving_implementation_with_the_plan_fulfilled_and_no_final_meeting() -> None:
    pair = pair_in(Stage.IMPLEMENTATION)
    assert pair.plan is not None
    pair.plan.fulfilled = True
    assert stage_after_advance(pair, Stage.REFLECTIVE) is Stage.REFLECTIVE


def test_leaving_reflective_needs_the_report_and_the_reflection() -> None:
    pair = pair_in(Stage.REFLECTIVE)
    pair.reflections = [ReflectionKind.MENTOR_REPORT]
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(pair, Stage.RESULT)
    assert refused.value.rule == "reflection_recorded"


def test_result_leads_to_completed_without_further_conditions() -> None:
    assert stage_after_advance(bare_pair(Stage.RESULT), Stage.COMPLETED) is Stage.COMPLETED


# --- Closed pairs -------------------------------------------------------------------------------------------


@pytest.mark.parametrize("target", ALL_STAGES)
@pytest.mark.parametrize("stage", CLOSED)
def test_no_transitions_from_a_completed_or_terminated_pair(stage: Stage, target: Stage) -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_advance(ready_to_leave(stage), target)
    assert (refused.value.rule, refused.value.field) == ("pair_active", "stage")


@pytest.mark.parametrize("stage", CLOSED)
def test_closed_pair_cannot_be_terminated_early(stage: Stage) -> None:
    with pytest.raises(GuardRefused) as refused:
        stage_after_termination(bare_pair(stage), termination())
    assert (refused.value.rule, refused.value.field) == ("pair_active", "stage")


# --- Early termination (001 §4.12, 003 §6.2) ----------------------------------------------------------------


@pytest.mark.parametrize("reason", list(TerminationReason))
@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_early_termination_from_every_active_stage_for_every_reason(
    stage: Stage, reason: TerminationReason
) -> None:
    assert stage_after_termination(bare_pair(stage), termination(reason)) is Stage.TERMINATED


@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_mentee_petition_to_replace_the_mentor_terminates_the_pair(stage: Stage) -> None:
    request = TerminationRequest(
        reason=TerminationReason.MENTOR_REPLACEMENT_PETITION,
        comment="Заявление наставляемого на имя директора",
    )
    assert stage_after_termination(bare_pair(stage), request) is Stage.TERMINATED


@pytest.mark.parametrize("stage", ACTIVE_IN_ORDER)
def test_early_termination_needs_a_comment_in_every_active_stage(stage: Stage) -> None:
    request = TerminationRequest(reason=TerminationReason.MENTOR_INITIATIVE, comment=" ")
    with pytest.raises(InvalidInput) as refused:
        stage_after_termination(bare_pair(stage), request)
    assert (refused.value.rule, refused.value.field) == ("termination_comment", "comment")


def test_early_termination_does_not_need_the_facts_of_the_stage() -> None:
    """A pair may be ended early precisely because its stage cannot be finished."""
    assert stage_after_termination(bare_pair(Stage.PREPARATORY), termination()) is Stage.TERMINATED


# --- The machine is a pure decision -------------------------------------------------------------------------


def test_decisions_do_not_change_the_pair() -> None:
    pair = ready_to_leave(Stage.DESIGN)
    before = pair.model_dump()
    assert stage_after_advance(pair, Stage.IMPLEMENTATION) is Stage.IMPLEMENTATION
    assert stage_after_termination(pair, termination()) is Stage.TERMINATED
    with pytest.raises(GuardRefused):
        stage_after_advance(pair, Stage.RESULT)
    assert pair.model_dump() == before


def test_the_shared_machine_keeps_no_pair_after_a_decision() -> None:
    models_before = len(pair_machine._MACHINE.models)
    stage_after_advance(ready_to_leave(Stage.RESULT), Stage.COMPLETED)
    with pytest.raises(GuardRefused):
        stage_after_advance(bare_pair(Stage.PREPARATORY), Stage.DESIGN)
    with pytest.raises(InvalidInput):
        stage_after_termination(
            bare_pair(Stage.DESIGN), TerminationRequest(reason=TerminationReason.MUTUAL_DECISION)
        )
    assert len(pair_machine._MACHINE.models) == models_before


def test_decisions_taken_on_many_threads_at_once_stay_correct() -> None:
    cases = [(stage, ready_to_leave(stage)) for stage in ACTIVE_IN_ORDER] * 40

    def decide(case: tuple[Stage, PairState]) -> bool:
        stage, pair = case
        target = next_stage(stage)
        assert target is not None
        return stage_after_advance(pair, target) is target

    with ThreadPoolExecutor(max_workers=8) as pool:
        assert all(pool.map(decide, cases))
