"""Participants: the facts about a person that the rules need (never their names)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.forms import ParticipantKind

AGE_OF_MAJORITY = 18


def age_on(birth_date: date, on: date) -> int:
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def is_minor(birth_date: date | None, on: date) -> bool:
    """A participant without a birth date is an adult (teachers, employer staff)."""
    return birth_date is not None and age_on(birth_date, on) < AGE_OF_MAJORITY


class ParticipantFacts(BaseModel):
    """What the rules need to know about a person: ids and facts, no personal data."""

    participant_id: str
    organisation_id: str
    kind: ParticipantKind
    minor: bool = False
    grade: int | None = Field(default=None, ge=1, le=11)
    years_of_experience: float | None = Field(default=None, ge=0)
    new_hire: bool = False
    stated_difficulty: bool = False
