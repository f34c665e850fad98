"""Request and response models of matching: preferences, a proposal with its reasons, the decision."""

from __future__ import annotations

from typing import Annotated, Any

from pydantic import BaseModel, Field

from application.programme_schemas import OrderRef
from application.schemas import labelled
from domain import bounds
from domain.forms import Form
from domain.labels import PROPOSAL_MODE_LABELS, PROPOSAL_STATUS_LABELS


class PreferenceBody(BaseModel):
    ranked_ids: list[Annotated[str, Field(max_length=64)]] = Field(
        max_length=bounds.MAX_LIST_ITEMS, description="Предпочтительные партнёры, самый желанный первым"
    )


class Candidate(BaseModel):
    participant_id: str
    full_name: str
    kind_label: str
    grade: int | None = None


class PreferenceSheet(BaseModel):
    """A person's questionnaire of preferred partners with whom they may name."""

    programme_id: str
    programme_title: str
    participant_id: str
    full_name: str
    in_mentor_base: bool
    in_mentee_base: bool
    candidates: list[Candidate]
    ranked_ids: list[str]
    ranked: list[Candidate]
    may_fill: bool


class PreferenceSheetRef(BaseModel):
    programme_id: str
    programme_title: str
    named: int


class ProposedPairRead(BaseModel):
    mentee_id: str
    mentee_name: str
    mentor_id: str
    mentor_name: str
    score: int
    reasons: list[str]


class UnmatchedRead(BaseModel):
    mentee_id: str
    mentee_name: str
    code: str
    reason: str


class ProposalRead(BaseModel):
    id: str
    programme_id: str
    mode: str
    status: str
    total_fit: int
    pairs: list[ProposedPairRead]
    unmatched: list[UnmatchedRead]
    created_by: str
    created_at: Any = None
    decided_by: str | None
    decided_at: Any
    mode_label: str | None = labelled(PROPOSAL_MODE_LABELS, "mode")
    status_label: str | None = labelled(PROPOSAL_STATUS_LABELS, "status")


class PairChoice(BaseModel):
    mentee_id: str
    mentor_id: str


class AcceptBody(BaseModel):
    """Accept the proposal with the curator's edits: pairs left out, pairs added by hand."""

    order: OrderRef
    planned_start: bounds.EraDate
    planned_end: bounds.EraDate
    form: Form | None = None
    exclude: list[PairChoice] = Field(default_factory=list, max_length=500)
    add: list[PairChoice] = Field(default_factory=list, max_length=500)


class FitBody(BaseModel):
    fits: bool
    comment: str = Field(default="", max_length=2000)
