"""Participants: the facts about a person that the rules need (never their names)."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel, Field

from domain.forms import MIN_PUPIL_AGE, ParticipantKind

AGE_OF_MAJORITY = 18


def age_on(birth_date: date, on: date) -> int:
    years = on.year - birth_date.year
    if (on.month, on.day) < (birth_date.month, birth_date.day):
        years -= 1
    return years


def is_minor(birth_date: date | None, on: date) -> bool:
    """A participant without a birth date is an adult (teachers, employer staff)."""
    return birth_date is not None and age_on(birth_date, on) < AGE_OF_MAJORITY


def pupil_old_enough(kind: ParticipantKind, age: int | None) -> bool:
    """003 §1.1, 000 §1.2: pupils take part «в возрасте от 10 лет», on the day the pair starts. Without a
    birth date the age is unknown and does not refuse by itself."""
    return kind is not ParticipantKind.PUPIL or age is None or age >= MIN_PUPIL_AGE


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
    # Full years on the day the pair starts (or matching runs); None without a birth date.
    age: int | None = Field(default=None, ge=0)
    # Comes from another organisation (a teacher of another school, an employer's staff), recorded in this
    # school's base with that organisation (004 §5.2; 001 §3.9).
    external: bool = False
