"""Matching run by an activity: read the bases, run the pure algorithm, keep the proposal."""

from __future__ import annotations

from datetime import date

from pydantic import BaseModel
from sqlmodel import Session, col, select
from temporalio import activity

from db.models import (
    Consent,
    MatchProposal,
    MenteeRequest,
    MentorProfile,
    Pair,
    PairFitAnswer,
    PairMember,
    Participant,
    PreferenceQuestionnaire,
    Programme,
)
from db.session import session_scope, utcnow
from domain.forms import Form, ParticipantKind
from domain.grades import grade_in
from domain.matching import MatchingInput, MenteeEntry, MentorEntry, propose_pairs
from domain.matching import MenteeRequest as Request
from domain.mentor_base import MentorRecord, has_personal_data_consent, mentor_ready
from domain.pair import ConsentFact, ConsentGiver, ConsentKind, TerminationReason
from domain.participants import ParticipantFacts, age_on, is_minor
from domain.stages import Stage


class RunMatching(BaseModel):
    programme_id: str
    proposal_id: str  # chosen by the workflow, so a retried activity finds its proposal already kept
    requested_by: str


class ProposalSummary(BaseModel):
    proposal_id: str
    mode: str
    pairs: int
    unmatched: int
    total_fit: int


def _facts(person: Participant, school_year: str) -> ParticipantFacts:
    """The person's facts in the programme's school year (the grade of that year)."""
    today = date.today()
    return ParticipantFacts(
        participant_id=person.id,
        organisation_id=person.organisation_id,
        kind=ParticipantKind(person.kind),
        minor=is_minor(person.birth_date, today),
        grade=grade_in(person.grade, person.grade_year, school_year),
        years_of_experience=person.years_of_experience,
        new_hire=person.new_hire,
        stated_difficulty=person.stated_difficulty,
        age=age_on(person.birth_date, today) if person.birth_date else None,
        external=person.home_organisation is not None,
    )


def _consented(session: Session, people: dict[str, Participant]) -> set[str]:
    """004 roadmap 5–6, 10: only people whose personal-data consent is kept are matched."""
    rows = session.exec(
        select(Consent)
        .where(col(Consent.participant_id).in_(list(people)))
        .order_by(col(Consent.recorded_at))
    )
    facts: dict[str, list[ConsentFact]] = {}
    for c in rows:
        facts.setdefault(c.participant_id, []).append(
            ConsentFact(
                consent_id=c.id,
                participant_id=c.participant_id,
                kind=ConsentKind(c.kind),
                given_by=ConsentGiver(c.given_by),
            )
        )
    today = date.today()
    return {
        pid
        for pid, person in people.items()
        if has_personal_data_consent(facts.get(pid, []), is_minor(person.birth_date, today))
    }


def _pairs_of(session: Session, programme_id: str) -> list[tuple[Pair, list[PairMember]]]:
    pairs = session.exec(select(Pair).where(Pair.programme_id == programme_id)).all()
    members = session.exec(select(PairMember).where(col(PairMember.pair_id).in_([p.id for p in pairs]))).all()
    by_pair: dict[str, list[PairMember]] = {}
    for member in members:
        by_pair.setdefault(member.pair_id, []).append(member)
    return [(p, by_pair.get(p.id, [])) for p in pairs]


