"""Is a school's audit chain intact (issue 13 §5)? The operator checks any organisation, a head their own;
the JSON API (`GET /audit/verify`) and the cabinet's «Журнал» page both ask here."""

from __future__ import annotations

from pydantic import BaseModel
from sqlmodel import Session, select

from db.audit_chain import verify_chain
from db.models import Organisation
from domain.actors import Actor, Role
from domain.errors import Forbidden, NotFound
from domain.labels import AUDIT_PROBLEM_LABELS


class ChainVerdict(BaseModel):
    organisation_id: str
    intact: bool
    rows_checked: int
    broken_chain_seq: int | None = None
    broken_row_id: int | None = None
    problem: str | None = None
    problem_label: str | None = None


def ensure_may_verify(actor: Actor) -> None:
    if actor.role not in (Role.ADMIN, Role.HEAD):
        raise Forbidden("operator_or_head_only", "Проверку журнала выполняют оператор или руководитель ОО.")


def verifiable_organisations(session: Session, actor: Actor) -> list[Organisation]:
    """What the actor may check: every organisation for the operator, the head's own school for a head."""
    ensure_may_verify(actor)
    query = select(Organisation).order_by(Organisation.name)
    if actor.role is Role.HEAD:
        query = query.where(Organisation.id == actor.organisation_id)
    return list(session.exec(query).all())


def verify_organisation(session: Session, actor: Actor, organisation_id: str) -> ChainVerdict:
    """Is the organisation's audit chain intact, or which row is the first that does not match?"""
    ensure_may_verify(actor)
    if session.get(Organisation, organisation_id) is None or (
        actor.role is Role.HEAD and actor.organisation_id != organisation_id
    ):
        raise NotFound("organisation_not_found", "Организация не найдена.", "organisation_id")
    checked, broken = verify_chain(session, organisation_id)
    if broken is None:
        return ChainVerdict(organisation_id=organisation_id, intact=True, rows_checked=checked)
    return ChainVerdict(
        organisation_id=organisation_id,
        intact=False,
        rows_checked=checked,
        broken_chain_seq=broken.chain_seq,
        broken_row_id=broken.row_id,
        problem=broken.problem,
        problem_label=AUDIT_PROBLEM_LABELS.get(broken.problem, broken.problem),
    )
