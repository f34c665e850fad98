"""The school calendar: summer break, holidays and working days (issue 4; 002 school cycle).

Nothing escalates on a break day: a deadline or an escalation step that falls on one moves to the next
working day, and meeting cadence counts only school days.
"""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

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


class SchoolCalendar(BaseModel):
    recurring: list[RecurringBreak] = Field(
        default_factory=lambda: [SUMMER_BREAK, NEW_YEAR_HOLIDAYS], max_length=MAX_RECURRING
    )
    # the organisation's own (каникулы)
    holidays: list[DatedBreak] = Field(default_factory=list, max_length=bounds.MAX_HOLIDAYS)
    working_weekdays: int = Field(default=5, ge=5, le=6)  # a six-day school week counts Saturday

    @model_validator(mode="after")
    def _leaves_working_days(self) -> SchoolCalendar:
        """Every school year the calendar touches keeps enough working days (issue 13 §2): a break over
        the whole year would otherwise leave no day for a deadline to move to."""
        first_years = (
            {2026} | {h.starts.year - 1 for h in self.holidays} | {h.ends.year for h in self.holidays}
        )
        for first in sorted(first_years):
            bounds.rule(bounds.working_days_left)(self.working_days_of_school_year(first))
        return self

    def working_days_of_school_year(self, first_year: int) -> int:
        """Working days from 1 September of `first_year` to 31 August of the next year."""
        start, end = date(first_year, 9, 1), date(first_year + 1, 8, 31)
        off = {
            h.starts + timedelta(days=n) for h in self.holidays for n in range((h.ends - h.starts).days + 1)
        }
        count, day = 0, start
        while day <= end:
            if day.weekday() < self.working_weekdays and day not in off and not self._recurring_break(day):
                count += 1
            day += timedelta(days=1)
        return count

    def _recurring_break(self, day: date) -> bool:
        return any(b.covers(day) for b in self.recurring)

    def in_break(self, day: date) -> bool:
        return any(b.covers(day) for b in self.recurring) or any(h.covers(day) for h in self.holidays)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() < self.working_weekdays and not self.in_break(day)

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
