"""Half-yearly monitoring rounds (issue 4; 003 §2.4): due by 20 December and 20 May unless the organisation
sets its own dates, opening a set number of days before (default 14); the deadline is *by* that date, so on
a day off it moves to the working day before (`deadline_by_moves_back`). Dates are of the 2027/28 school
year."""

from __future__ import annotations

from datetime import date

import pytest
from hypothesis import given
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.monitoring import (
    MonitoringRound,
    MonitoringSettings,
    academic_year_bounds,
    academic_year_of,
    academic_years_between,
    rounds_of_year,
)
from domain.school_calendar import DatedBreak, SchoolCalendar

DEFAULT_CALENDAR = SchoolCalendar()
YEAR = "2027/28"


def rounds(
    settings: MonitoringSettings | None = None, calendar: SchoolCalendar | None = None, year: str = YEAR
) -> list[MonitoringRound]:
    return rounds_of_year(year, settings or MonitoringSettings(), calendar or DEFAULT_CALENDAR)


def round_of(round_id: str, calendar: SchoolCalendar | None = None) -> MonitoringRound:
    return {r.round_id: r for r in rounds(calendar=calendar)}[round_id]


def test_a_school_year_runs_from_1_september_to_31_august() -> None:
    assert academic_year_bounds(YEAR) == (date(2027, 9, 1), date(2028, 8, 31))


@pytest.mark.parametrize(
    ("day", "year"),
    [(date(2027, 9, 1), "2027/28"), (date(2028, 8, 31), "2027/28"), (date(2099, 12, 31), "2099/00")],
)
def test_the_school_year_of_a_day_begins_on_1_september(day: date, year: str) -> None:
    assert academic_year_of(day) == year


def test_a_pair_that_runs_past_31_august_spans_two_school_years() -> None:
    assert academic_years_between(date(2027, 11, 24), date(2028, 9, 15)) == ["2027/28", "2028/29"]
    assert academic_years_between(date(2027, 11, 24), date(2028, 5, 20)) == ["2027/28"]


def test_a_school_year_has_a_december_and_a_may_round_in_that_order() -> None:
    assert [r.round_id for r in rounds()] == ["2027-12", "2028-05"]


def test_december_round_is_due_on_20_december_and_opens_two_weeks_before() -> None:
    december = round_of("2027-12")
    assert december.due_on.strftime("%a") == "Mon"
    assert (december.opens_on, december.due_on) == (date(2027, 12, 6), date(2027, 12, 20))


def test_may_round_is_due_in_the_second_calendar_year_of_the_school_year() -> None:
    assert round_of("2028-05").due_on.year == 2028


def test_deadline_by_moves_back_may_round_due_on_a_saturday_is_due_on_friday() -> None:
    assert date(2028, 5, 20).strftime("%a") == "Sat"
    assert round_of("2028-05").due_on == date(2028, 5, 19)


def test_deadline_by_moves_back_not_when_the_date_is_a_working_day() -> None:
    assert round_of("2027-12").due_on == date(2027, 12, 20)


def test_the_first_release_rule_moved_a_saturday_deadline_to_monday() -> None:
    # Kept for monitoring workflows started before (`monitoring-deadline-by-v1`).
    legacy = rounds_of_year(YEAR, MonitoringSettings(), SchoolCalendar(official=False), moves_back=False)
    assert legacy[1].due_on == date(2028, 5, 22)


def test_a_moved_round_opens_two_weeks_before_its_moved_deadline() -> None:
    assert round_of("2028-05").opens_on == date(2028, 5, 5)


def test_a_six_day_school_keeps_a_saturday_deadline() -> None:
    may = round_of("2028-05", calendar=SchoolCalendar(working_weekdays=6))
    assert (may.opens_on, may.due_on) == (date(2028, 5, 6), date(2028, 5, 20))


def test_deadline_by_moves_back_before_the_organisations_holidays() -> None:
    winter = SchoolCalendar(holidays=[DatedBreak(starts=date(2027, 12, 18), ends=date(2027, 12, 26))])
    december = round_of("2027-12", calendar=winter)
    assert (december.opens_on, december.due_on) == (date(2027, 12, 3), date(2027, 12, 17))


def test_deadline_by_moves_back_before_the_new_year_holidays() -> None:
    (december,) = rounds(MonitoringSettings(deadlines=["12-31"]))
    assert december.due_on == date(2027, 12, 30)


def test_deadline_by_moves_back_before_an_official_holiday() -> None:
    # 12 June 2028 is Russia Day (a Monday); the school's summer break is set aside to see the holiday alone.
    no_summer = SchoolCalendar(recurring=[])
    (june,) = rounds(MonitoringSettings(deadlines=["06-12"]), calendar=no_summer)
    assert june.due_on == date(2028, 6, 9)


def test_an_organisation_sets_its_own_deadlines_and_how_early_a_round_opens() -> None:
    settings = MonitoringSettings(deadlines=["05-15", "12-15"], opens_days_before=10)
    assert [(r.round_id, r.opens_on, r.due_on) for r in rounds(settings)] == [
        ("2027-12", date(2027, 12, 5), date(2027, 12, 15)),
        ("2028-05", date(2028, 5, 5), date(2028, 5, 15)),
    ]


@pytest.mark.parametrize("deadline", ["2027-12-20", "12/20", "13-01", "12-32", "04-31", "02-30"])
def test_a_deadline_is_a_month_and_day_that_every_year_has(deadline: str) -> None:
    # Organisations set their deadlines through the API: a wrong one is refused there, not when the
    # monitoring workflow computes the year's rounds.
    with pytest.raises(ValidationError):
        MonitoringSettings(deadlines=["05-20", deadline])


def test_a_round_opens_between_one_and_ninety_days_before_its_deadline() -> None:
    for days in (0, 91):
        with pytest.raises(ValidationError):
            MonitoringSettings(opens_days_before=days)


def test_the_rounds_of_the_next_school_year_are_a_year_later() -> None:
    assert [r.due_on for r in rounds(year="2028/29")] == [date(2028, 12, 20), date(2029, 5, 18)]


@given(st.integers(min_value=2024, max_value=2040), st.integers(min_value=1, max_value=90))
def test_every_round_is_due_on_a_working_day_and_opens_before_it(first_year: int, lead: int) -> None:
    year = f"{first_year}/{(first_year + 1) % 100:02d}"
    for r in rounds(MonitoringSettings(opens_days_before=lead), year=year):
        assert DEFAULT_CALENDAR.is_working_day(r.due_on)
        assert r.due_on.strftime("%m-%d") <= ("12-20" if r.due_on.month == 12 else "05-20")
        assert (r.due_on - r.opens_on).days == lead
