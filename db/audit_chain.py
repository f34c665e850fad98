"""The tamper-evident audit: each organisation's rows form a hash chain (issue 13 §5).

Every AuditEvent added through a Session is chained at flush, whoever adds it: the organisation's head
row is locked first (an UPDATE: a row lock on PostgreSQL, the write lock on SQLite), so appends of one
organisation are serialised on both; unique (organisation_id, chain_seq) is the backstop. `verify`
walks a chain and names the first row that does not match.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from uuid import uuid4

from sqlalchemy import event, inspect, update
from sqlalchemy.orm import Session as OrmSession
from sqlmodel import Session, col, select

from db.audit_hash import GENESIS, row_hash, text_digest
from db.audit_models import AuditChainHead, AuditText
from db.insert_once import insert_if_absent
from db.models import AuditEvent
from db.session import utcnow
from domain.erasure import ERASED_TEXT


def add_text(session: Session, *, organisation_id: str, author_id: str, body: str) -> AuditText:
    """Keep a free text out of the audit row (and out of workflow histories): the row names it."""
    salt = secrets.token_hex(16)
    text = AuditText(
        id=f"text-{uuid4().hex}",
        organisation_id=organisation_id,
        author_id=author_id,
        body=body,
        salt=salt,
        digest=text_digest(salt, body),
        created_at=utcnow(),
    )
    session.add(text)
    return text


def cite_text(row: AuditEvent, text: AuditText | None) -> AuditEvent:
    if text is not None:
        row.reason_text_id, row.reason_digest = text.id, text.digest
    return row


def readable_texts(session: Session, rows: list[AuditEvent]) -> dict[str, str]:
    """The texts the rows name, as they read now (an erased one reads as erased)."""
    ids = [r.reason_text_id for r in rows if r.reason_text_id]
    if not ids:
        return {}
    found = session.exec(select(AuditText).where(col(AuditText.id).in_(ids))).all()
    return {t.id: t.body for t in found}


def hashed_content(row: AuditEvent) -> dict[str, Any]:
    return row.model_dump()


def _lock_head(session: OrmSession, organisation_id: str) -> tuple[int, str]:
    heads = AuditChainHead.__table__  # type: ignore[attr-defined]
    # The organisation's first append creates its head; a racing first append waits for it, then finds it.
    insert_if_absent(
        session,
        heads,
        {"organisation_id": organisation_id, "chain_seq": 0, "head_hash": ""},
        ["organisation_id"],
    )
    connection = session.connection()
    # The UPDATE takes the lock before anything is read, so two appenders never read the same head.
    connection.execute(
        update(heads).where(heads.c.organisation_id == organisation_id).values(chain_seq=heads.c.chain_seq)
    )
    seq, head = connection.execute(
        select(heads.c.chain_seq, heads.c.head_hash).where(heads.c.organisation_id == organisation_id)
    ).one()
    return int(seq), head or GENESIS


@event.listens_for(OrmSession, "before_flush")
def _chain_new_rows(session: OrmSession, _context: Any, _instances: Any) -> None:
    fresh = [o for o in session.new if isinstance(o, AuditEvent) and o.row_hash is None]
    if not fresh:
        return
    fresh.sort(key=lambda o: inspect(o).insert_order)
    heads = AuditChainHead.__table__  # type: ignore[attr-defined]
    for organisation_id in sorted({o.organisation_id for o in fresh}):
        seq, head = _lock_head(session, organisation_id)
        for row in (o for o in fresh if o.organisation_id == organisation_id):
            if row.event_key is None:
                row.event_key = f"{row.workflow_id}#{row.seq}"
            row.reason = row.reason or ""
            row.details = row.details or {}
            seq += 1
            row.chain_seq, row.prev_hash = seq, head
            row.row_hash = head = row_hash(hashed_content(row))
        session.connection().execute(
            update(heads)
            .where(heads.c.organisation_id == organisation_id)
            .values(chain_seq=seq, head_hash=head)
        )


def audit_change(
    session: Session,
    *,
    actor_id: str,
    actor_role: str,
    organisation_id: str,
    subject_type: str,
    subject_id: str,
    action: str,
    details: dict[str, Any] | None = None,
) -> AuditEvent:
    """A change the API makes directly (bases, consents, policies, users): chained like every row.
    Ids and facts only in `details`; the caller commits with its change, so both or neither are kept."""
    row = AuditEvent(
        event_key=f"{subject_type}-{subject_id}-{action}-{uuid4().hex}",
        workflow_id=f"{subject_type}-{subject_id}",
        seq=0,
        subject_type=subject_type,
        subject_id=subject_id,
        organisation_id=organisation_id,
        action=action,
        actor_id=actor_id,
        actor_role=actor_role,
        at=utcnow(),
        details=details or {},
    )
    session.add(row)
    return row


def already_recorded(session: Session, event_key: str) -> bool:
    query = select(AuditEvent.id).where(col(AuditEvent.event_key) == event_key)
    return session.exec(query).first() is not None


@dataclass(frozen=True)
class ChainBreak:
    organisation_id: str
    chain_seq: int
    row_id: int | None
    problem: str


def _row_problem(row: AuditEvent, expected: int, previous: str, texts: dict[str, AuditText]) -> str | None:
    if row.chain_seq != expected:
        return "row_missing_or_moved"
    if row.prev_hash != previous:
        return "previous_hash_mismatch"
    if row.row_hash != row_hash(hashed_content(row)):
        return "content_changed"
    if row.reason_text_id is not None:
        text = texts.get(row.reason_text_id)
        if text is None or text.digest != row.reason_digest:
            return "text_missing_or_replaced"
        if text.erased_at is None and text_digest(text.salt, text.body) != text.digest:
            return "text_changed"
    return None


def verify_chain(session: Session, organisation_id: str) -> tuple[int, ChainBreak | None]:
    """(rows checked, the first broken row or None when the chain is intact).

    The head is read first: rows appended while verify runs lie past it and are left for the next run."""
    head = session.get(AuditChainHead, organisation_id)
    query = select(AuditEvent).where(col(AuditEvent.organisation_id) == organisation_id)
    if head is not None:
        query = query.where(col(AuditEvent.chain_seq) <= head.chain_seq)
    rows = session.exec(query.order_by(col(AuditEvent.chain_seq), col(AuditEvent.id))).all()
    cited = [r.reason_text_id for r in rows if r.reason_text_id]
    texts = {t.id: t for t in session.exec(select(AuditText).where(col(AuditText.id).in_(cited)))}
    previous, checked = GENESIS, 0
    for expected, row in enumerate(rows, start=1):
        problem = _row_problem(row, expected, previous, texts)
        if problem is not None:
            return checked, ChainBreak(organisation_id, expected, row.id, problem)
        previous = row.row_hash or ""
        checked += 1
    if head is not None and (head.chain_seq != checked or (checked and head.head_hash != previous)):
        return checked, ChainBreak(organisation_id, checked + 1, None, "rows_missing_at_the_end")
    return checked, None


def chained_organisations(session: Session) -> list[str]:
    query = select(AuditEvent.organisation_id).distinct().order_by(col(AuditEvent.organisation_id))
    return list(session.exec(query).all())


def erase_texts_of(session: Session, author_ids: list[str]) -> int:
    """Erasure (152-FZ) blanks the texts the person wrote; digests stay, so the chain still verifies."""
    if not author_ids:
        return 0
    result = session.execute(
        update(AuditText)
        .where(col(AuditText.author_id).in_(author_ids), col(AuditText.erased_at).is_(None))
        .values(body=ERASED_TEXT, salt="", erased_at=utcnow())
    )
    return int(result.rowcount)  # type: ignore[attr-defined]
