"""Questionnaires as data, the curator's SWOT and final report notes, the school's coverage figures.

Texts people write (answers, SWOT quadrants, best practices) live only here, never in workflow histories.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel

import db.models  # noqa: F401  (the tables these rows point to live on the same metadata)


def _json(default: Any) -> Any:
    return Field(default_factory=default, sa_column=Column(JSON))


def _ts() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class QuestionnaireVersion(SQLModel, table=True):
    """One published version of a respondent's questionnaire (004 §8.1). `district` "" is the shipped
    default; a district's own versions continue its numbering. Never updated once written."""

    __tablename__ = "questionnaire_versions"
    __table_args__ = (UniqueConstraint("district", "respondent", "version"),)
    id: str = Field(primary_key=True)
    district: str = Field(index=True)
    respondent: str
    version: int
    title: str
    questions: list[dict[str, Any]] = _json(list)
    published_by: str
    published_at: datetime = _ts()


class RoundQuestionnaire(SQLModel, table=True):
    """The version a school's round opened with, per respondent: its answers are validated against it."""

    __tablename__ = "round_questionnaires"
    organisation_id: str = Field(foreign_key="organisations.id", primary_key=True)
    round_id: str = Field(primary_key=True)
    respondent: str = Field(primary_key=True)
    version_id: str = Field(foreign_key="questionnaire_versions.id")
    pinned_at: datetime = _ts()


class SwotAnalysis(SQLModel, table=True):
    """The curator's SWOT of a programme for a round (004 §8.1); each save is a new version."""

    __tablename__ = "swot_analyses"
    __table_args__ = (UniqueConstraint("programme_id", "round_id", "version"),)
    id: str = Field(primary_key=True)
    organisation_id: str = Field(foreign_key="organisations.id", index=True)
    programme_id: str = Field(foreign_key="programmes.id", index=True)
    round_id: str
    version: int
    strengths: list[str] = _json(list)
    weaknesses: list[str] = _json(list)
    opportunities: list[str] = _json(list)
    threats: list[str] = _json(list)
    written_by: str
    written_at: datetime = _ts()


class CoverageSettings(SQLModel, table=True):
    """A school's numbers of pupils and teachers for an academic year and its coverage targets (004 §7):
    year → minimum percent."""

    __tablename__ = "coverage_settings"
    organisation_id: str = Field(foreign_key="organisations.id", primary_key=True)
    academic_year: str = Field(primary_key=True)
    pupils_total: int
    teachers_total: int
    pupil_targets: dict[str, int] = _json(dict)
    teacher_targets: dict[str, int] = _json(dict)
    updated_by: str
    updated_at: datetime = _ts()


class ProgrammeReportNote(SQLModel, table=True):
    """What the curator adds to the programme's final analytical report (001 §4.15, 000 §6.5.3.1):
    awards, best practices, conclusions. Each save is a new version."""

    __tablename__ = "programme_report_notes"
    __table_args__ = (UniqueConstraint("programme_id", "version"),)
    id: str = Field(primary_key=True)
    programme_id: str = Field(foreign_key="programmes.id", index=True)
    version: int
    awards: list[dict[str, Any]] = _json(list)
    best_practices: list[str] = _json(list)
    conclusions: str = ""
    written_by: str
    written_at: datetime = _ts()
