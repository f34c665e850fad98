"""What can be overdue, and the ladder it climbs: the one who owes it → curator → head → coordinator."""

from __future__ import annotations

from datetime import date, timedelta
from enum import StrEnum
from typing import Annotated

from pydantic import AfterValidator, BaseModel, Field, model_validator

from domain import bounds
from domain.local_time import DEFAULT_TIME_ZONE, valid_time_zone
from domain.school_calendar import SchoolCalendar


class ItemKind(StrEnum):
    QUESTIONNAIRE = "questionnaire"  # process-quality questionnaire of a monitoring round (004 §8.1)
    ENTRY_ASSESSMENT = "entry_assessment"  # входная диагностика (004 §8.2)
    EXIT_ASSESSMENT = "exit_assessment"  # итоговая диагностика
    NO_MEETING = "no_meeting"  # no meeting for longer than the plan's cadence plus a grace period
    STAGE_DEADLINE = "stage_deadline"  # e.g. a pair in preparatory for more than 30 days
    PLAN_PAST_END = "plan_past_end"  # implementation goes on past the plan's end date
    ROSTER_REFRESH = "roster_refresh"  # the yearly list of teachers who need a mentor (000 §6.5.3.1)


ITEM_LABELS: dict[ItemKind, str] = {
    ItemKind.QUESTIONNAIRE: "анкета мониторинга",
    ItemKind.ENTRY_ASSESSMENT: "входная диагностика",
    ItemKind.EXIT_ASSESSMENT: "итоговая диагностика",
    ItemKind.NO_MEETING: "нет встреч дольше периодичности плана",
    ItemKind.STAGE_DEADLINE: "пара дольше срока на подготовительном этапе",
    ItemKind.PLAN_PAST_END: "срок индивидуального плана истёк, пара не перешла к рефлексии",
    ItemKind.ROSTER_REFRESH: "обновить перечень педагогов, которым нужен наставник",
}

# Kinds that are asked for before they are due (a round opens; a diagnosis is requested).
REQUESTED_KINDS = frozenset(
    {ItemKind.QUESTIONNAIRE, ItemKind.ENTRY_ASSESSMENT, ItemKind.EXIT_ASSESSMENT, ItemKind.ROSTER_REFRESH}
)


class Level(StrEnum):
    OWNER = "owner"  # reminder to whoever owes it
    CURATOR = "curator"
    HEAD = "head"
    COORDINATOR = "coordinator"


LEVEL_LABELS: dict[Level, str] = {
    Level.OWNER: "напоминание",
    Level.CURATOR: "куратору",
    Level.HEAD: "руководителю ОО",
    Level.COORDINATOR: "координатору района",
}


class Ladder(BaseModel):
    """Days after the due date at which each level is told; each step lands on a working day."""

    owner: int = Field(default=0, ge=0, le=bounds.MAX_LADDER_DAYS)
    curator: int = Field(default=3, ge=0, le=bounds.MAX_LADDER_DAYS)
    head: int = Field(default=7, ge=0, le=bounds.MAX_LADDER_DAYS)
    coordinator: int = Field(default=14, ge=0, le=bounds.MAX_LADDER_DAYS)

    @model_validator(mode="after")
    def _rising(self) -> Ladder:
        if not self.owner <= self.curator <= self.head <= self.coordinator:
            raise ValueError("каждая ступень лестницы — не раньше предыдущей")
        return self

    def steps(self, due_on: date, calendar: SchoolCalendar) -> list[tuple[Level, date]]:
        steps: list[tuple[Level, date]] = []
        for level, days in (
            (Level.OWNER, self.owner),
            (Level.CURATOR, self.curator),
            (Level.HEAD, self.head),
            (Level.COORDINATOR, self.coordinator),
        ):
            on = calendar.next_working_day(due_on + timedelta(days=days))
            if steps and on <= steps[-1][1]:
                on = calendar.next_working_day(steps[-1][1] + timedelta(days=1))
            steps.append((level, on))
        return steps


def deadline_shown(due_on: date, calendar: SchoolCalendar) -> date:
    """`deadline_on_a_working_day`: the date a person is told an item is due («до 11.01.2027») is the day the
    ladder counts from — a due date on a day off is the next working day, in the text as on the timer."""
    return calendar.next_working_day(due_on)


def late_start(steps: list[tuple[Level, date]], today: date) -> tuple[Level | None, list[tuple[Level, date]]]:
    """`late_item_starts_at_its_level`: an item opened after some of its steps' dates (a meeting, stage change
    or submission typed in after the fact, a school starting mid-year) starts at the level its due date
    implies, and only the steps still ahead (today or later) fire: no burst of past notices.

    Returns the level already reached (None when nothing has passed) and the steps still to fire."""
    passed = [step for step in steps if step[1] < today]
    return (passed[-1][0] if passed else None), [step for step in steps if step[1] >= today]


class OverdueItem(BaseModel):
    """Something owed by a date. Ids and facts only: it travels through workflow histories."""

    item_id: str
    kind: ItemKind
    organisation_id: str
    district: str
    programme_id: str | None = None
    pair_id: str | None = None
    round_id: str | None = None
    owner_participant_id: str | None = None
    owner_user_id: str | None = None
    opens_on: date | None = None  # when it is asked for (REQUESTED_KINDS)
    due_on: date

    @property
    def path(self) -> str:
        """Where a person sees the item in the API."""
        if self.pair_id:
            return f"/pairs/{self.pair_id}"
        if self.programme_id:
            return f"/programmes/{self.programme_id}"
        return f"/overdue/{self.item_id}"


class EscalationPolicy(BaseModel):
    """One organisation's calendar, ladder and deadlines (configurable; README explains the defaults)."""

    calendar: SchoolCalendar = Field(default_factory=SchoolCalendar)
    ladder: Ladder = Field(default_factory=Ladder)
    # Dates of events and the hour of reminders are the school's own (domain/local_time.py).
    time_zone: Annotated[str, AfterValidator(valid_time_zone)] = DEFAULT_TIME_ZONE
    preparatory_days: int = Field(
        default=30, ge=1, le=bounds.MAX_PREPARATORY_DAYS
    )  # a pair in preparatory longer than this is overdue
    meeting_grace_days: int = Field(default=7, ge=0, le=bounds.MAX_GRACE_DAYS)
    assessment_days: int = Field(
        default=14, ge=1, le=bounds.MAX_ASSESSMENT_DAYS
    )  # exit assessment owed within this after reflective
