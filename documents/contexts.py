"""What each document says, read from the store: names, forms and terms in the words of the papers.

Every function takes objects already checked for scope by the caller and returns the docxtpl context.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

from sqlmodel import Session, col, select

from db.models import (
    Consent,
    Meeting,
    MenteeRequest,
    MentorProfile,
    Organisation,
    Pair,
    PairMember,
    Participant,
    PlanDocument,
    Programme,
    User,
)
from db.plan_models import IntermediateResult
from domain.actors import Actor, Role
from domain.documents import short_name
from domain.labels import FORM_LABELS, KIND_LABELS, MEETING_FORMAT_LABELS, PARTICIPANT_KIND_LABELS
from domain.participants import is_minor
from domain.russian_names import Case, decline, is_female
from domain.typography import BLANK, long_date, or_blank, short_date, term

DEFAULT_PROGRAMME = "Целевая модель наставничества"


def _people(session: Session, ids: Iterable[str]) -> dict[str, Participant]:
    wanted = set(ids)
    if not wanted:
        return {}
    return {p.id: p for p in session.exec(select(Participant).where(col(Participant.id).in_(wanted)))}


def _members(session: Session, pair_ids: Sequence[str]) -> dict[str, list[PairMember]]:
    by_pair: dict[str, list[PairMember]] = {pid: [] for pid in pair_ids}
    query = (
        select(PairMember)
        .where(col(PairMember.pair_id).in_(pair_ids))
        .order_by(col(PairMember.participant_id))
    )
    for member in session.exec(query):
        by_pair[member.pair_id].append(member)
    return by_pair


def _user_name(session: Session, organisation_id: str, role: str, user_id: str | None = None) -> str:
    if user_id is not None:
        user = session.get(User, user_id)
        if user is not None:
            return user.display_name
    query = (
        select(User).where(User.organisation_id == organisation_id, User.role == role).order_by(col(User.id))
    )
    first = session.exec(query).first()
    return first.display_name if first is not None else BLANK


def head_of(session: Session, organisation_id: str, signer: Actor | None = None) -> str:
    """The head who downloads the paper signs it; for anyone else, the school's (first) head."""
    if signer is not None and signer.role is Role.HEAD and signer.organisation_id == organisation_id:
        return _user_name(session, organisation_id, "head", signer.user_id)
    return _user_name(session, organisation_id, "head")


def curator_of(session: Session, organisation_id: str, programme: Programme | None) -> str:
    return _user_name(session, organisation_id, "curator", programme.curator_id if programme else None)


def _school(session: Session, organisation_id: str) -> str:
    organisation = session.get(Organisation, organisation_id)
    return organisation.name if organisation is not None else BLANK


def _names(people: dict[str, Participant], members: list[PairMember], role: str, case: Case) -> list[str]:
    return [decline(people[m.participant_id].full_name, case) for m in members if m.role == role]


def order_numbers(session: Session, programme_id: str) -> list[str]:
    query = select(Pair).where(Pair.programme_id == programme_id, col(Pair.order_number).is_not(None))
    seen: dict[str, date | None] = {}
    for pair in session.exec(query):
        assert pair.order_number is not None
        seen.setdefault(pair.order_number, pair.order_date)
    return sorted(seen, key=lambda n: (seen[n] or date.min, n))


def pairs_of_order(session: Session, programme_id: str, number: str) -> list[Pair]:
    query = select(Pair).where(Pair.programme_id == programme_id, Pair.order_number == number)
    return list(session.exec(query.order_by(col(Pair.created_at), col(Pair.id))))


