"""The school calendar: summer break, holidays and working days (issue 4; 002 school cycle).

Nothing escalates on a break day: a deadline or an escalation step that falls on one moves to the next
working day, and meeting cadence counts only school days.
"""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, Field, field_validator


class RecurringBreak(BaseModel):
    """A break that comes back every year, given as MM-DD bounds (inclusive); may wrap the new year."""

    starts: str = Field(pattern=r"^\d{2}-\d{2}$")
    ends: str = Field(pattern=r"^\d{2}-\d{2}$")

    def covers(self, day: date) -> bool:
        mmdd = day.strftime("%m-%d")
        if self.starts <= self.ends:
            return self.starts <= mmdd <= self.ends
        return mmdd >= self.starts or mmdd <= self.ends


class DatedBreak(BaseModel):
    starts: date
    ends: date

    @field_validator("ends")
    @classmethod
    def _after_start(cls, ends: date, info: object) -> date:
        starts = getattr(info, "data", {}).get("starts")
        if starts is not None and ends < starts:
            raise ValueError("конец раньше начала")
        return ends

    def covers(self, day: date) -> bool:
        return self.starts <= day <= self.ends


SUMMER_BREAK = RecurringBreak(starts="06-01", ends="08-31")
NEW_YEAR_HOLIDAYS = RecurringBreak(starts="12-31", ends="01-08")  # государственные праздники


class SchoolCalendar(BaseModel):
    recurring: list[RecurringBreak] = Field(default_factory=lambda: [SUMMER_BREAK, NEW_YEAR_HOLIDAYS])
    holidays: list[DatedBreak] = Field(default_factory=list)  # the organisation's own (каникулы)
    working_weekdays: int = Field(default=5, ge=5, le=6)  # a six-day school week counts Saturday

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
