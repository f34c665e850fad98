"""Questionnaires as data (004 §8.1): the versions in force, a district's new version, a round's form for
the person who owes it, and the answers of a school's round for its curator."""

from __future__ import annotations

from fastapi import APIRouter, Response

from api.deps import CurrentActor, SessionDep
from api.problems import PROBLEM_RESPONSES
from application import monitoring_answers, questionnaire_forms
from application.monitoring_answers import AnswerRead
from application.questionnaire_forms import (
    QuestionnaireForm,
    QuestionnaireVersionRead,
    district_of,
    questionnaire_form,
    version_read,
)
from db.report_models import QuestionnaireVersion
from domain.errors import NotFound
from domain.questionnaires import QuestionnaireContent, Respondent

router = APIRouter(tags=["questionnaires"], responses=PROBLEM_RESPONSES)


@router.get("/questionnaires", response_model=list[QuestionnaireVersionRead])
def versions_in_force(session: SessionDep, actor: CurrentActor) -> list[QuestionnaireVersionRead]:
    """Each respondent's questionnaire version a round opening now would use in the actor's district."""
    return questionnaire_forms.versions_in_force(session=session, actor=actor)


@router.get("/questionnaires/{respondent}/versions", response_model=list[QuestionnaireVersionRead])
def version_history(
    respondent: Respondent, session: SessionDep, actor: CurrentActor
) -> list[QuestionnaireVersionRead]:
    """Every version the district has published for the respondent, newest first; the shipped one last."""
    return questionnaire_forms.version_history(session=session, actor=actor, respondent=respondent)


@router.get("/questionnaires/versions/{version_id}", response_model=QuestionnaireVersionRead)
def one_version(version_id: str, session: SessionDep, actor: CurrentActor) -> QuestionnaireVersionRead:
    row = session.get(QuestionnaireVersion, version_id)
    if row is None or row.district not in ("", district_of(session, actor)):
        raise NotFound("not_found", "Версия анкеты не найдена.")
    return version_read(row)


@router.post(
    "/questionnaires/{respondent}/versions", status_code=201, response_model=QuestionnaireVersionRead
)
def publish(
    respondent: Respondent,
    body: QuestionnaireContent,
    session: SessionDep,
    actor: CurrentActor,
    response: Response,
) -> QuestionnaireVersionRead:
    """The district coordinator replaces a questionnaire: rounds opening from now on use the new version,
    rounds already open keep theirs. The same content again publishes nothing (200)."""
    version, created = questionnaire_forms.publish_questionnaire(
        session=session, actor=actor, respondent=respondent, body=body
    )
    if not created:
        response.status_code = 200
    return version


@router.get("/monitoring/questionnaires/form", response_model=QuestionnaireForm)
def form(
    round_id: str, session: SessionDep, actor: CurrentActor, pair_id: str | None = None
) -> QuestionnaireForm:
    """The questions to answer: the version the round opened with, for this person's role in the pair
    (mentor, mentee pupil or teacher), or the curator's own when no pair is given; the answers once given."""
    return questionnaire_form(session=session, actor=actor, round_id=round_id, pair_id=pair_id)


@router.get("/monitoring/rounds/{round_id}/answers", response_model=list[AnswerRead])
def round_answers(
    round_id: str, session: SessionDep, actor: CurrentActor, organisation_id: str | None = None
) -> list[AnswerRead]:
    """The answers of a school's round, for its curator (and head): personal texts, so only their school's;
    another school's is 404, a coordinator reads the aggregates of the reports instead."""
    return monitoring_answers.round_answers(
        session=session, actor=actor, round_id=round_id, organisation_id=organisation_id
    )
