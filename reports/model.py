"""The report models: everything a report shows, already in words and numbers, so that the HTML page, the
XLSX workbook and the PDF render the same figures and none of them computes anything."""

from __future__ import annotations

from datetime import date, datetime

from pydantic import BaseModel, Field

from domain.questionnaire_stats import QuestionnaireStats, SwotSuggestions
from reports.figures import Period, SchoolFigures


class CountRow(BaseModel):
    label: str
    count: int


class FormStageRow(BaseModel):
    form: str
    by_stage: list[int]
    total: int


class OverdueRow(BaseModel):
    what: str
    who: str
    pair: str
    due_on: date
    level: str


class ParameterRow(BaseModel):
    parameter: str
    entry: float
    exit: float
    change: float
    participants: int


class SwotBlock(BaseModel):
    programme: str
    version: int | None = None
    written_by: str | None = None
    written_at: datetime | None = None
    strengths: list[str] = Field(default_factory=list)
    weaknesses: list[str] = Field(default_factory=list)
    opportunities: list[str] = Field(default_factory=list)
    threats: list[str] = Field(default_factory=list)
    suggestions: SwotSuggestions


class SchoolReport(BaseModel):
    """The half-year monitoring report of a school (for 20 December or 20 May; 004 §7–§8)."""

    title: str
    school: str
    district: str
    period: Period
    period_label: str
    generated_on: date
    figures: SchoolFigures
    stage_labels: list[str]
    pairs_by_form: list[FormStageRow]
    termination_reasons: list[CountRow]
    overdue_by_level: list[CountRow]
    overdue_items: list[OverdueRow]
    parameters: list[ParameterRow]
    questionnaires: list[QuestionnaireStats]
    swot: list[SwotBlock]


class DistrictRow(BaseModel):
    school: str
    due_on: date
    figures: SchoolFigures


class DistrictReport(BaseModel):
    """The district roll-up for the coordinator: one row per school with the school report's figures."""

    title: str
    district: str
    round_id: str
    period_label: str
    generated_on: date
    rows: list[DistrictRow]
    totals: SchoolFigures
    late_schools: list[str]


class PlanFact(BaseModel):
    label: str
    planned: str
    reached: str


class Award(BaseModel):
    title: str
    whom: str


class ProgrammeReport(BaseModel):
    """The programme's final analytical report of the curator, for publication (001 §4.15, 000 §6.5.3.1)."""

    title: str
    programme: str
    school: str
    academic_year: str
    stage: str
    curator: str
    generated_on: date
    forms: list[str]
    plan: list[PlanFact]
    outcomes: list[CountRow]
    termination_reasons: list[CountRow]
    parameters: list[ParameterRow]
    completion: list[CountRow]  # closing steps and whether done (1) or not (0)
    awards: list[Award]
    best_practices: list[str]
    conclusions: str
    notes_version: int | None
