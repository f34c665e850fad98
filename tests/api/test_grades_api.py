"""A pupil's grade belongs to a school year (issue 12 point 19): typed in once, it advances on 1 September,
and a pair is checked with the grades of the year it starts in (`grade_advances_on_1_september`)."""

from __future__ import annotations

import httpx

from tests.api.conftest import School
from tests.api.flows import person


async def test_grade_advances_on_1_september_a_grade_is_kept_with_its_school_year(
    api: httpx.AsyncClient, school: School
) -> None:
    pupil = await person(api, school.curator, kind="pupil", full_name="Кузнецова Вера", grade=6)
    card = (await api.get(f"/participants/{pupil}", headers=school.curator)).json()
    assert card["grade"] == 6 and card["grade_year"] is not None


async def test_grade_advances_on_1_september_a_pair_of_next_year_reads_next_years_grades(
    api: httpx.AsyncClient, school: School
) -> None:
    # A 9th-grader of 2026/27 is in the 10th in 2027/28: above a pupil entered as a 9th-grader of 2027/28.
    mentor = await person(
        api,
        school.curator,
        kind="pupil",
        full_name="Лебедев Артём",
        birth_date="2011-02-01",
        grade=9,
        grade_year="2026/27",
    )
    mentee = await person(
        api,
        school.curator,
        kind="pupil",
        full_name="Морозова Ксения",
        birth_date="2012-03-01",
        grade=9,
        grade_year="2027/28",
    )
    created = await api.post(
        "/pairs",
        headers=school.curator,
        json={
            "form": "student_student",
            "role_model": "успевающий — неуспевающий",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": "2027-09-15",
            "planned_end": "2028-05-20",
        },
    )
    assert created.status_code == 201, created.text