def order_context(
    session: Session, pairs: list[Pair], programme: Programme | None, signer: Actor | None = None
) -> dict[str, Any]:
    """The head's order fixing pairs and groups (000 §2.7): one row per pair, everyone to sign it."""
    first = pairs[0]
    members = _members(session, [p.id for p in pairs])
    people = _people(session, (m.participant_id for ms in members.values() for m in ms))
    rows = []
    acquainted: dict[str, dict[str, str]] = {}
    for number, pair in enumerate(pairs, start=1):
        ms = members[pair.id]
        rows.append(
            {
                "number": number,
                "mentors": ", ".join(_names(people, ms, "mentor", Case.NOMINATIVE)),
                "mentees": ", ".join(_names(people, ms, "mentee", Case.NOMINATIVE)),
                "form": FORM_LABELS[pair.form],
                "term": term(pair.planned_start, pair.planned_end),
            }
        )
        for m in ms:
            role = "наставник" if m.role == "mentor" else "наставляемый"
            acquainted.setdefault(
                m.participant_id, {"name": people[m.participant_id].full_name, "role": role}
            )
    if len(pairs) == 1:
        ms = members[first.id]
        mentees = [people[m.participant_id].full_name for m in ms if m.role == "mentee"]
        whom = (
            "наставляемыми"
            if len(mentees) > 1
            else ("наставляемой" if is_female(mentees[0]) else "наставляемым")
        )
        mentors = ", ".join(_names(people, ms, "mentor", Case.ACCUSATIVE))
        mentees_instr = ", ".join(decline(name, Case.INSTRUMENTAL) for name in mentees)
        fix_clause = f"Закрепить за {whom} {mentees_instr} наставника {mentors}:"
    else:
        fix_clause = "Закрепить наставнические пары (группы) в следующем составе:"
    curator = curator_of(session, first.organisation_id, programme)
    return {
        "school": _school(session, first.organisation_id),
        "order_number": first.order_number or BLANK,
        "order_date": long_date(first.order_date),
        "programme": programme.title if programme else DEFAULT_PROGRAMME,
        "fix_clause": fix_clause,
        "pairs": rows,
        "curator_dative": decline(curator, Case.DATIVE) if curator != BLANK else BLANK,
        "head": head_of(session, first.organisation_id, signer),
        "acquainted": list(acquainted.values()),
    }


def registry_context(
    session: Session,
    programme: Programme,
    number: str | None,
    signed_on: date | None,
    signer: Actor | None = None,
) -> dict[str, Any]:
    """The order approving the mentor registry: the mentors selected by questionnaire and interview."""
    profiles = list(
        session.exec(
            select(MentorProfile).where(
                MentorProfile.programme_id == programme.id,
                col(MentorProfile.questionnaire_on).is_not(None),
                col(MentorProfile.interview_on).is_not(None),
            )
        )
    )
    people = _people(session, (p.participant_id for p in profiles))
    chosen = sorted(
        (p for p in profiles if people[p.participant_id].erased_at is None),
        key=lambda p: people[p.participant_id].full_name,
    )
    mentors = [
        {
            "number": index,
            "name": people[p.participant_id].full_name,
            "category": PARTICIPANT_KIND_LABELS[people[p.participant_id].kind],
            "competences": ", ".join(p.competences),
            "capacity": p.capacity,
            "trained": short_date(p.trained_on)
            if p.trained_on
            else "не требуется"
            if not programme.training_required
            else "—",
        }
        for index, p in enumerate(chosen, start=1)
    ]
    curator = curator_of(session, programme.organisation_id, programme)
    return {
        "school": _school(session, programme.organisation_id),
        "order_number": or_blank(number),
        "order_date": long_date(signed_on),
        "programme": programme.title,
        "academic_year": programme.academic_year,
        "mentors": mentors,
        "curator_dative": decline(curator, Case.DATIVE) if curator != BLANK else BLANK,
        "head": head_of(session, programme.organisation_id, signer),
    }


def latest_plan(session: Session, pair_id: str) -> PlanDocument | None:
    """The plan in force (the latest approved); a pair without one: its latest draft, to sign."""
    query = select(PlanDocument).where(PlanDocument.pair_id == pair_id)
    newest = query.order_by(col(PlanDocument.created_at).desc())
    approved = session.exec(newest.where(PlanDocument.status == "approved")).first()
    return approved or session.exec(newest).first()


def _paragraphs(text: str) -> list[str]:
    """A typed text as the document's paragraphs; nothing typed: a line to fill in by hand."""
    return [line.strip() for line in text.splitlines() if line.strip()] or ["_" * 72]


def plan_context(
    session: Session, pair: Pair, plan: PlanDocument, signer: Actor | None = None
) -> dict[str, Any]:
    """The individual plan with the parts of 001 §4.8: the problem, goals, content, term, schedule, mode,
    the intermediate results recorded so far (002 item 22) and the planned results."""
    ms = _members(session, [pair.id])[pair.id]
    people = _people(session, (m.participant_id for m in ms))
    held = {m.held_on for m in session.exec(select(Meeting).where(Meeting.pair_id == pair.id))}
    programme = session.get(Programme, pair.programme_id) if pair.programme_id else None
    mentors = _names(people, ms, "mentor", Case.NOMINATIVE)
    mentees = _names(people, ms, "mentee", Case.NOMINATIVE)
    schedule = sorted(date.fromisoformat(str(d)) for d in plan.schedule)
    return {
        "school": _school(session, pair.organisation_id),
        "head": head_of(session, pair.organisation_id, signer),
        "curator": short_name(curator_of(session, pair.organisation_id, programme)),
        "mentors": ", ".join(mentors),
        "mentees": ", ".join(mentees),
        "mentors_short": ", ".join(short_name(n) for n in mentors),
        "mentees_short": ", ".join(short_name(n) for n in mentees),
        "form": FORM_LABELS[pair.form],
        "kind": KIND_LABELS[pair.kind],
        "programme": programme.title if programme else DEFAULT_PROGRAMME,
        "term": term(plan.starts_on, plan.ends_on),
        "format": MEETING_FORMAT_LABELS[plan.format],
        "cadence_days": plan.cadence_days,
        "problem": _paragraphs(plan.problem),
        "goals": list(plan.goals),
        "content": _paragraphs(plan.content),
        "planned_results": _paragraphs(plan.planned_results),
        "intermediate_results": [
            {"date": short_date(r.achieved_on), "text": r.text}
            for r in session.exec(
                select(IntermediateResult)
                .where(IntermediateResult.pair_id == pair.id)
                .order_by(col(IntermediateResult.achieved_on), col(IntermediateResult.id))
            )
        ],
        "schedule": [
            {"number": i, "date": short_date(d), "held": "проведена" if d in held else ""}
            for i, d in enumerate(schedule, start=1)
        ],
    }


