"""Erase one person's data on request, in one transaction (domain/erasure.py: what goes, what stays)."""

from __future__ import annotations

from secrets import token_hex

from sqlalchemy import delete, update
from sqlmodel import Session, col, select

from db.audit_chain import erase_texts_of
from db.models import (
    Consent,
    FeedbackQuestionnaire,
    MenteeRequest,
    MentorProfile,
    Pair,
    PairFitAnswer,
    PairMember,
    Participant,
    QuestionnaireAnswer,
    ReflectionDocument,
    User,
)
from db.notification_models import NotificationAddress
from db.session import utcnow
from db.web_accounts import close_accounts
from domain.erasure import ERASED_NAME, ERASED_TEXT, scrub_answers
from domain.stages import ACTIVE_STAGES


def active_pairs_of(session: Session, participant_id: str) -> list[str]:
    query = (
        select(Pair.id)
        .join(PairMember, col(PairMember.pair_id) == col(Pair.id))
        .where(
            PairMember.participant_id == participant_id, col(Pair.stage).in_([s.value for s in ACTIVE_STAGES])
        )
        .order_by(col(Pair.id))
    )
    return list(session.exec(query).all())


def erase_participant(session: Session, person: Participant, erased_by: str, basis: str) -> None:
    """The card, the guardian's name in the consents, the person's accounts and e-mail, the texts they
    wrote and the free text of their answers. The caller commits."""
    person.full_name = ERASED_NAME
    person.birth_date = person.grade = person.years_of_experience = None
    person.new_hire = person.stated_difficulty = False
    person.erased_at, person.erased_by, person.erasure_basis = utcnow(), erased_by, basis
    session.add(person)

    session.execute(
        update(Consent).where(col(Consent.participant_id) == person.id).values(guardian_name=None)
    )
    accounts = list(session.exec(select(User).where(User.participant_id == person.id)))
    for account in accounts:
        account.display_name = ERASED_NAME
        account.token_hash = f"erased-{token_hex(16)}"  # the token stops working
        session.add(account)
    account_ids = [account.id for account in accounts]
    erase_texts_of(session, account_ids)  # the audit's readable form; digests keep the chain verifiable
    close_accounts(session, account_ids, utcnow())  # cabinet sign-in ends too
    if account_ids:
        session.execute(delete(NotificationAddress).where(col(NotificationAddress.user_id).in_(account_ids)))
        session.execute(
            update(ReflectionDocument)
            .where(col(ReflectionDocument.created_by).in_(account_ids))
            .values(text=ERASED_TEXT)
        )

    for profile in session.exec(select(MentorProfile).where(MentorProfile.participant_id == person.id)):
        profile.competences = []
        session.add(profile)
    for request in session.exec(select(MenteeRequest).where(MenteeRequest.participant_id == person.id)):
        request.requests = []
        session.add(request)
    session.execute(
        update(PairFitAnswer).where(col(PairFitAnswer.participant_id) == person.id).values(comment="")
    )
    for answered in (
        *session.exec(select(QuestionnaireAnswer).where(QuestionnaireAnswer.participant_id == person.id)),
        *session.exec(select(FeedbackQuestionnaire).where(FeedbackQuestionnaire.participant_id == person.id)),
    ):
        answered.answers = scrub_answers(answered.answers)
        session.add(answered)
