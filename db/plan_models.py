"""Intermediate results of a pair's individual plan, recorded while it is carried out (002 item 22;
003 §5.1), and the members' agreements to a draft of the plan (001 §4.13). Texts stay here; no workflow
history holds them."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

import db.models  # noqa: F401  (the `pairs` table these rows point to lives on the same metadata)


class IntermediateResult(SQLModel, table=True):
    __tablename__ = "intermediate_results"
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    achieved_on: date
    text: str
    recorded_by: str
    recorded_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class PlanAgreement(SQLModel, table=True):
    """A member's agreement to a draft of the individual plan (001 §4.10, §4.13): one per person and draft,
    so agreeing twice is the same agreement."""

    __tablename__ = "plan_agreements"
    plan_id: str = Field(foreign_key="plan_documents.id", primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", primary_key=True)
    role: str  # mentor | mentee
    recorded_by: str  # the member, or the curator who entered an agreement given on paper
    agreed_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