def role_in_programmes(session: Session, participant_id: str) -> str:
    """mentor when the person is in a mentor base or mentors a pair, else mentee."""
    if session.exec(select(MentorProfile).where(MentorProfile.participant_id == participant_id)).first():
        return "mentor"
    mentor_in_pair = select(PairMember).where(
        PairMember.participant_id == participant_id, PairMember.role == "mentor"
    )
    return "mentor" if session.exec(mentor_in_pair).first() else "mentee"


def programme_of_person(session: Session, participant_id: str) -> Programme | None:
    """The latest programme whose base or pairs hold the person."""
    ids: set[str] = set()
    ids.update(
        session.exec(select(MentorProfile.programme_id).where(MentorProfile.participant_id == participant_id))
    )
    ids.update(
        session.exec(select(MenteeRequest.programme_id).where(MenteeRequest.participant_id == participant_id))
    )
    in_pairs = select(Pair.programme_id).join(PairMember, col(PairMember.pair_id) == col(Pair.id))
    ids.update(
        pid
        for pid in session.exec(in_pairs.where(PairMember.participant_id == participant_id))
        if pid is not None
    )
    if not ids:
        return None
    query = select(Programme).where(col(Programme.id).in_(ids)).order_by(col(Programme.created_at).desc())
    return session.exec(query).first()


def guardian_on_file(session: Session, participant_id: str) -> str | None:
    query = select(Consent).where(
        Consent.participant_id == participant_id, col(Consent.guardian_name).is_not(None)
    )
    consent = session.exec(query.order_by(col(Consent.recorded_at).desc())).first()
    return consent.guardian_name if consent is not None else None


def consent_context(
    session: Session,
    person: Participant,
    *,
    role: str,
    programme: Programme | None,
    guardian_name: str | None,
    today: date,
) -> tuple[bool, dict[str, Any]]:
    """A consent pre-filled for signing (000 §2.3–2.4, 152-ФЗ); (minor, context)."""
    minor = is_minor(person.birth_date, today)
    female = is_female(person.full_name)
    if person.kind == "pupil":
        data_extra = "класса обучения"
    elif person.kind in ("teacher", "head"):
        data_extra = "должности и педагогического стажа"
    else:
        data_extra = "места работы или учёбы"
    grade_line = ""
    if person.grade is not None:
        grade_line = f" {'обучающейся' if female else 'обучающегося'} {person.grade} класса,"
    if minor:
        guardian = guardian_name or guardian_on_file(session, person.id)
        signer = guardian or BLANK
        birth_line = f" {short_date(person.birth_date)} г. р.," if person.birth_date else ""
        whose = "персональных данных моего ребёнка и моих"
    else:
        signer = person.full_name
        birth_line = f" дата рождения {short_date(person.birth_date)}," if person.birth_date else ""
        whose = "моих персональных данных"
    participation = "работу наставником" if role == "mentor" else "участие в качестве наставляемого"
    return minor, {
        "school": _school(session, person.organisation_id),
        "programme": programme.title if programme else DEFAULT_PROGRAMME,
        "signer": signer,
        "signer_short": short_name(signer) if signer != BLANK else BLANK,
        "person_genitive": decline(person.full_name, Case.GENITIVE),
        "birth_line": birth_line,
        "grade_line": grade_line,
        "participation": participation,
        "role_genitive": "наставника" if role == "mentor" else "наставляемого",
        "whose_data": whose,
        "data_extra": data_extra,
        "sign_date": long_date(None),
        # a blank signer (a guardian not yet named) keeps both endings for the hand that fills it in
        "acquainted": "ознакомлен(а)"
        if signer == BLANK
        else ("ознакомлена" if is_female(signer) else "ознакомлен"),
    }
