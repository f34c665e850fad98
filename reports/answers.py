"""The submitted questionnaires of a school's round, as the aggregates need them (no names)."""

from __future__ import annotations

from sqlmodel import Session, col, select

from db.models import Pair, QuestionnaireAnswer
from db.questionnaire_store import content_of
from db.report_models import QuestionnaireVersion
from domain.questionnaire_stats import Answered
from domain.questionnaires import QuestionnaireContent, Respondent


def answered_in(
    session: Session, organisation_id: str, round_id: str, programme_id: str | None = None
) -> tuple[list[Answered], dict[str, QuestionnaireContent]]:
    """Answers of the round at the school (of one programme's pairs and the curator's own, when given),
    with the versions they answered. Answers stored before versions existed are left out."""
    query = (
        select(QuestionnaireAnswer, Pair.form, Pair.programme_id)
        .outerjoin(Pair, col(Pair.id) == col(QuestionnaireAnswer.pair_id))
        .where(
            QuestionnaireAnswer.organisation_id == organisation_id,
            QuestionnaireAnswer.round_id == round_id,
            col(QuestionnaireAnswer.questionnaire_version_id).is_not(None),
        )
        .order_by(col(QuestionnaireAnswer.submitted_at), col(QuestionnaireAnswer.id))
    )
    rows = [
        (answer, form, programme)
        for answer, form, programme in session.exec(query).all()
        if programme_id is None or answer.pair_id is None or programme == programme_id
    ]
    version_ids = {str(answer.questionnaire_version_id) for answer, _, _ in rows}
    versions = {
        v.id: v
        for v in session.exec(
            select(QuestionnaireVersion).where(col(QuestionnaireVersion.id).in_(version_ids))
        )
    }
    answered = [
        Answered(
            respondent=Respondent(versions[str(a.questionnaire_version_id)].respondent),
            version_id=str(a.questionnaire_version_id),
            form=form,
            programme_id=programme,
            answers=a.answers,
        )
        for a, form, programme in rows
        if a.questionnaire_version_id in versions
    ]
    return answered, {vid: content_of(v) for vid, v in versions.items()}
