"""A pupil's grade belongs to a school year (issue 12 point 19): it advances on 1 September.

A grade typed in once in October 2026 («6 класс») is the grade of 2026/27; in 2027/28 the pupil is in the
7th. The rules that compare grades (a pupil mentor at a higher *ступень*, 000 §4.2.1; peers of the same
grade, 000 §4.2.5) read the grade of the school year the pair runs in. Pure.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.monitoring import academic_year_of

LAST_GRADE = 11


def _first_year(school_year: str) -> int:
    return int(school_year[:4])


def grade_in(grade: int | None, entered_for: str | None, school_year: str) -> int | None:
    """`grade_advances_on_1_september`: the grade in `school_year` of a pupil whose grade was `grade` in
    `entered_for` — one more each 1 September, one less for a year before. None when unknown, or when the
    pupil is past the 11th grade (has finished school) or before the 1st that year."""
    if grade is None:
        return None
    if entered_for is None:  # a grade kept before grades had a year: read as it stands
        return grade
    shifted = grade + _first_year(school_year) - _first_year(entered_for)
    return shifted if 1 <= shifted <= LAST_GRADE else None


class PupilGrade(BaseModel):
    """A grade as entered: the grade and the school year it was entered for."""

    grade: int = Field(ge=1, le=LAST_GRADE)
    school_year: str = Field(pattern=r"^\d{4}/\d{2}$")

    def grade_in(self, school_year: str) -> int | None:
        return grade_in(self.grade, self.school_year, school_year)

    def grade_on(self, day: date) -> int | None:
        return self.grade_in(academic_year_of(day))
