"""Russian words for the values a cabinet page shows or offers in a select (the domain's own labels where
it has them)."""

from __future__ import annotations

from typing import Any

from domain.forms import Kind
from domain.labels import (
    ACTION_LABELS,
    KIND_LABELS,
    MEETING_KIND_LABELS,
    REFLECTION_KIND_LABELS,
    ROLE_LABELS,
    STAGE_LABELS,
    TERMINATION_REASON_LABELS,
)
from domain.labels import MEETING_FORMAT_LABELS as DOMAIN_MEETING_FORMAT_LABELS
from domain.matching.labels import FORM_LABELS
from domain.matching.labels import KIND_LABELS as PARTICIPANT_KIND_LABELS
from domain.pair import ConsentGiver, ConsentKind, MeetingFormat, ReflectionKind, TerminationReason
from domain.stages import Stage

# The domain's tables keyed by the enums the pages hold: one text for a code on the pages and in the API.
MENTORING_KIND_LABELS: dict[Kind, str] = {kind: KIND_LABELS[kind.value] for kind in Kind}

MEETING_FORMAT_LABELS: dict[MeetingFormat, str] = {
    f: DOMAIN_MEETING_FORMAT_LABELS[f.value] for f in MeetingFormat
}

REFLECTION_LABELS: dict[ReflectionKind, str] = {k: REFLECTION_KIND_LABELS[k.value] for k in ReflectionKind}

TERMINATION_LABELS: dict[TerminationReason, str] = {
    reason: TERMINATION_REASON_LABELS[reason.value] for reason in TerminationReason
}

CONSENT_KIND_LABELS: dict[ConsentKind, str] = {
    ConsentKind.PARTICIPATION: "на участие в программе",
    ConsentKind.PERSONAL_DATA: "на обработку персональных данных",
}

CONSENT_GIVER_LABELS: dict[ConsentGiver, str] = {
    ConsentGiver.SELF: "сам участник",
    ConsentGiver.GUARDIAN: "законный представитель",
}

PHASE_LABELS: dict[str, str] = {"entry": "входная", "exit": "итоговая"}

MEMBER_ROLE_LABELS: dict[str, str] = {"mentor": "наставник", "mentee": "наставляемый"}

# The five stages of the ribbon, in order.
RIBBON: list[Stage] = [Stage.PREPARATORY, Stage.DESIGN, Stage.IMPLEMENTATION, Stage.REFLECTIVE, Stage.RESULT]


def options(labels: dict[Any, str], values: list[Any] | None = None) -> list[tuple[str, str]]:
    """(value, label) pairs for a select, in the enum's order."""
    return [
        (str(k.value if hasattr(k, "value") else k), v)
        for k, v in labels.items()
        if not values or k in values
    ]


LABELS: dict[str, dict[Any, str]] = {
    "forms": FORM_LABELS,
    "kinds": MENTORING_KIND_LABELS,
    "participant_kinds": PARTICIPANT_KIND_LABELS,
    "stages": STAGE_LABELS,
    "roles": ROLE_LABELS,
    "meeting_kinds": MEETING_KIND_LABELS,
    "meeting_formats": MEETING_FORMAT_LABELS,
    "reflections": REFLECTION_LABELS,
    "terminations": TERMINATION_LABELS,
    "consent_kinds": CONSENT_KIND_LABELS,
    "consent_givers": CONSENT_GIVER_LABELS,
    "phases": PHASE_LABELS,
    "member_roles": MEMBER_ROLE_LABELS,
}


def label(kind: str, value: object) -> str:
    """The label of a value of one of the kinds above; the value itself when unknown."""
    table = LABELS[kind]
    for key, text in table.items():
        if key == value or getattr(key, "value", key) == value:
            return text
    return str(value)


LABELS["actions"] = ACTION_LABELS


def install(env: Any) -> None:
    """The pages' templates reach the labels as `labels.<kind>[value]` and selects as `options(...)`."""
    env.globals["labels"] = LABELS
    env.globals["options"] = options
