"""The school calendar: summer break, holidays and working days (issue 4; 002 school cycle).

Nothing escalates on a day off: an escalation step that falls on one moves to the next working day, a
deadline set *by* a date (003 §2.4) moves to the working day before, and meeting cadence counts only
school days. Days off are the weekend, Russia's official holidays and the government's transferred days off
(the production calendar, from the pinned `holidays` package: Labour Code art. 112 and the yearly
government decree), the school's breaks and its own holidays; a Saturday the decree makes a working day
is one.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

import holidays
from pydantic import AfterValidator, BaseModel, Field, field_validator, model_validator

from domain import bounds

MAX_RECURRING = 20
MAX_DATED_BREAK_DAYS = 92  # one break of the school's own; the summer is a recurring break


def _real_month_day(mmdd: str) -> None:
    month, day = (int(part) for part in mmdd.split("-"))
    try:
        date(2028, month, day)  # a leap year: 29 February may bound a break
    except ValueError:
        raise bounds.OutOfBounds("month_day_exists", f"{mmdd}: такого дня нет (ММ-ДД).", "calendar") from None


MonthDay = Annotated[str, Field(pattern=r"^\d{2}-\d{2}$"), AfterValidator(bounds.rule(_real_month_day))]


class RecurringBreak(BaseModel):
    """A break that comes back every year, given as MM-DD bounds (inclusive); may wrap the new year."""

    starts: MonthDay
    ends: MonthDay

    def covers(self, day: date) -> bool:
        mmdd = day.strftime("%m-%d")
        if self.starts <= self.ends:
            return self.starts <= mmdd <= self.ends
        return mmdd >= self.starts or mmdd <= self.ends


class DatedBreak(BaseModel):
    starts: bounds.EraDate
    ends: bounds.EraDate

    @field_validator("ends")
    @classmethod
    def _after_start(cls, ends: date, info: object) -> date:
        starts = getattr(info, "data", {}).get("starts")
        if starts is not None and ends < starts:
            raise ValueError("конец раньше начала")
        if starts is not None and (ends - starts).days >= MAX_DATED_BREAK_DAYS:
            raise ValueError(f"перерыв длиннее {MAX_DATED_BREAK_DAYS} дней")
        return ends

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends


SUMMER_BREAK = RecurringBreak(starts="06-01", ends="08-31")
NEW_YEAR_HOLIDAYS = RecurringBreak(starts="12-31", ends="01-08")  # государственные праздники


# Computed once on import, outside any workflow sandbox (the package imports lazily on first use).
_OFFICIAL_YEARS = range(2000, 2101)
_OFFICIAL = holidays.country_holidays("RU", years=_OFFICIAL_YEARS)
_OFFICIAL_DAYS_OFF = frozenset(_OFFICIAL)
_OFFICIAL_WORKING_WEEKENDS = frozenset(_OFFICIAL.weekend_workdays)


def official_day_off(day: date) -> bool:
    """`official_day_off`: a federal holiday (1–8 January, 7 January, 23 February, 8 March, 1 and 9 May,
    12 June, 4 November) or a day off the government transferred to, by the official calendar of Russia."""
    return day in _OFFICIAL_DAYS_OFF


def official_working_weekend(day: date) -> bool:
    """A Saturday or Sunday the government's decree makes a working day (e.g. Saturday 1 November 2025)."""
    return day in _OFFICIAL_WORKING_WEEKENDS


# Working days of a school year by the calendar's content (a pure function, remembered; see below).
_WORKING_DAYS: dict[tuple[object, ...], int] = {}
_WORKING_DAYS_KEPT = 4096


class SchoolCalendar(BaseModel):
    recurring: list[RecurringBreak] = Field(
        default_factory=lambda: [SUMMER_BREAK, NEW_YEAR_HOLIDAYS], max_length=MAX_RECURRING
    )
    # the organisation's own (каникулы)
    holidays: list[DatedBreak] = Field(default_factory=list, max_length=bounds.MAX_HOLIDAYS)
    working_weekdays: int = Field(default=5, ge=5, le=6)  # a six-day school week counts Saturday
    # Russia's official holidays and transferred days off count as days off (`official_day_off`).
    official: bool = True

    @model_validator(mode="after")
    def _leaves_working_days(self) -> SchoolCalendar:
        """Every school year the calendar touches keeps enough working days (issue 13 §2): a break over
        the whole year would otherwise leave no day for a deadline to move to."""
        touched = {h.starts.year - 1 for h in self.holidays} | {h.ends.year for h in self.holidays}
        for first in sorted({2026} | touched):
            bounds.rule(bounds.working_days_left)(self.working_days_of_school_year(first))
        return self

    def working_days_of_school_year(self, first_year: int) -> int:
        """Working days from 1 September of `first_year` to 31 August of the next year (the dated breaks
        as one set, so that a hundred of them cost no more than one).

        Remembered by the calendar's content: every workflow input carrying a policy validates its calendar
        (the school year's 365 days) when a workflow task starts, and under load that validation alone
        tripped the sandbox's 2-second deadlock detection (bench/bench_district_year.py)."""
        key = (
            first_year,
            tuple((b.starts, b.ends) for b in self.recurring),
            tuple((h.starts, h.ends) for h in self.holidays),
            self.working_weekdays,
            self.official,
        )
        known = _WORKING_DAYS.get(key)
        if known is None:
            if len(_WORKING_DAYS) >= _WORKING_DAYS_KEPT:
                _WORKING_DAYS.clear()
            known = _WORKING_DAYS[key] = self._count_working_days(first_year)
        return known

    def _count_working_days(self, first_year: int) -> int:
        start, end = date(first_year, 9, 1), date(first_year + 1, 8, 31)
        off = {
            h.starts + timedelta(days=n) for h in self.holidays for n in range((h.ends - h.starts).days + 1)
        }
        count, day = 0, start
        while day <= end:
            if day not in off and not any(b.covers(day) for b in self.recurring):
                count += self._official_working(day)
            day += timedelta(days=1)
        return count

    def _official_working(self, day: date) -> bool:
        """A working day by the week and the official calendar alone (breaks already left out)."""
        if self.official and official_day_off(day):
            return False
        if self.official and official_working_weekend(day):
            return True
        return day.weekday() < self.working_weekdays

    def in_break(self, day: date) -> bool:
        return any(b.covers(day) for b in self.recurring) or any(h.covers(day) for h in self.holidays)

    def is_working_day(self, day: date) -> bool:
        """`working_day`: not in a break, not an official day off, and a school weekday or a weekend day
        the government made working."""
        if self.in_break(day):
            return False
        if self.official and official_day_off(day):
            return False
        if self.official and official_working_weekend(day):
            return True
        return day.weekday() < self.working_weekdays

    def working_day_by(self, day: date) -> date:
        """`deadline_by_moves_back`: a deadline set *by* a date (003 §2.4 «до 20 декабря и до 20 мая») that
        falls on a day off is due on the last working day before it, never after."""
        for _ in range(400):
            if self.is_working_day(day):
                return day
            day -= timedelta(days=1)
        raise ValueError("в году нет ни одного рабочего дня")

    def next_working_day(self, day: date) -> date:
        """The day itself when it is a working day, else the first working day after it."""
        for _ in range(400):
            if self.is_working_day(day):
                return day
            day += timedelta(days=1)
        raise ValueError("в году нет ни одного рабочего дня")

    def add_school_days(self, day: date, days: int) -> date:
        """`days` calendar days later, not counting break days (summer, holidays)."""
        counted = 0
        while counted < days:
            day += timedelta(days=1)
            if not self.in_break(day):
                counted += 1
        return day
