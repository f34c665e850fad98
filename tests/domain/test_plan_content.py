"""Intermediate results of the plan (issue 12 point 14, `intermediate_results_during_implementation`;
002 item 22, 003 §5.1) and the parts of the plan 001 §4.8 lists."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import GuardRefused, InvalidInput
from domain.plan_content import (
    PLAN_PARTS,
    intermediate_result_allowed,
    plan_agreed_by_a_member,
    plan_change_agreed_by_both_sides,
)
from domain.stages import Stage

TODAY = date(2027, 11, 30)


def test_intermediate_results_during_implementation_allowed() -> None:
    intermediate_result_allowed(Stage.IMPLEMENTATION, date(2027, 11, 29), TODAY)


@pytest.mark.parametrize("stage", [Stage.PREPARATORY, Stage.DESIGN, Stage.REFLECTIVE, Stage.COMPLETED])
def test_intermediate_results_during_implementation_refused_on_another_stage(stage: Stage) -> None:
    with pytest.raises(GuardRefused) as refused:
        intermediate_result_allowed(stage, date(2027, 11, 29), TODAY)
    assert refused.value.rule == "intermediate_results_during_implementation"


def test_intermediate_results_during_implementation_refused_for_a_day_to_come() -> None:
    with pytest.raises(InvalidInput):
        intermediate_result_allowed(Stage.IMPLEMENTATION, date(2027, 12, 1), TODAY)


def test_the_plan_holds_what_001_4_8_lists() -> None:
    assert set(PLAN_PARTS) == {
        "problem",
        "goals",
        "content",
        "term",
        "intermediate_results",
        "planned_results",
        "schedule",
        "format",
    }


MENTOR, MENTEE, SECOND_MENTEE = "person-00000000000a", "person-00000000000b", "person-00000000000c"
MEMBERS = {MENTOR: "mentor", MENTEE: "mentee", SECOND_MENTEE: "mentee"}


def test_plan_change_agreed_by_both_sides_not_needed_for_the_first_plan() -> None:
    plan_change_agreed_by_both_sides(first_plan=True, members=MEMBERS, agreed=set())


def test_plan_change_agreed_by_both_sides_takes_effect_when_every_member_agreed() -> None:
    plan_change_agreed_by_both_sides(first_plan=False, members=MEMBERS, agreed=set(MEMBERS))


@pytest.mark.parametrize(
    ("agreed", "missing"),
    [
        (
            {MENTOR},
            f"нет согласия наставляемого {MENTEE}#genitive и наставляемого {SECOND_MENTEE}#genitive.",
        ),
        ({MENTOR, MENTEE}, f"нет согласия наставляемого {SECOND_MENTEE}#genitive."),
        ({MENTEE, SECOND_MENTEE}, f"нет согласия наставника {MENTOR}#genitive."),
        (
            {MENTEE},
            f"нет согласия наставника {MENTOR}#genitive и наставляемого {SECOND_MENTEE}#genitive.",
        ),
    ],
)
def test_plan_change_agreed_by_both_sides_refused_naming_whoever_has_not_agreed(
    agreed: set[str], missing: str
) -> None:
    """The refusal names each member still awaited, in the genitive (the API puts the names in)."""
    with pytest.raises(GuardRefused) as refused:
        plan_change_agreed_by_both_sides(first_plan=False, members=MEMBERS, agreed=agreed)
    assert refused.value.rule == "plan_change_agreed_by_both_sides"
    assert refused.value.message.endswith(missing)
    assert refused.value.details["waiting_for"] == [w for w in MEMBERS if w not in agreed]


@pytest.mark.parametrize("role", ["mentor", "mentee"])
def test_plan_agreed_by_a_member_of_either_side(role: str) -> None:
    plan_agreed_by_a_member(role, draft=True)


def test_plan_agreed_by_a_member_refused_for_someone_outside_the_pair() -> None:
    with pytest.raises(InvalidInput) as refused:
        plan_agreed_by_a_member(None, draft=True)
    assert refused.value.rule == "plan_agreed_by_a_member"


def test_plan_agreed_by_a_member_refused_once_the_plan_is_approved() -> None:
    with pytest.raises(GuardRefused):
        plan_agreed_by_a_member("mentee", draft=False)


def test_plan_change_agreed_by_both_sides_needed_for_a_change_of_the_kind_even_in_the_first_plan() -> None:
    with pytest.raises(GuardRefused) as refused:
        plan_change_agreed_by_both_sides(
            first_plan=True, members=MEMBERS, agreed={"mentor-1"}, changes_kind=True
        )
    assert refused.value.message.startswith("Смена вида наставничества")
    plan_change_agreed_by_both_sides(first_plan=True, members=MEMBERS, agreed=set(MEMBERS), changes_kind=True)
