"""The papers a school files, as .docx from templates: orders, the mentor registry, plans, consents.

000 §2.3–2.7 (consents, the order fixing pairs), 001 §3.8 (the head approves mentors and signs orders),
001 §4.8 (the individual plan). Each document is scoped like the object it is about: another school's
programme, pair or person is 404.
"""

from __future__ import annotations

from datetime import date
from typing import Annotated, Literal

from fastapi import APIRouter, Query, Response
from sqlmodel import Session

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application.programmes import visible_programme
from application.scopes import pair_in_scope, participant_in_scope
from db.models import Pair, Programme
from documents import contexts
from documents.render import DOCX, attachment, render_docx
from domain.documents import choose_order, ensure_may_download_plan, ensure_may_file_documents
from domain.erasure import ensure_not_erased
from domain.errors import GuardRefused
from domain.pair import ConsentKind

router = APIRouter(tags=["documents"], responses=PROBLEM_RESPONSES)
BINARY = {"type": "string", "format": "binary"}
DOCX_RESPONSE: dict[int | str, dict[str, object]] = {
    200: {"content": {DOCX: {"schema": BINARY}}, "description": "Документ .docx для печати и подписи"}
}


def _docx(template: str, context: dict[str, object], filename: str) -> Response:
    safe = "".join(c for c in filename if c not in '/\\:*?"<>|')
    return Response(render_docx(template, context), media_type=DOCX, headers=attachment(safe))


@router.get("/programmes/{programme_id}/documents/order", response_class=Response, responses=DOCX_RESPONSE)
def programme_order(
    programme_id: str,
    session: SessionDep,
    actor: CurrentActor,
    number: str | None = Query(default=None, description="Номер приказа, если их по программе несколько"),
) -> Response:
    """The head's order fixing the programme's pairs and groups (000 §2.7): exactly the pairs it fixed."""
    programme = visible_programme(session, actor, programme_id)
    ensure_may_file_documents(actor, programme.organisation_id)
    chosen = choose_order(contexts.order_numbers(session, programme.id), number)
    pairs = contexts.pairs_of_order(session, programme.id, chosen)
    context = contexts.order_context(session, pairs, programme, actor)
    return _docx("order_pairs.docx", context, f"Приказ № {chosen} о закреплении наставнических пар.docx")


@router.get("/pairs/{pair_id}/documents/order", response_class=Response, responses=DOCX_RESPONSE)
def pair_order(pair_id: str, session: SessionDep, actor: CurrentActor) -> Response:
    """The order fixing one pair or group; before the order is recorded, a draft with blanks to fill in."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_file_documents(actor, scope.organisation_id)
    context = contexts.order_context(session, [pair], _programme(session, pair), actor)
    number = f" № {pair.order_number}" if pair.order_number else ""
    return _docx("order_pairs.docx", context, f"Приказ{number} о закреплении наставнической пары.docx")


@router.get(
    "/programmes/{programme_id}/documents/mentor-registry", response_class=Response, responses=DOCX_RESPONSE
)
def mentor_registry(
    programme_id: str,
    session: SessionDep,
    actor: CurrentActor,
    number: str | None = Query(
        default=None, max_length=64, description="Номер приказа; пусто — вписать от руки"
    ),
    signed_on: Annotated[date | None, Query(description="Дата приказа; пусто — вписать от руки")] = None,
) -> Response:
    """The order approving the registry of mentors selected by questionnaire and interview (001 §3.8)."""
    programme = visible_programme(session, actor, programme_id)
    ensure_may_file_documents(actor, programme.organisation_id)
    context = contexts.registry_context(session, programme, number, signed_on, actor)
    return _docx("order_mentor_registry.docx", context, "Приказ об утверждении реестра наставников.docx")


@router.get("/pairs/{pair_id}/documents/plan", response_class=Response, responses=DOCX_RESPONSE)
def individual_plan(pair_id: str, session: SessionDep, actor: CurrentActor) -> Response:
    """The pair's individual plan (personalised programme, 001 §4.8) as last written."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_may_download_plan(actor, scope)
    plan = contexts.latest_plan(session, pair.id)
    if plan is None:
        raise GuardRefused("plan_approved", "У пары ещё нет индивидуального плана.", "plan")
    context = contexts.plan_context(session, pair, plan, actor)
    mentees = ", ".join(m for m in str(context["mentees"]).split(", ")[:1])
    return _docx("individual_plan.docx", context, f"Индивидуальный план — {mentees}.docx")


@router.get(
    "/participants/{participant_id}/documents/consent", response_class=Response, responses=DOCX_RESPONSE
)
def consent_form(
    participant_id: str,
    session: SessionDep,
    actor: CurrentActor,
    kind: Annotated[
        ConsentKind, Query(description="participation — на участие, personal_data — на обработку ПДн")
    ],
    role: Literal["mentor", "mentee"] | None = Query(
        default=None, description="В какой роли участвует; по умолчанию — по базам и парам"
    ),
    programme_id: str | None = Query(
        default=None, description="Программа; по умолчанию — последняя, где участник"
    ),
    guardian_name: str | None = Query(
        default=None, max_length=300, description="ФИО законного представителя (для несовершеннолетнего)"
    ),
) -> Response:
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


def _programme(session: Session, pair: Pair) -> Programme | None:
    return session.get(Programme, pair.programme_id) if pair.programme_id else None
