"""Submitting a round's questionnaire: the answers stored against the round's version
(application.questionnaire_forms), then the item that asked for them settled."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from pydantic import BaseModel
from sqlmodel import Session, col, select

from application.questionnaire_forms import record_answers
from application.settling import settle_submitted
from application.temporal import TemporalLink
from db.models import Organisation, OverdueItemRow, PairMember, Participant, QuestionnaireAnswer
from db.questionnaire_store import content_of
from db.report_models import QuestionnaireVersion
from db.session import as_utc
from domain.actors import Actor, Role, Scope, ensure_visible
from domain.errors import Forbidden, NotFound
from domain.labels import ROLE_LABELS


async def submit_questionnaire(
    *,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    round_id: str,
    pair_id: str | None,
    answers: dict[str, Any],
) -> OverdueItemRow:
    """A pair member answers for their pair, a curator their own (no pair); the same answers again
    store nothing, different ones after submission are refused."""
    row, _, _ = record_answers(
        session=session, actor=actor, round_id=round_id, pair_id=pair_id, answers=answers
    )
    await settle_submitted(temporal, row.item_id, actor)
    return row


class AnswerRead(BaseModel):
    item_id: str
    respondent_name: str
    role: str  # наставник / наставляемый / куратор
    pair_id: str | None
    version_id: str | None
    answers: dict[str, Any]
    submitted_at: datetime
    questions: dict[str, str] = {}  # question id → its text in the answered version


def round_answers(
    *, session: Session, actor: Actor, round_id: str, organisation_id: str | None = None
) -> list[AnswerRead]:
    """The answers of a school's round, for its curator (and head): personal texts, so only their school's;
    another school's is 404, a coordinator reads the aggregates of the reports instead."""
    organisation = session.get(Organisation, organisation_id or actor.organisation_id or "")
    if organisation is None:
        raise NotFound("not_found", "Организация не найдена.")
    ensure_visible(
        actor,
        Scope(organisation_id=organisation.id, district=organisation.district),
        "Организация не найдена.",
    )
    if actor.role not in (Role.CURATOR, Role.HEAD) or actor.organisation_id != organisation.id:
        raise Forbidden("own_school_answers", "Ответы анкет читает куратор или руководитель своей школы.")
    rows = session.exec(
        select(QuestionnaireAnswer, Participant.full_name, PairMember.role)
        .outerjoin(Participant, col(Participant.id) == col(QuestionnaireAnswer.participant_id))
        .outerjoin(
            PairMember,
            (col(PairMember.pair_id) == col(QuestionnaireAnswer.pair_id))
            & (col(PairMember.participant_id) == col(QuestionnaireAnswer.participant_id)),
        )
        .where(
            QuestionnaireAnswer.round_id == round_id, QuestionnaireAnswer.organisation_id == organisation.id
        )
        .order_by(col(QuestionnaireAnswer.pair_id), col(QuestionnaireAnswer.submitted_at))
    ).all()
    texts: dict[str, dict[str, str]] = {}
    for version_id in {
        answer.questionnaire_version_id for answer, _, _ in rows if answer.questionnaire_version_id
    }:
        version = session.get(QuestionnaireVersion, version_id)
        if version is not None:
            texts[version_id] = {q.id: q.text for q in content_of(version).questions}
    return [
        AnswerRead(
            item_id=answer.item_id,
            respondent_name=name or "Куратор",
            role=ROLE_LABELS[role or "curator"],
            pair_id=answer.pair_id,
            version_id=answer.questionnaire_version_id,
            answers=answer.answers,
            submitted_at=as_utc(answer.submitted_at) or answer.submitted_at,
            questions=texts.get(answer.questionnaire_version_id or "", {}),
        )
        for answer, name, role in rows
    ]
