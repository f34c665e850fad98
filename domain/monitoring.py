"""Half-yearly monitoring rounds (000 §VII; 003 §2.4: due by 20 December and 20 May; 004 §8)."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Annotated

from pydantic import BaseModel, Field, field_validator

from domain import bounds
from domain.school_calendar import SchoolCalendar


class MonitoringSettings(BaseModel):
    deadlines: list[Annotated[str, Field(pattern=r"^\d{2}-\d{2}$")]] = Field(
        default_factory=lambda: ["12-20", "05-20"], min_length=1, max_length=bounds.MAX_DEADLINES
    )  # MM-DD, per organisation
    opens_days_before: int = Field(default=14, ge=1, le=90)

    @field_validator("deadlines")
    @classmethod
    def _every_year_has_them(cls, deadlines: list[str]) -> list[str]:
        for mmdd in deadlines:
            month, day = (int(part) for part in mmdd.split("-"))
            try:
                date(2027, month, day)  # a year without 29 February
            except ValueError:
                raise ValueError(f"{mmdd}: такого дня нет в каждом году (ММ-ДД)") from None
        return deadlines


class MonitoringRound(BaseModel):
    round_id: str  # e.g. "2026-12": the month the round is due
    opens_on: date
    due_on: date


def academic_year_in_bounds(academic_year: str) -> bool:
    try:
        bounds.academic_year(academic_year)
    except bounds.OutOfBounds:
        return False
    return True


def academic_year_bounds(academic_year: str) -> tuple[date, date]:
    """'2026/27' → 1 September 2026 … 31 August 2027."""
    first = int(academic_year[:4])
    return date(first, 9, 1), date(first + 1, 8, 31)


def academic_year_of(day: date) -> str:
    """The academic year a day belongs to: 1 September opens it ('2026/27' runs to 31 August 2027)."""
    first = day.year if day.month >= 9 else day.year - 1
    return f"{first}/{(first + 1) % 100:02d}"


def academic_years_between(first: date, last: date) -> list[str]:
    """Every academic year from the one holding `first` to the one holding `last` (at least one)."""
    years = [academic_year_of(first)]
    while academic_year_bounds(years[-1])[1] < last:
        years.append(academic_year_of(academic_year_bounds(years[-1])[1] + timedelta(days=1)))
    return years


def rounds_of_year(
    academic_year: str, settings: MonitoringSettings, calendar: SchoolCalendar, moves_back: bool = True
) -> list[MonitoringRound]:
    """The rounds due inside the academic year, each *by* its date (003 §2.4): a deadline on a day off is due
    on the working day before (`deadline_by_moves_back`). `moves_back=False` is the first release's rule
    (the next working day), kept for monitoring workflows already running."""
    start, end = academic_year_bounds(academic_year)
    rounds = []
    for mmdd in settings.deadlines:
        month, day = (int(part) for part in mmdd.split("-"))
        year = start.year if month >= start.month else end.year
        deadline = date(year, month, day)
        due = calendar.working_day_by(deadline) if moves_back else calendar.next_working_day(deadline)
        rounds.append(
            MonitoringRound(
                round_id=f"{year}-{month:02d}",
                opens_on=due - timedelta(days=settings.opens_days_before),
                due_on=due,
            )
        )
    return sorted(rounds, key=lambda r: r.due_on)
