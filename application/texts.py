"""Free texts stay in the database; commands carry their ids (PITFALLS §8, issue 13 §4).

A comment or reason sent to a workflow would stay in its history for good, out of reach of erasure on
request (152-FZ). It is kept here as an audit text first; the Update carries only its id, and the audit
row that the workflow's event produces names the text by id and digest (db/audit_chain.py)."""

from __future__ import annotations

from sqlmodel import Session

from db.audit_chain import add_text
from domain.actors import Actor


def kept_text(
    session: Session, actor: Actor, body: str | None, organisation_id: str | None = None
) -> str | None:
    """The text's id, or None when there is nothing to keep; committed before the Update is sent."""
    if body is None or not body.strip():
        return None
    text = add_text(
        session,
        organisation_id=organisation_id or actor.organisation_id or "",
        author_id=actor.user_id,
        body=body,
    )
    session.commit()
    return text.id
