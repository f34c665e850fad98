"""Tables of issue 12's facts (rules-a): the mentor's additional agreement, the mentee's proposals to the
plan and petitions to the head. Texts and names stay here, never in workflow histories."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel

import db.models  # noqa: F401  (the tables these rows point to live on the same metadata)


def _ts() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class MentorAgreement(SQLModel, table=True):
    """Дополнительное соглашение к трудовому договору наставника (000 §2.1, §2.5)."""

    __tablename__ = "mentor_agreements"
    id: str = Field(primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", index=True)
    organisation_id: str = Field(foreign_key="organisations.id", index=True)
    number: str
    signed_on: date
    recorded_by: str
    recorded_at: datetime = _ts()


class PlanProposal(SQLModel, table=True):
    """A mentee's proposal to the individual plan (003 §6.2)."""

    __tablename__ = "plan_proposals"
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    participant_id: str = Field(foreign_key="participants.id")
    text: str
    proposed_by: str
    proposed_at: datetime = _ts()


class Petition(SQLModel, table=True):
    """A mentee's petition to the head to replace the mentor, and the head's decision (003 §6.2)."""

    __tablename__ = "petitions"
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    organisation_id: str = Field(foreign_key="organisations.id", index=True)
    participant_id: str = Field(foreign_key="participants.id")
    text: str
    filed_by: str
    filed_at: datetime = _ts()
    decision: str | None = None  # granted | refused
    decision_comment: str = ""
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
