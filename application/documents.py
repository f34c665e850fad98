"""The school's papers as .docx, for the API and the cabinet alike: scope first, then who may file them.

000 §2.3–2.7 (consents, the order fixing pairs), 001 §3.8 (the head approves mentors and signs orders),
001 §4.8 (the individual plan). Each document is scoped like the object it is about: another school's
programme, pair or person is 404.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlmodel import Session

from application.programmes import visible_programme
from application.scopes import pair_in_scope, participant_in_scope
from db.models import Pair, Programme
from documents import contexts
from documents.render import DOCX, render_docx
from domain.actors import Actor
from domain.documents import choose_order, ensure_may_download_plan, ensure_may_file_documents
from domain.erasure import ensure_not_erased
from domain.errors import GuardRefused
from domain.pair import ConsentKind


@dataclass(frozen=True)
class FileOut:
    content: bytes
    media_type: str
    filename: str  # Russian, as the person will see it saved


def _docx(template: str, context: dict[str, object], filename: str) -> FileOut:
    safe = "".join(c for c in filename if c not in '/\\:*?"<>|')
    return FileOut(render_docx(template, context), DOCX, safe)


def _programme_of(session: Session, pair: Pair) -> Programme | None:
    return session.get(Programme, pair.programme_id) if pair.programme_id else None


def programme_order(
    *, session: Session, actor: Actor, programme_id: str, number: str | None = None
) -> FileOut:
    """The head's order fixing the programme's pairs and groups (000 §2.7): exactly the pairs it fixed."""
    programme = visible_programme(session, actor, programme_id)
    ensure_may_file_documents(actor, programme.organisation_id)
    chosen = choose_order(contexts.order_numbers(session, programme.id), number)
    pairs = contexts.pairs_of_order(session, programme.id, chosen)
    context = contexts.order_context(session, pairs, programme, actor)
    return _docx("order_pairs.docx", context, f"Приказ № {chosen} о закреплении наставнических пар.docx")


def order_numbers(*, session: Session, actor: Actor, programme_id: str) -> list[str]:
    """The numbers of the orders that fixed the programme's pairs, oldest first (for a page's links)."""
    programme = visible_programme(session, actor, programme_id)
    return contexts.order_numbers(session, programme.id)


def pair_order(*, session: Session, actor: Actor, pair_id: str) -> FileOut:
    """The order fixing one pair or group; before the order is recorded, a draft with blanks to fill in."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_file_documents(actor, scope.organisation_id)
    context = contexts.order_context(session, [pair], _programme_of(session, pair), actor)
    number = f" № {pair.order_number}" if pair.order_number else ""
    return _docx("order_pairs.docx", context, f"Приказ{number} о закреплении наставнической пары.docx")


def mentor_registry(
    *,
    session: Session,
    actor: Actor,
    programme_id: str,
    number: str | None = None,
    signed_on: date | None = None,
) -> FileOut:
    """The order approving the registry of mentors selected by questionnaire and interview (001 §3.8)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_may_file_documents(actor, programme.organisation_id)
    context = contexts.registry_context(session, programme, number, signed_on, actor)
    return _docx("order_mentor_registry.docx", context, "Приказ об утверждении реестра наставников.docx")


def individual_plan(*, session: Session, actor: Actor, pair_id: str) -> FileOut:
    """The pair's individual plan (personalised programme, 001 §4.8) as last written."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_download_plan(actor, scope)
    plan = contexts.latest_plan(session, pair.id)
    if plan is None:
        raise GuardRefused("plan_approved", "У пары ещё нет индивидуального плана.", "plan")
    context = contexts.plan_context(session, pair, plan, actor)
    first_mentee = str(context["mentees"]).split(", ")[0]
    return _docx("individual_plan.docx", context, f"Индивидуальный план — {first_mentee}.docx")


def consent_form(
    *,
    session: Session,
    actor: Actor,
    participant_id: str,
    kind: ConsentKind,
    role: str | None = None,
    programme_id: str | None = None,
    guardian_name: str | None = None,
) -> FileOut:
    """A consent pre-filled for signing; for a minor, the legal guardian's variant (000 §2.3–2.4, 152-ФЗ)."""
    person = participant_in_scope(session, actor, participant_id)
    ensure_may_file_documents(actor, person.organisation_id)
    ensure_not_erased(person.erased_at is not None, person.id)
    programme = (
        visible_programme(session, actor, programme_id)
        if programme_id is not None
        else contexts.programme_of_person(session, person.id)
    )
    minor, context = contexts.consent_context(
        session,
        person,
        role=role or contexts.role_in_programmes(session, person.id),
        programme=programme,
        guardian_name=guardian_name,
        today=date.today(),
    )
    template = f"consent_{kind.value}{'_minor' if minor else ''}.docx"
    title = "Согласие на участие" if kind is ConsentKind.PARTICIPATION else "Согласие на обработку ПДн"
    return _docx(template, context, f"{title} — {person.full_name}.docx")
