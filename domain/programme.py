"""A mentoring programme of one school (e.g. «Учитель–учитель 2026/27») as its workflow holds it.

The programme lifecycle (004 §6.1; 002 plan): conditions and team → mentee base → mentor base →
selection and training of mentors → pairs fixed by an order → their work → completion with reflection,
awards and best practices. The five stage names apply to it too (../shared/DOMAIN.md).
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from domain.forms import Form
from domain.stages import Stage


class RoadmapFacts(BaseModel):
    """Дорожная карта, approved by the head (001 §3.8)."""

    document_id: str
    approved_on: date


class BaseFacts(BaseModel):
    """Counts the API takes from the bases at the moment of a transition; recorded in the audit."""

    mentees_with_requests: int = Field(default=0, ge=0)
    mentors_selected: int = Field(default=0, ge=0)  # questionnaire and interview recorded
    mentors_trained: int = Field(default=0, ge=0)
    feedback_questionnaires: int = Field(default=0, ge=0)


class CompletionFact(StrEnum):
    """What the closing stages collect (004 §6.1 stage 7; 002 plan May–Aug)."""

    FINAL_GROUP_MEETING = "final_group_meeting"
    AWARDS = "awards"  # «Наставник года», «Лучшая пара»
    BEST_PRACTICES = "best_practices"
    ALUMNI_OFFERED = "alumni_offered"  # mentees who finished are offered to join the mentor base


class ProgrammeState(BaseModel):
    programme_id: str
    organisation_id: str
    district: str
    title: str
    academic_year: str
    training_required: bool = True  # 002, 004: the curator trains mentors "where needed"
    stage: Stage = Stage.PREPARATORY
    stage_since: datetime | None = None
    curator_id: str | None = None
    forms: list[Form] = Field(default_factory=list)
    roadmap: RoadmapFacts | None = None
    base: BaseFacts = Field(default_factory=BaseFacts)
    pairs: dict[str, Stage] = Field(default_factory=dict)  # pair id → its stage, as the pairs report it
    pair_seqs: dict[str, int] = Field(default_factory=dict)  # last reported seq per pair: no double count
    completion: list[CompletionFact] = Field(default_factory=list)
    seq: int = 0

    def pairs_in(self, *stages: Stage) -> int:
        return sum(1 for stage in self.pairs.values() if stage in stages)

    def stage_counts(self) -> dict[Stage, int]:
        counts = dict.fromkeys(Stage, 0)
        for stage in self.pairs.values():
            counts[stage] += 1
        return counts
