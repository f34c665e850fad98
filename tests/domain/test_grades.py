"""A pupil's grade belongs to a school year (issue 12 point 19, `grade_advances_on_1_september`)."""

from __future__ import annotations

from datetime import date

import pytest
from pydantic import ValidationError

from domain.grades import PupilGrade, grade_in

SIXTH_IN_2026 = PupilGrade(grade=6, school_year="2026/27")


def test_grade_advances_on_1_september_the_next_school_year_is_one_grade_up() -> None:
    assert SIXTH_IN_2026.grade_in("2026/27") == 6
    assert SIXTH_IN_2026.grade_in("2027/28") == 7
    assert SIXTH_IN_2026.grade_in("2029/30") == 9


def test_grade_advances_on_1_september_not_before_it() -> None:
    assert SIXTH_IN_2026.grade_on(date(2027, 8, 31)) == 6
    assert SIXTH_IN_2026.grade_on(date(2027, 9, 1)) == 7


def test_grade_advances_on_1_september_a_year_before_is_one_grade_down() -> None:
    assert SIXTH_IN_2026.grade_in("2025/26") == 5


def test_grade_advances_on_1_september_past_the_11th_grade_there_is_none() -> None:
    eleventh = PupilGrade(grade=11, school_year="2026/27")
    assert eleventh.grade_in("2027/28") is None
    assert PupilGrade(grade=1, school_year="2026/27").grade_in("2025/26") is None


def test_grade_advances_on_1_september_unknown_stays_unknown_and_a_grade_without_a_year_stands() -> None:
    assert grade_in(None, "2026/27", "2027/28") is None
    assert grade_in(8, None, "2030/31") == 8


def test_grade_advances_on_1_september_a_grade_is_1_to_11_of_a_school_year() -> None:
    with pytest.raises(ValidationError):
        PupilGrade(grade=12, school_year="2026/27")
    with pytest.raises(ValidationError):
        PupilGrade(grade=5, school_year="2026")
