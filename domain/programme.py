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
    # Mentors in the programme's pairs whose training is required and not done (002 stage 2 «при
    # необходимости»): the reserve left in the base is not counted.
    mentors_in_pairs_untrained: int = Field(default=0, ge=0)
    feedback_questionnaires: int = Field(default=0, ge=0)


class CompletionFact(StrEnum):
    """What the closing stages collect (004 §6.1 stage 7; 002 plan May–Aug)."""

    FINAL_GROUP_MEETING = "final_group_meeting"
    AWARDS = "awards"  # «Наставник года», «Лучшая пара»
    BEST_PRACTICES = "best_practices"
    ALUMNI_OFFERED = "alumni_offered"  # mentees who finished are offered to join the mentor base


class Award(StrEnum):
    """Конкурсы профессионального мастерства at completion (000 §3.3–3.5; 004 §6.1 stage 7)."""

    MENTOR_OF_THE_YEAR = "mentor_of_the_year"  # «Наставник года»
    BEST_PAIR = "best_pair"  # «Лучшая пара»


class HeadAct(StrEnum):
    """Acts of the head of the organisation (001 §3.8; 002 item 12), recorded as the head's."""

    MENTOR_REGISTRY = "mentor_registry"  # приказ об утверждении реестра наставников, 002 item 12
    MENTEES = "mentees"  # утверждение отобранных наставляемых, 001 §3.8


class HeadApproval(BaseModel):
    """What the head approved: by which order (number, date), whom (ids only)."""

    number: str = Field(min_length=1, max_length=64)
    signed_on: date
    participant_ids: list[str] = Field(default_factory=list)
    by_user_id: str


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
    # Programmes created under the rules of issue 12: the head's acts are the head's (001 §3.8), pairs are
    # fixed only with their members' consent. False for programmes created before: they replay as they were.
    rules_v2: bool = False
    head_approvals: dict[HeadAct, HeadApproval] = Field(default_factory=dict)
    seq: int = 0

    def pairs_in(self, *stages: Stage) -> int:
        return sum(1 for stage in self.pairs.values() if stage in stages)

    def stage_counts(self) -> dict[Stage, int]:
        counts = dict.fromkeys(Stage, 0)
        for stage in self.pairs.values():
            counts[stage] += 1
        return counts
