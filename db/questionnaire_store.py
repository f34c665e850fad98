"""Questionnaire versions in the database: the shipped defaults, a district's own versions, and the version
each school's round is pinned to when it opens (004 §8.1). Each write runs in its own short transaction and
is idempotent: a primary key or a unique constraint is the claim, a lost race reads the winner's row."""

from __future__ import annotations

from typing import TypeVar

from sqlalchemy.exc import IntegrityError
from sqlmodel import Session, col, select

from db.models import OverdueItemRow, PairMember, Participant
from db.report_models import QuestionnaireVersion, RoundQuestionnaire
from db.session import session_scope, utcnow
from domain.errors import NotFound
from domain.questionnaire_defaults import DEFAULT_VERSION, default_questionnaire, default_version_id
from domain.questionnaires import QuestionnaireContent, Respondent, respondent_for

SHIPPED = ""  # the district of the shipped defaults
T = TypeVar("T", QuestionnaireVersion, RoundQuestionnaire)


def content_of(version: QuestionnaireVersion) -> QuestionnaireContent:
    return QuestionnaireContent.model_validate({"title": version.title, "questions": version.questions})


def _insert_once(row: T, key: object) -> T:
    """Insert the row unless its key exists; the stored row either way (a lost race reads the winner's)."""
    with session_scope() as session:
        session.add(row)
        try:
            session.commit()
        except IntegrityError:
            session.rollback()
        stored = session.get(type(row), key)
    assert stored is not None
    return stored


def shipped_default(session: Session, respondent: Respondent) -> QuestionnaireVersion:
    """The shipped version 1 of a respondent's questionnaire, written to the table on first use."""
    version_id = default_version_id(respondent)
    row = session.get(QuestionnaireVersion, version_id)
    if row is None:
        content = default_questionnaire(respondent)
        row = _insert_once(
            QuestionnaireVersion(
                id=version_id,
                district=SHIPPED,
                respondent=respondent.value,
                version=DEFAULT_VERSION,
                title=content.title,
                questions=[q.model_dump(mode="json") for q in content.questions],
                published_by="system",
                published_at=utcnow(),
            ),
            version_id,
        )
    return row


def district_versions(session: Session, district: str, respondent: Respondent) -> list[QuestionnaireVersion]:
    """Every version a district has used for a respondent, newest first; the shipped default last."""
    own = session.exec(
        select(QuestionnaireVersion)
        .where(QuestionnaireVersion.district == district, QuestionnaireVersion.respondent == respondent.value)
        .order_by(col(QuestionnaireVersion.version).desc())
    ).all()
    return [*own, shipped_default(session, respondent)]


def current_version(session: Session, district: str, respondent: Respondent) -> QuestionnaireVersion:
    return district_versions(session, district, respondent)[0]


def publish_version(
    session: Session, district: str, respondent: Respondent, content: QuestionnaireContent, by: str
) -> tuple[QuestionnaireVersion, bool]:
    """A district's new version, numbered after the newest it has (the default is 1). Publishing the same
    content as the current version again publishes nothing (a retried request). Returns (version, created)."""
    current = current_version(session, district, respondent)
    if content_of(current) == content:
        return current, False
    number = current.version + 1
    version_id = f"q-{district}-{respondent.value}-{number}"
    row = _insert_once(
        QuestionnaireVersion(
            id=version_id,
            district=district,
            respondent=respondent.value,
            version=number,
            title=content.title,
            questions=[q.model_dump(mode="json") for q in content.questions],
            published_by=by,
            published_at=utcnow(),
        ),
        version_id,
    )
    return row, row.published_by == by and content_of(row) == content


def pin_round(session: Session, organisation_id: str, district: str, round_id: str) -> dict[Respondent, str]:
    """Record, for every respondent, the version the school's round opens with (the district's current
    one). A round already pinned keeps its versions: a district publishing later changes nothing for it.
    Returns the version id per respondent."""
    pins: dict[Respondent, str] = {}
    for respondent in Respondent:
        pin = session.get(RoundQuestionnaire, (organisation_id, round_id, respondent.value))
        if pin is None:
            version = current_version(session, district, respondent)
            pin = _insert_once(
                RoundQuestionnaire(
                    organisation_id=organisation_id,
                    round_id=round_id,
                    respondent=respondent.value,
                    version_id=version.id,
                    pinned_at=utcnow(),
                ),
                (organisation_id, round_id, respondent.value),
            )
        pins[respondent] = pin.version_id
    return pins


def pin_opening_round(organisation_id: str, district: str, round_id: str) -> dict[Respondent, str]:
    """Called when a round opens (the `open_round` activity): its versions are fixed from that moment."""
    with session_scope() as session:
        return pin_round(session, organisation_id, district, round_id)


def round_version(
    session: Session, organisation_id: str, district: str, round_id: str, respondent: Respondent
) -> QuestionnaireVersion:
    """The version a school's round is answered against. A round opened before versions existed is pinned
    at its first use."""
    pins = pin_round(session, organisation_id, district, round_id)
    version = session.get(QuestionnaireVersion, pins[respondent])
    if version is None:
        raise NotFound("not_found", "Версия анкеты не найдена.")
    return version


def respondent_of_item(session: Session, item: OverdueItemRow) -> Respondent:
    """Which questionnaire a round's item asks for: the curator's, the mentor's or the mentee's variant."""
    if item.pair_id is None or item.owner_participant_id is None:
        return respondent_for(None, None)
    member = session.get(PairMember, (item.pair_id, item.owner_participant_id))
    person = session.get(Participant, item.owner_participant_id)
    return respondent_for(member.role if member else "mentee", person.kind if person else None)
