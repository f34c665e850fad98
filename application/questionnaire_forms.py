"""A round's questionnaire for the person who owes it: the form (the questions of the version the round
opened with) and the submission validated against that version (004 §8.1). Shared by the JSON API and the
cabinet's pages: both call these functions, which check scope and return models."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any
from uuid import uuid4

from pydantic import BaseModel
from sqlmodel import Session, col, select

from activities.items import questionnaire_item_id
from application.scopes import pair_in_scope
from db.models import Organisation, OverdueItemRow, QuestionnaireAnswer
from db.questionnaire_store import (
    content_of,
    current_version,
    district_versions,
    publish_version,
    respondent_of_item,
    round_version,
)
from db.report_models import QuestionnaireVersion
from db.session import as_utc, utcnow
from domain.actors import Actor, Role
from domain.errors import Forbidden, GuardRefused, InvalidInput, NotFound
from domain.questionnaires import (
    RESPONDENT_LABELS,
    Question,
    QuestionnaireContent,
    Respondent,
    validate_answers,
)


class QuestionnaireVersionRead(BaseModel):
    id: str
    respondent: Respondent
    respondent_label: str
    version: int
    district: str | None  # None: the shipped default
    title: str
    questions: list[Question]
    published_at: datetime


def version_read(row: QuestionnaireVersion) -> QuestionnaireVersionRead:
    respondent = Respondent(row.respondent)
    content = content_of(row)
    return QuestionnaireVersionRead(
        id=row.id,
        respondent=respondent,
        respondent_label=RESPONDENT_LABELS[respondent],
        version=row.version,
        district=row.district or None,
        title=content.title,
        questions=content.questions,
        published_at=as_utc(row.published_at) or row.published_at,
    )


class QuestionnaireForm(BaseModel):
    """What a page needs to show a round's questionnaire to the person who owes it."""

    item_id: str
    round_id: str
    organisation_id: str
    pair_id: str | None
    due_on: date
    version: QuestionnaireVersionRead
    answers: dict[str, Any] | None = None  # set once submitted
    submitted_at: datetime | None = None


def owed_item(session: Session, actor: Actor, round_id: str, pair_id: str | None) -> OverdueItemRow:
    """The round's item the actor answers: a pair member's for their pair, a curator's own (no pair)."""
    if pair_id is None:
        if actor.role is not Role.CURATOR or actor.organisation_id is None:
            raise Forbidden("curator_only", "Анкету куратора заполняет куратор.")
        item_id = questionnaire_item_id(round_id, actor.organisation_id, "curator")
    else:
        pair, scope = pair_in_scope(session, actor, pair_id)
        if actor.participant_id not in scope.member_ids:
            raise Forbidden("pair_member", "Анкету пары заполняют её наставник и наставляемый.")
        item_id = questionnaire_item_id(round_id, pair.id, str(actor.participant_id))
    row = session.get(OverdueItemRow, item_id)
    if row is None:
        raise NotFound("not_found", "Анкета этого раунда у вас не запрошена.")
    return row


def item_version(session: Session, item: OverdueItemRow) -> QuestionnaireVersion:
    assert item.round_id is not None
    respondent = respondent_of_item(session, item)
    return round_version(session, item.organisation_id, item.district, item.round_id, respondent)


def submitted_answer(session: Session, item_id: str) -> QuestionnaireAnswer | None:
    query = select(QuestionnaireAnswer).where(QuestionnaireAnswer.item_id == item_id)
    return session.exec(query.order_by(col(QuestionnaireAnswer.submitted_at))).first()


def questionnaire_form(
    session: Session, actor: Actor, round_id: str, pair_id: str | None
) -> QuestionnaireForm:
    item = owed_item(session, actor, round_id, pair_id)
    answer = submitted_answer(session, item.item_id)
    return QuestionnaireForm(
        item_id=item.item_id,
        round_id=round_id,
        organisation_id=item.organisation_id,
        pair_id=item.pair_id,
        due_on=item.due_on,
        version=version_read(item_version(session, item)),
        answers=answer.answers if answer else None,
        submitted_at=as_utc(answer.submitted_at) if answer else None,
    )


def record_answers(
    *, session: Session, actor: Actor, round_id: str, pair_id: str | None, answers: dict[str, Any]
) -> tuple[OverdueItemRow, QuestionnaireAnswer, bool]:
    """Validate against the round's version and store; the same answers again store nothing (a retried
    request), different ones after submission are refused. Returns (item, answer, created)."""
    item = owed_item(session, actor, round_id, pair_id)
    version = item_version(session, item)
    cleaned = validate_answers(content_of(version), answers)
    existing = submitted_answer(session, item.item_id)
    if existing is not None:
        if existing.answers == cleaned:
            return item, existing, False
        raise GuardRefused("questionnaire_submitted", "Анкета этого раунда уже заполнена.", "answers")
    answer = QuestionnaireAnswer(
        id=f"answers-{uuid4().hex[:12]}",
        item_id=item.item_id,
        round_id=round_id,
        organisation_id=item.organisation_id,
        pair_id=pair_id,
        participant_id=actor.participant_id if pair_id is not None else None,
        answers=cleaned,
        questionnaire_version_id=version.id,
        submitted_by=actor.user_id,
        submitted_at=utcnow(),
    )
    session.add(answer)
    session.commit()
    return item, answer, True


def district_of(session: Session, actor: Actor) -> str:
    """The district whose questionnaires the person uses: the coordinator's, or their school's."""
    if actor.district:
        return actor.district
    organisation = session.get(Organisation, actor.organisation_id) if actor.organisation_id else None
    if organisation is None:
        raise InvalidInput("district_required", "Пользователь не относится ни к одному району.", "district")
    return organisation.district


def versions_in_force(*, session: Session, actor: Actor) -> list[QuestionnaireVersionRead]:
    """Each respondent's questionnaire version a round opening now would use in the actor's district."""
    district = district_of(session, actor)
    return [version_read(current_version(session, district, r)) for r in Respondent]


def version_history(
    *, session: Session, actor: Actor, respondent: Respondent
) -> list[QuestionnaireVersionRead]:
    """Every version the district has published for the respondent, newest first; the shipped one last."""
    return [version_read(v) for v in district_versions(session, district_of(session, actor), respondent)]


def publishes_questionnaires(actor: Actor) -> bool:
    return actor.role is Role.COORDINATOR and bool(actor.district)


def publish_questionnaire(
    *, session: Session, actor: Actor, respondent: Respondent, body: QuestionnaireContent
) -> tuple[QuestionnaireVersionRead, bool]:
    """The district coordinator replaces a questionnaire: rounds opening from now on use the new version,
    rounds already open keep theirs. The same content again publishes nothing. Returns (version, created)."""
    if not publishes_questionnaires(actor) or actor.district is None:
        raise Forbidden("coordinator_only", "Новую версию анкеты публикует координатор района.")
    row, created = publish_version(session, actor.district, respondent, body, actor.user_id)
    return version_read(row), created
