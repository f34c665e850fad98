"""The school calendar (issue 4): the summer break and the new-year holidays every year, the organisation's
own holidays, a five- or six-day week, Russia's official holidays and transferred days off; a step on a day
off moves to the next working day, a deadline *by* a date to the working day before, and meeting cadence
counts only the days school is on. Dates are of the 2027/28 school year."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pydantic import ValidationError

from domain.escalation import Ladder
from domain.school_calendar import (
    NEW_YEAR_HOLIDAYS,
    DatedBreak,
    RecurringBreak,
    SchoolCalendar,
    official_day_off,
    official_working_weekend,
)

DEFAULT = SchoolCalendar()
# Осенние каникулы 2027: Saturday 30 October … Sunday 7 November.
AUTUMN_BREAK = DatedBreak(starts=date(2027, 10, 30), ends=date(2027, 11, 7))
WITH_AUTUMN_BREAK = SchoolCalendar(holidays=[AUTUMN_BREAK])
SIX_DAY_WEEK = SchoolCalendar(working_weekdays=6)

days_of_2027_28 = st.dates(min_value=date(2027, 9, 1), max_value=date(2028, 8, 31))
any_day = st.dates(min_value=date(2020, 1, 1), max_value=date(2035, 12, 31))
calendars = st.sampled_from([DEFAULT, WITH_AUTUMN_BREAK, SIX_DAY_WEEK])


def weekday(day: date) -> str:
    return day.strftime("%a")


# --- the breaks ---------------------------------------------------------------------------------------------


def test_summer_break_runs_from_1_june_to_31_august() -> None:
    assert not DEFAULT.in_break(date(2028, 5, 31))
    assert DEFAULT.in_break(date(2028, 6, 1))
    assert DEFAULT.in_break(date(2028, 7, 15))
    assert DEFAULT.in_break(date(2028, 8, 31))
    assert not DEFAULT.in_break(date(2028, 9, 1))


def test_new_year_holidays_run_from_31_december_to_8_january() -> None:
    assert not DEFAULT.in_break(date(2027, 12, 30))
    assert DEFAULT.in_break(date(2027, 12, 31))
    assert DEFAULT.in_break(date(2028, 1, 1))
    assert DEFAULT.in_break(date(2028, 1, 8))
    assert not DEFAULT.in_break(date(2028, 1, 9))


def test_a_recurring_break_comes_back_every_year() -> None:
    for year in (2027, 2028, 2031):
        assert DEFAULT.in_break(date(year, 7, 1))
        assert DEFAULT.in_break(date(year, 1, 5))


def test_a_recurring_break_may_wrap_the_new_year() -> None:
    winter = RecurringBreak(starts="12-25", ends="01-10")
    assert winter.covers(date(2027, 12, 25))
    assert winter.covers(date(2028, 1, 10))
    assert not winter.covers(date(2027, 12, 24))
    assert not winter.covers(date(2028, 1, 11))


def test_a_recurring_break_is_given_as_month_and_day() -> None:
    with pytest.raises(ValidationError):
        RecurringBreak(starts="6-1", ends="08-31")


def test_the_organisations_holidays_are_break_days_with_both_ends_included() -> None:
    assert not WITH_AUTUMN_BREAK.in_break(date(2027, 10, 29))
    assert WITH_AUTUMN_BREAK.in_break(date(2027, 10, 30))
    assert WITH_AUTUMN_BREAK.in_break(date(2027, 11, 7))
    assert not WITH_AUTUMN_BREAK.in_break(date(2027, 11, 8))
    assert not DEFAULT.in_break(date(2027, 11, 1))


def test_a_holiday_cannot_end_before_it_starts() -> None:
    with pytest.raises(ValidationError):
        DatedBreak(starts=date(2027, 11, 7), ends=date(2027, 10, 30))


def test_a_school_week_has_five_or_six_working_days() -> None:
    for days in (4, 7):
        with pytest.raises(ValidationError):
            SchoolCalendar(working_weekdays=days)


# --- working days -------------------------------------------------------------------------------------------


def test_saturday_and_sunday_are_not_working_days_in_a_five_day_week() -> None:
    assert weekday(date(2027, 10, 1)) == "Fri" and DEFAULT.is_working_day(date(2027, 10, 1))
    assert not DEFAULT.is_working_day(date(2027, 10, 2))
    assert not DEFAULT.is_working_day(date(2027, 10, 3))


def test_saturday_is_a_working_day_in_a_six_day_week_and_sunday_is_not() -> None:
    assert SIX_DAY_WEEK.is_working_day(date(2027, 10, 2))
    assert not SIX_DAY_WEEK.is_working_day(date(2027, 10, 3))


def test_a_weekday_in_a_break_is_not_a_working_day() -> None:
    assert weekday(date(2028, 1, 3)) == "Mon"
    assert not DEFAULT.is_working_day(date(2028, 1, 3))
    assert weekday(date(2027, 11, 1)) == "Mon"
    assert not WITH_AUTUMN_BREAK.is_working_day(date(2027, 11, 1))


# --- a deadline on a day off moves to the next working day --------------------------------------------------


def test_a_deadline_on_a_working_day_stays_where_it_is() -> None:
    assert DEFAULT.next_working_day(date(2027, 12, 20)) == date(2027, 12, 20)


def test_a_deadline_on_a_saturday_moves_to_monday() -> None:
    assert weekday(date(2028, 5, 20)) == "Sat"
    assert DEFAULT.next_working_day(date(2028, 5, 20)) == date(2028, 5, 22)


def test_a_deadline_on_a_summer_day_moves_to_the_first_working_day_of_september() -> None:
    assert weekday(date(2028, 9, 1)) == "Fri"
    assert DEFAULT.next_working_day(date(2028, 6, 15)) == date(2028, 9, 1)
    assert DEFAULT.next_working_day(date(2028, 8, 31)) == date(2028, 9, 1)


def test_a_deadline_in_the_new_year_holidays_moves_to_the_first_working_day_after_them() -> None:
    # 8 January 2028 is the last holiday, 9 January a Sunday: school is back on Monday 10 January.
    assert DEFAULT.next_working_day(date(2027, 12, 31)) == date(2028, 1, 10)
    assert DEFAULT.next_working_day(date(2028, 1, 3)) == date(2028, 1, 10)


def test_a_deadline_in_the_autumn_break_moves_to_the_first_day_after_it() -> None:
    assert WITH_AUTUMN_BREAK.next_working_day(date(2027, 11, 1)) == date(2027, 11, 8)


@given(calendars, any_day)
def test_the_next_working_day_is_never_a_break_day_or_a_day_off(calendar: SchoolCalendar, day: date) -> None:
    moved = calendar.next_working_day(day)
    assert calendar.is_working_day(moved)
    assert not calendar.in_break(moved)
    assert moved.weekday() < calendar.working_weekdays or official_working_weekend(moved)


@given(calendars, any_day)
def test_the_next_working_day_is_the_first_working_day_from_the_given_one(
    calendar: SchoolCalendar, day: date
) -> None:
    moved = calendar.next_working_day(day)
    assert moved >= day
    skipped = (day + timedelta(days=n) for n in range((moved - day).days))
    assert not any(calendar.is_working_day(d) for d in skipped)


# --- cadence counts only the days school is on --------------------------------------------------------------


def test_cadence_counts_weekends_in_term_time() -> None:
    assert DEFAULT.add_school_days(date(2027, 10, 4), 14) == date(2027, 10, 18)


def test_cadence_does_not_count_the_autumn_break() -> None:
    # 25–29 October are 4 days; the break (30 Oct – 7 Nov) is skipped; 17 more days from 8 November.
    assert WITH_AUTUMN_BREAK.add_school_days(date(2027, 10, 25), 21) == date(2027, 11, 24)
    assert DEFAULT.add_school_days(date(2027, 10, 25), 21) == date(2027, 11, 15)


def test_cadence_does_not_count_the_new_year_holidays() -> None:
    # 21–30 December are 10 days; 31 Dec – 8 Jan are skipped; 11 more days from 9 January.
    assert DEFAULT.add_school_days(date(2027, 12, 20), 21) == date(2028, 1, 19)


def test_cadence_does_not_count_the_summer_break() -> None:
    # 26–31 May are 6 days; the summer is skipped; 15 more days from 1 September.
    assert DEFAULT.add_school_days(date(2028, 5, 25), 21) == date(2028, 9, 15)


def test_no_cadence_days_is_the_same_day() -> None:
    assert DEFAULT.add_school_days(date(2027, 12, 20), 0) == date(2027, 12, 20)


@settings(deadline=None)  # up to 120 days walked day by day: slow on a loaded machine, not wrong
@given(calendars, days_of_2027_28, st.integers(min_value=1, max_value=120))
def test_cadence_ends_on_a_school_day_after_exactly_that_many_school_days(
    calendar: SchoolCalendar, start: date, days: int
) -> None:
    end = calendar.add_school_days(start, days)
    assert not calendar.in_break(end)
    counted = sum(not calendar.in_break(start + timedelta(days=n)) for n in range(1, (end - start).days + 1))
    assert counted == days


# --- Russia's official calendar (holidays.RU): holidays, transferred days off, working Saturdays ----------

FEDERAL_HOLIDAYS = [(2, 23), (3, 8), (5, 1), (5, 9), (6, 12), (11, 4)]
NO_SUMMER_BREAK = SchoolCalendar(recurring=[NEW_YEAR_HOLIDAYS])


@pytest.mark.parametrize(("month", "day"), FEDERAL_HOLIDAYS)
@pytest.mark.parametrize("year", [2026, 2027, 2028, 2031])
def test_official_day_off_every_federal_holiday_is_a_day_off(year: int, month: int, day: int) -> None:
    holiday = date(year, month, day)
    assert official_day_off(holiday)
    assert not NO_SUMMER_BREAK.is_working_day(holiday)
    assert not SIX_DAY_WEEK.is_working_day(holiday)


def test_official_day_off_not_an_ordinary_weekday() -> None:
    assert weekday(date(2027, 11, 3)) == "Wed"
    assert not official_day_off(date(2027, 11, 3))
    assert DEFAULT.is_working_day(date(2027, 11, 3))


def test_official_day_off_a_transferred_day_off_is_a_day_off() -> None:
    # The government moved the day off of Saturday 2 January 2027 to Friday 5 November 2027.
    assert weekday(date(2027, 11, 5)) == "Fri"
    assert official_day_off(date(2027, 11, 5))
    assert not DEFAULT.is_working_day(date(2027, 11, 5))


def test_official_day_off_a_holiday_on_a_weekend_gives_the_next_monday() -> None:
    # 9 May 2027 is a Sunday: Monday 10 May is the day off.
    assert weekday(date(2027, 5, 10)) == "Mon"
    assert not DEFAULT.is_working_day(date(2027, 5, 10))


def test_working_day_a_saturday_the_decree_makes_working_is_one() -> None:
    # Saturday 20 February 2027 is worked for Monday 22 February.
    assert weekday(date(2027, 2, 20)) == "Sat"
    assert official_working_weekend(date(2027, 2, 20))
    assert DEFAULT.is_working_day(date(2027, 2, 20))
    assert not DEFAULT.is_working_day(date(2027, 2, 27))


def test_working_day_the_schools_break_wins_over_a_working_saturday() -> None:
    winter = SchoolCalendar(holidays=[DatedBreak(starts=date(2027, 2, 15), ends=date(2027, 2, 21))])
    assert not winter.is_working_day(date(2027, 2, 20))


def test_a_calendar_without_the_official_one_sees_only_weekends_and_breaks() -> None:
    plain = SchoolCalendar(official=False)
    assert plain.is_working_day(date(2027, 11, 4))
    assert not plain.is_working_day(date(2027, 2, 20))


def test_a_step_due_on_4_november_moves_past_the_holiday_and_the_transferred_day() -> None:
    assert DEFAULT.next_working_day(date(2027, 11, 4)) == date(2027, 11, 8)


@given(st.sampled_from(FEDERAL_HOLIDAYS), st.integers(min_value=2025, max_value=2035), st.integers(0, 30))
def test_no_escalation_step_falls_on_a_federal_holiday(
    holiday: tuple[int, int], year: int, before: int
) -> None:
    due = date(year, *holiday) - timedelta(days=before)
    for calendar in (NO_SUMMER_BREAK, SchoolCalendar(recurring=[], working_weekdays=6)):
        for _level, on in Ladder().steps(due, calendar):
            assert (on.month, on.day) not in FEDERAL_HOLIDAYS


# --- a deadline *by* a date moves to the working day before (003 §2.4) ------------------------------------


def test_deadline_by_moves_back_from_a_saturday_to_friday() -> None:
    assert DEFAULT.working_day_by(date(2028, 5, 20)) == date(2028, 5, 19)


def test_deadline_by_moves_back_not_from_a_working_day() -> None:
    assert DEFAULT.working_day_by(date(2027, 12, 20)) == date(2027, 12, 20)


def test_deadline_by_moves_back_over_the_holiday_and_weekend() -> None:
    # Sunday 9 May 2027, Monday 10 May its day off; Saturday 8 May: due on Friday 7 May.
    assert DEFAULT.working_day_by(date(2027, 5, 10)) == date(2027, 5, 7)


@given(calendars, any_day)
def test_deadline_by_moves_back_to_the_last_working_day_not_after_the_date(
    calendar: SchoolCalendar, day: date
) -> None:
    moved = calendar.working_day_by(day)
    assert moved <= day and calendar.is_working_day(moved)
    assert not any(
        calendar.is_working_day(moved + timedelta(days=n)) for n in range(1, (day - moved).days + 1)
    )
