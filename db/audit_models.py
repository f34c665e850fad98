"""The audit chain's own tables: the texts an audit row refers to, and each organisation's chain head."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Column, DateTime
from sqlmodel import Field, SQLModel


class AuditText(SQLModel, table=True):
    """A free text an audit row refers to (a comment, a reason, an erasure's basis).

    The row's hash covers `digest` (sha256 over `salt` and `body`), never the body itself: erasure on
    request (152-FZ) blanks the body and the salt and keeps the digest, so the chain still verifies and
    the digest no longer leads back to the words."""

    __tablename__ = "audit_texts"
    id: str = Field(primary_key=True)
    organisation_id: str = Field(index=True)
    author_id: str = Field(index=True)
    body: str
    salt: str
    digest: str
    created_at: datetime = Field(sa_column=Column(DateTime(timezone=True), nullable=False))
    erased_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class AuditChainHead(SQLModel, table=True):
    """The last row of an organisation's chain; its row is the lock that serialises appends."""

    __tablename__ = "audit_chain_heads"
    organisation_id: str = Field(primary_key=True)
    chain_seq: int = 0
    head_hash: str = ""