def matching_input(session: Session, programme: Programme) -> MatchingInput:
    """The bases as matching sees them: selected (and trained) mentors with their places left, and mentees
    without a working pair; a mentee whose pair failed comes back first, without the earlier partner."""
    unfit = {a.pair_id for a in session.exec(select(PairFitAnswer).where(col(PairFitAnswer.fits).is_(False)))}
    load: dict[str, int] = {}
    matched: set[str] = set()
    excluded: dict[str, set[str]] = {}
    for pair, members in _pairs_of(session, programme.id):
        mentor_ids = [m.participant_id for m in members if m.role == "mentor"]
        mentee_ids = [m.participant_id for m in members if m.role == "mentee"]
        # A pair that ended early for any reason but a fulfilled plan, or did not fit, failed its mentee.
        fulfilled = pair.termination_reason == TerminationReason.PLAN_FULFILLED_EARLY.value
        ended_early = pair.stage == Stage.TERMINATED.value and not fulfilled
        failed = ended_early or pair.id in unfit
        for mentee in mentee_ids:
            if failed:
                excluded.setdefault(mentee, set()).update(mentor_ids)
            else:
                matched.add(mentee)
        if not failed and pair.stage != Stage.COMPLETED.value:
            for mentor in mentor_ids:
                load[mentor] = load.get(mentor, 0) + len(mentee_ids)
    preferences = {
        q.participant_id: q.ranked_ids
        for q in session.exec(
            select(PreferenceQuestionnaire).where(PreferenceQuestionnaire.programme_id == programme.id)
        )
    }
    profiles = session.exec(select(MentorProfile).where(MentorProfile.programme_id == programme.id)).all()
    requests = session.exec(select(MenteeRequest).where(MenteeRequest.programme_id == programme.id)).all()
    people = {
        p.id: p
        for p in session.exec(
            select(Participant).where(
                col(Participant.id).in_(
                    [m.participant_id for m in profiles] + [r.participant_id for r in requests]
                )
            )
        )
    }
    default_form = Form(programme.forms[0]) if programme.forms else Form.TEACHER_TEACHER
    consented = _consented(session, people)
    mentors = [
        MentorEntry(
            facts=_facts(people[m.participant_id], programme.academic_year),
            competences=m.competences,
            capacity=m.capacity - load.get(m.participant_id, 0),
            preferred_mentee_ids=preferences.get(m.participant_id, []),
        )
        for m in sorted(profiles, key=lambda m: m.participant_id)
        if people[m.participant_id].erased_at is None  # erased on request: not matched again
        and m.participant_id in consented
        # the same rule as a pair formed by hand (`mentor_selected_and_trained`)
        and mentor_ready(
            MentorRecord(
                participant_id=m.participant_id,
                questionnaire_on=m.questionnaire_on,
                interview_on=m.interview_on,
                trained_on=m.trained_on,
                training_required=m.training_required,
            ),
            programme.training_required,
        )
        and m.capacity > load.get(m.participant_id, 0)
    ]
    mentees = [
        MenteeEntry(
            facts=_facts(people[r.participant_id], programme.academic_year),
            form=Form(r.form) if r.form else default_form,
            requests=[Request(tag=tag) for tag in r.requests],
            mentors_needed=r.mentors_needed,
            excluded_mentor_ids=sorted(excluded.get(r.participant_id, set())),
            returning=r.participant_id in excluded,
            preferred_mentor_ids=preferences.get(r.participant_id, []),
        )
        for r in sorted(requests, key=lambda r: r.participant_id)
        if r.participant_id not in matched
        and r.requests
        and people[r.participant_id].erased_at is None
        and r.participant_id in consented
    ]
    return MatchingInput(mentees=mentees, mentors=mentors)


@activity.defn(name="run_matching")
def run_matching(command: RunMatching) -> ProposalSummary:
    with session_scope() as session:
        programme = session.get(Programme, command.programme_id)
        assert programme is not None
        kept = session.get(MatchProposal, command.proposal_id)
        if kept is not None:
            return _summary(kept)
        proposal = propose_pairs(matching_input(session, programme))
        row = MatchProposal(
            id=command.proposal_id,
            programme_id=programme.id,
            mode=proposal.mode.value,
            proposal=proposal.model_dump(mode="json"),
            created_by=command.requested_by,
            created_at=utcnow(),
        )
        session.add(row)
        session.commit()
        return _summary(row)


def _summary(row: MatchProposal) -> ProposalSummary:
    return ProposalSummary(
        proposal_id=row.id,
        mode=row.mode,
        pairs=len(row.proposal["pairs"]),
        unmatched=len(row.proposal["unmatched"]),
        total_fit=row.proposal["total_fit"],
    )
