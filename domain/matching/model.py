"""What matching takes in and gives back: pydantic models, so an activity can pass them through Temporal.

Ids are participant ids (`ParticipantFacts.participant_id`); no names or personal data travel here.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field

from domain.forms import Form
from domain.participants import ParticipantFacts

SCORE_MAX = 100  # a fit score is in 0..100 points


class MatchingMode(StrEnum):
    STABLE = "stable"  # deferred acceptance over the questionnaires of mutual preference (004 roadmap 16–18)
    OPTIMAL = "optimal"  # maximum total fit when no questionnaires were collected


class MenteeRequest(BaseModel):
    """One request of a mentee (a subject, a difficulty, a competence), matched against mentor competences.

    Tags are compared without case and surrounding spaces; `weight` says how much the request matters (1–5).
    """

    tag: str = Field(min_length=1)
    weight: int = Field(default=1, ge=1, le=5)


class MenteeEntry(BaseModel):
    """A mentee in the mentee base of a programme, with what they ask for."""

    facts: ParticipantFacts
    form: Form
    requests: list[MenteeRequest] = Field(default_factory=list)
    mentors_needed: int = Field(default=1, ge=1, le=10)
    # Earlier partners and anyone the mentee must not be paired with; never proposed, in any mode.
    excluded_mentor_ids: list[str] = Field(default_factory=list)
    # Back from a pair that did not fit, was terminated early or lost its mentor: matched first (004 stage 5).
    returning: bool = False
    # The questionnaire after the group meeting: preferred mentors, most wanted first.
    preferred_mentor_ids: list[str] = Field(default_factory=list)

    @property
    def mentee_id(self) -> str:
        return self.facts.participant_id


class MentorEntry(BaseModel):
    """A mentor in the mentor base: profile, competences and how many mentees they can take."""

    facts: ParticipantFacts
    competences: list[str] = Field(default_factory=list)
    capacity: int = Field(default=1, ge=1, le=50)
    # The forms the mentor agreed to; empty means every form their kind may mentor in.
    forms: list[Form] = Field(default_factory=list)
    # The questionnaire after the group meeting: preferred mentees, most wanted first.
    preferred_mentee_ids: list[str] = Field(default_factory=list)

    @property
    def mentor_id(self) -> str:
        return self.facts.participant_id


class MatchingInput(BaseModel):
    mentees: list[MenteeEntry]
    mentors: list[MentorEntry]
    # None chooses by the data: stable when any questionnaire of preference was collected, else optimal.
    mode: MatchingMode | None = None


class ProposedPair(BaseModel):
    mentee_id: str
    mentor_id: str
    score: int = Field(ge=0, le=SCORE_MAX)
    reasons: list[str]


class UnmatchedCode(StrEnum):
    NO_MENTOR_WITH_CAPACITY = "no_mentor_with_capacity"  # compatible mentors exist, all their places taken
    NO_FIT = "no_fit"  # no mentor passes the hard rules of the form


class UnmatchedMentee(BaseModel):
    """A mentee left (fully or partly) without mentors; the search goes on (004 stage 5, 002 item 19)."""

    mentee_id: str
    code: UnmatchedCode
    reason: str
    missing: int = Field(ge=1)  # how many mentors the mentee still needs
    compatible_mentors: int = Field(ge=0)  # mentors who pass every hard rule with this mentee
    # For `no_fit`: how many mentors each hard rule turned away (the first rule each mentor breaks).
    blocked_by: dict[str, int] = Field(default_factory=dict)


class Proposal(BaseModel):
    mode: MatchingMode
    pairs: list[ProposedPair]
    unmatched: list[UnmatchedMentee]
    total_fit: int
    matched_mentees: int  # mentees with at least one mentor

    @property
    def pair_count(self) -> int:
        return len(self.pairs)
