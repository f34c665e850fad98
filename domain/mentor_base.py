"""Rules of the bases a pair is formed from: consent first, selection and training of mentors, the mentor's
additional agreement. One rule each, used by the API, matching and hand-formed pairs alike.
"""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel

from domain.errors import GuardRefused, InvalidInput
from domain.forms import ParticipantKind
from domain.named import person
from domain.pair import ConsentFact, ConsentGiver, ConsentKind
from domain.russian_names import Case


def has_personal_data_consent(consents: list[ConsentFact], minor: bool) -> bool:
    """A valid (not withdrawn) consent to personal-data processing, by the guardian for a minor."""
    giver = ConsentGiver.GUARDIAN if minor else ConsentGiver.SELF
    latest = None
    for fact in consents:
        if fact.kind is ConsentKind.PERSONAL_DATA:
            latest = fact
    return latest is not None and not latest.withdrawn and latest.given_by is giver


def personal_data_consent_first(
    consents: list[ConsentFact], minor: bool, *, participant_id: str | None = None
) -> None:
    """004 roadmap 5–6, 10: consents to personal-data processing are collected with the questionnaires,
    before a person enters the mentee or mentor base and is matched (152-ФЗ). The same rule for a person
    put in a base through the API and for a row of an imported base (application/base_import.py)."""
    if has_personal_data_consent(consents, minor):
        return
    whose = f" {person(participant_id, Case.GENITIVE)}" if participant_id else ""
    by = " от законного представителя" if minor else ""
    raise GuardRefused(
        "personal_data_consent_first",
        f"Сначала внесите согласие на обработку персональных данных{whose}{by}: без него человека нельзя "
        "включить в базу наставников или наставляемых и подбирать ему пару.",
        field="consents",
        details={"participant_id": participant_id} if participant_id else None,
    )


class MentorRecord(BaseModel):
    """A mentor's record in a programme's mentor base, as the rules need it."""

    participant_id: str
    in_base: bool = True
    questionnaire_on: date | None = None
    interview_on: date | None = None
    trained_on: date | None = None
    # The curator's word for this mentor (002 stage 2 «при необходимости»); None: the programme's setting.
    training_required: bool | None = None


def training_required_of(record: MentorRecord, programme_requires: bool) -> bool:
    return programme_requires if record.training_required is None else record.training_required


def mentor_selected_and_trained(record: MentorRecord, programme_requires: bool) -> None:
    """004 §6.1 stages 3–4; 002 items 1–2, 12: a programme's pair — proposed or formed by hand — takes a
    mentor from its mentor base who was selected (questionnaire and interview) and, where the curator
    requires it, trained."""
    if not record.in_base:
        raise InvalidInput(
            "mentor_in_programme_base",
            f"Наставника {person(record.participant_id, Case.GENITIVE)} нет в базе наставников программы.",
            "mentor_ids",
            {"participant_id": record.participant_id},
        )
    if record.questionnaire_on is None or record.interview_on is None:
        raise InvalidInput(
            "mentor_selected",
            f"Наставник {person(record.participant_id)} не прошёл отбор: нет анкеты или собеседования.",
            "mentor_ids",
            {"participant_id": record.participant_id},
        )
    if training_required_of(record, programme_requires) and record.trained_on is None:
        raise InvalidInput(
            "mentor_trained",
            f"Наставник {person(record.participant_id)} не прошёл обучение, которое для него обязательно.",
            "mentor_ids",
            {"participant_id": record.participant_id},
        )


def mentor_ready(record: MentorRecord, programme_requires: bool) -> bool:
    try:
        mentor_selected_and_trained(record, programme_requires)
    except InvalidInput:
        return False
    return True


# Employees of the school with a labour contract a mentor's agreement is added to (000 §2.1, §2.5).
AGREEMENT_KINDS = frozenset({ParticipantKind.TEACHER, ParticipantKind.HEAD})


def labour_agreement_for_teacher_mentor(kind: ParticipantKind, external: bool) -> None:
    """000 §2.1, §2.5, §2.7: the mentor's additional agreement to the labour contract (or another way of
    paying the mentor) is an agreement of the school with its own teacher."""
    if kind in AGREEMENT_KINDS and not external:
        return
    raise InvalidInput(
        "labour_agreement_for_teacher_mentor",
        "Дополнительное соглашение к трудовому договору заключается с педагогом самой организации.",
        "participant_id",
    )


def order_refers_to_mentors_agreements(agreement_owners: dict[str, str], mentor_ids: set[str]) -> None:
    """000 §2.7: the order may refer to the additional agreements of the pair's own mentors."""
    strangers = sorted(a for a, owner in agreement_owners.items() if owner not in mentor_ids)
    if strangers:
        raise InvalidInput(
            "order_refers_to_mentors_agreements",
            "Приказ может ссылаться только на дополнительные соглашения наставников этой пары.",
            "agreement_ids",
            {"agreement_ids": strangers},
        )
