"""Kinds of mentoring (вид, 001 §4.4) are not labels: each sets its own term and meetings.

- speed «скоростное»: «однократная встреча» — one working meeting, the pair may last a day;
- situational «ситуационное»: help «всякий раз, когда наставляемый нуждается» — no fixed schedule, so no
  cadence and no "no meeting" escalation;
- short-term, traditional, virtual, group, reverse: meetings «по заранее установленному графику» at the
  plan's cadence.

The 3–12 months term (001 §1.3) defines a personalised programme *for a teacher* (001 is the provision on
teachers' mentoring); a pupil pair has no such bound, and neither has a speed or situational pair.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from enum import StrEnum

from domain.calendar import add_months
from domain.errors import GuardRefused, InvalidInput
from domain.forms import Kind
from domain.labels import KIND_LABELS, document_reference

MIN_TERM_MONTHS = 3  # 001 §1.3: a personalised programme of a teacher lasts 3 months to 1 year
MAX_TERM_MONTHS = 12


class MeetingRhythm(StrEnum):
    SCHEDULED = "scheduled"  # по графику, с периодичностью
    ONE_MEETING = "one_meeting"  # однократная встреча
    ON_DEMAND = "on_demand"  # по мере необходимости


@dataclass(frozen=True)
class KindRule:
    rhythm: MeetingRhythm
    teacher_term: bool  # whether the 3–12 months of a teacher's personalised programme applies


KIND_RULES: dict[Kind, KindRule] = {
    Kind.TRADITIONAL: KindRule(MeetingRhythm.SCHEDULED, True),
    Kind.VIRTUAL: KindRule(MeetingRhythm.SCHEDULED, True),
    Kind.GROUP: KindRule(MeetingRhythm.SCHEDULED, True),
    Kind.SHORT_TERM: KindRule(MeetingRhythm.SCHEDULED, True),
    Kind.REVERSE: KindRule(MeetingRhythm.SCHEDULED, True),
    Kind.SITUATIONAL: KindRule(MeetingRhythm.ON_DEMAND, False),
    Kind.SPEED: KindRule(MeetingRhythm.ONE_MEETING, False),
}


def expects_regular_meetings(kind: Kind) -> bool:
    """001 §4.4: only kinds with a schedule owe meetings at a cadence (and escalate when none is held)."""
    return KIND_RULES[kind].rhythm is MeetingRhythm.SCHEDULED


def term_fits_kind(kind: Kind, teacher_mentee: bool, starts_on: date, ends_on: date, *, field: str) -> None:
    """001 §1.3, §4.4: the end is after the start (a speed pair may end on its day); the personalised
    programme of a teacher lasts 3 months to 1 year, in the kinds that have a schedule."""
    if ends_on < starts_on or (ends_on == starts_on and kind is not Kind.SPEED):
        raise InvalidInput("term_positive", "Дата окончания должна быть позже даты начала.", field)
    if not (teacher_mentee and KIND_RULES[kind].teacher_term):
        return
    if ends_on < add_months(starts_on, MIN_TERM_MONTHS) or ends_on > add_months(starts_on, MAX_TERM_MONTHS):
        raise InvalidInput(
            "term_3_to_12_months",
            "Персонализированная программа наставничества педагога длится от 3 месяцев до 1 года "
            f"({document_reference('001', '1.3')}).",
            field,
        )


def plan_fits_kind(kind: Kind, scheduled_meetings: int, cadence_days: int | None) -> None:
    """001 §4.4, §4.8: a scheduled kind has a meeting schedule and a cadence; speed mentoring is one
    meeting; situational mentoring has no fixed schedule."""
    rhythm = KIND_RULES[kind].rhythm
    if rhythm is MeetingRhythm.ONE_MEETING and scheduled_meetings != 1:
        raise InvalidInput(
            "speed_mentoring_one_meeting",
            "Скоростное наставничество — одна встреча: в графике должна быть ровно одна дата.",
            "schedule",
        )
    if rhythm is not MeetingRhythm.SCHEDULED:
        return
    if scheduled_meetings < 1:
        raise InvalidInput(
            "plan_has_schedule", "В индивидуальном плане должен быть график встреч.", "schedule"
        )
    if cadence_days is None:
        raise InvalidInput(
            "plan_has_cadence",
            f"Для вида «{KIND_LABELS[kind.value]}» укажите периодичность встреч.",
            "cadence_days",
        )


def speed_mentoring_one_meeting(kind: Kind, working_meetings_held: int) -> None:
    """001 §4.4: speed mentoring is a single meeting; a second working meeting is not another speed pair."""
    if kind is Kind.SPEED and working_meetings_held >= 1:
        raise GuardRefused(
            "speed_mentoring_one_meeting",
            "Скоростное наставничество — одна встреча, и она уже отмечена.",
            field="kind",
        )
