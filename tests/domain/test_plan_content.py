"""Intermediate results of the plan (issue 12 point 14, `intermediate_results_during_implementation`;
002 item 22, 003 §5.1) and the parts of the plan 001 §4.8 lists."""

from __future__ import annotations

from datetime import date

import pytest

from domain.errors import GuardRefused, InvalidInput
from domain.plan_content import PLAN_PARTS, intermediate_result_allowed
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
