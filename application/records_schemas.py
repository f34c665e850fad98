"""What people wrote, as it is read back: plans, reflections, assessments, answers, feedback."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from pydantic import BaseModel

from application.schemas import labelled
from domain.labels import MEETING_FORMAT_LABELS, REFLECTION_KIND_LABELS
from domain.pair import MeetingFormat, ReflectionKind


class PlanRead(BaseModel):
    id: str
    problem: str = ""
    goals: list[str]
    content: str = ""
    planned_results: str = ""
    schedule: list[date]
    cadence_days: int | None
    format: MeetingFormat
    starts_on: date
    ends_on: date
    written_by: str  # the author's name
    created_at: datetime
    format_label: str | None = labelled(MEETING_FORMAT_LABELS, "format")


class ReflectionRead(BaseModel):
    id: str
    kind: ReflectionKind
    text: str
    written_by: str
    created_at: datetime
    kind_label: str | None = labelled(REFLECTION_KIND_LABELS, "kind")


class AssessmentRecord(BaseModel):
    id: str
    participant_id: str
    participant_name: str
    phase: str
    scores: dict[str, float]
    submitted_by: str
    submitted_at: datetime


class FitAnswerRead(BaseModel):
    participant_id: str
    participant_name: str
    fits: bool
    comment: str
    answered_at: datetime


class FeedbackRead(BaseModel):
    id: str
    programme_id: str
    participant_id: str
    participant_name: str
    answers: dict[str, Any]
    created_at: datetime
