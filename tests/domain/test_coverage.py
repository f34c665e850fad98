"""Coverage against the targets of 004 §7: «не менее» — exactly at the target meets it, one person short
does not; a year past the table keeps its last target; a school without its numbers is not judged."""

from __future__ import annotations

import pytest

from domain.coverage import DEFAULT_PUPIL_TARGETS, DEFAULT_TEACHER_TARGETS, coverage, target_for


@pytest.mark.parametrize(
    ("year", "target"),
    [(2020, 10), (2021, 20), (2022, 30), (2023, 50), (2024, 70)],
)
def test_pupil_coverage_exactly_at_the_target_meets_it_and_one_short_does_not(year: int, target: int) -> None:
    total = 1000
    at = coverage(target * 10, total, DEFAULT_PUPIL_TARGETS, year)
    short = coverage(target * 10 - 1, total, DEFAULT_PUPIL_TARGETS, year)
    assert (at.met, at.percent, at.target_percent) == (True, float(target), target)
    assert short.met is False


@pytest.mark.parametrize(("year", "target"), [(2020, 10), (2021, 20), (2022, 30)])
def test_teacher_coverage_meets_its_target_at_the_boundary(year: int, target: int) -> None:
    assert coverage(target, 100, DEFAULT_TEACHER_TARGETS, year).met is True
    assert coverage(target - 1, 100, DEFAULT_TEACHER_TARGETS, year).met is False


def test_a_boundary_that_is_not_a_whole_number_of_people_is_not_decided_by_rounding() -> None:
    # 70 % of 33 pupils is 23.1: 23 pupils (69.7 %, shown rounded as 69.7) fall short, 24 meet it.
    assert coverage(23, 33, DEFAULT_PUPIL_TARGETS, 2024).met is False
    assert coverage(24, 33, DEFAULT_PUPIL_TARGETS, 2024).met is True
    # 10 % of 7 teachers is 0.7: one teacher meets it.
    assert coverage(1, 7, DEFAULT_TEACHER_TARGETS, 2020).met is True
    assert coverage(0, 7, DEFAULT_TEACHER_TARGETS, 2020).met is False


def test_a_year_after_the_table_keeps_its_last_target_and_a_year_before_has_none() -> None:
    assert target_for(DEFAULT_PUPIL_TARGETS, 2027) == (2024, 70)
    assert target_for(DEFAULT_TEACHER_TARGETS, 2026) == (2022, 30)
    assert target_for(DEFAULT_PUPIL_TARGETS, 2019) is None
    assert coverage(5, 10, DEFAULT_PUPIL_TARGETS, 2019).met is None


def test_a_school_that_has_not_entered_its_numbers_is_not_judged() -> None:
    result = coverage(12, None, DEFAULT_PUPIL_TARGETS, 2026)
    assert (result.percent, result.met, result.target_percent) == (None, None, 70)
