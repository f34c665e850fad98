"""Matching: preference questionnaires, a run, its proposal with explanations, the curator's decision
(accept with edits, or reject), and whether a pair fits after the trial meeting (004 roadmap 16–21)."""

from __future__ import annotations

from sqlmodel import Session, col, func, select

from activities.matching import ProposalSummary
from application.matching_schemas import (
    AcceptBody,
    Candidate,
    FitBody,
    PreferenceBody,
    PreferenceSheet,
    PreferenceSheetRef,
    ProposalRead,
    ProposedPairRead,
    UnmatchedRead,
)
from application.naming import ids_in, names_of, replace_ids
from application.pair_commands import run_update
from application.programme_schemas import FixPairsBody, ProgrammeDetail
from application.programmes import (
    base_ids,
    base_record,
    ensure_in_bases,
    ensure_runs,
    fix_pairs_by_order,
    programme_detail,
    visible_programme,
)
from application.schemas import Page, PairCreate
from application.scopes import pair_in_scope, participant_in_scope
from application.temporal import TemporalLink
from application.texts import kept_text
from db.models import (
    MatchProposal,
    MenteeRequest,
    MentorProfile,
    PairFitAnswer,
    Participant,
    PreferenceQuestionnaire,
    Programme,
)
from db.session import as_utc, utcnow
from domain import pair_events as pair_ev
from domain import programme_events as ev
from domain.actors import (
    Actor,
    Role,
    Scope,
    ensure_may_read_preferences,
    ensure_may_state_preferences,
)
from domain.errors import Forbidden, GuardRefused, InvalidInput, NotFound
from domain.forms import Form, ParticipantKind
from domain.matching import Proposal
from domain.matching.labels import KIND_LABELS
from domain.matching.preferences import ranked_once
from domain.pair import PairState, TerminationReason, TerminationRequest
from workflows.pair import PairWorkflow
from workflows.programme import ProgrammeWorkflow


def _preference_scope(
    session: Session, programme_id: str, participant_id: str
) -> tuple[Programme, Scope, set[str], set[str]]:
    """The programme as the questionnaire's scope: its school, and the person when in its bases."""
    programme = session.get(Programme, programme_id)
    if programme is None:
        raise NotFound("not_found", "Программа не найдена.")
    mentors, mentees = base_ids(session, programme_id)
    scope = Scope(
        organisation_id=programme.organisation_id,
        district=programme.district,
        member_ids=frozenset({participant_id} & (mentors | mentees)),
    )
    return programme, scope, mentors, mentees


def put_preferences(
    *, session: Session, actor: Actor, programme_id: str, participant_id: str, body: PreferenceBody
) -> PreferenceBody:
    """The questionnaire of preferred partners after the group meeting (004 roadmap 16–18): filled in by
    the person of the bases, or by the curator on their behalf; it names people of the bases only."""
    _programme, scope, _mentors, _mentees = _preference_scope(session, programme_id, participant_id)
    ensure_may_state_preferences(actor, scope, participant_id)
    if actor.role is Role.CURATOR:
        row = base_record(session, actor, programme_id, participant_id, PreferenceQuestionnaire)
    else:
        row = session.get(PreferenceQuestionnaire, (programme_id, participant_id)) or PreferenceQuestionnaire(
            programme_id=programme_id, participant_id=participant_id
        )
    ranked_once(participant_id, body.ranked_ids)
    ensure_in_bases(session, programme_id, body.ranked_ids)
    row.ranked_ids = body.ranked_ids
    session.add(row)
    session.commit()
    return body


def preference_sheet(
    *, session: Session, actor: Actor, programme_id: str, participant_id: str
) -> PreferenceSheet:
    """The questionnaire as a page shows it: whom the person may name (a mentee the mentors of the bases,
    a mentor the mentees), and whom they named, in their order."""
    programme, scope, mentors, mentees = _preference_scope(session, programme_id, participant_id)
    ensure_may_read_preferences(actor, scope, participant_id)
    person = participant_in_scope(session, actor, participant_id)
    others = (mentors if participant_id in mentees else set()) | (
        mentees if participant_id in mentors else set()
    )
    others.discard(participant_id)
    stored = session.get(PreferenceQuestionnaire, (programme_id, participant_id))
    ranked_ids = list(stored.ranked_ids) if stored else []
    people = session.exec(select(Participant).where(col(Participant.id).in_(others | set(ranked_ids)))).all()
    cards = {
        p.id: Candidate(
            participant_id=p.id,
            full_name=p.full_name if p.erased_at is None else "данные удалены по запросу",
            kind_label=KIND_LABELS[ParticipantKind(p.kind)],
            grade=p.grade,
        )
        for p in people
    }
    return PreferenceSheet(
        programme_id=programme.id,
        programme_title=programme.title,
        participant_id=person.id,
        full_name=person.full_name,
        in_mentor_base=participant_id in mentors,
        in_mentee_base=participant_id in mentees,
        candidates=sorted(
            (cards[p.id] for p in people if p.id in others and p.erased_at is None),
            key=lambda c: (c.full_name, c.participant_id),
        ),
        ranked_ids=ranked_ids,
        ranked=[cards[i] for i in ranked_ids if i in cards],
        may_fill=may_state_preferences(actor, scope, participant_id),
    )


def may_state_preferences(actor: Actor, scope: Scope, participant_id: str) -> bool:
    """Whether a page offers the form (the rule is `ensure_may_state_preferences`)."""
    try:
        ensure_may_state_preferences(actor, scope, participant_id)
    except (Forbidden, NotFound):
        return False
    return True


def preference_programmes(*, session: Session, actor: Actor, participant_id: str) -> list[PreferenceSheetRef]:
    """The programmes whose bases the person is in and whose questionnaire this actor may read."""
    in_mentors = select(MentorProfile.programme_id).where(MentorProfile.participant_id == participant_id)
    in_mentees = select(MenteeRequest.programme_id).where(MenteeRequest.participant_id == participant_id)
    ids = set(session.exec(in_mentors).all()) | set(session.exec(in_mentees).all())
    found: list[PreferenceSheetRef] = []
    for programme in session.exec(select(Programme).where(col(Programme.id).in_(ids))):
        _programme, scope, _mentors, _mentees = _preference_scope(session, programme.id, participant_id)
        try:
            ensure_may_read_preferences(actor, scope, participant_id)
        except (Forbidden, NotFound):
            continue
        stored = session.get(PreferenceQuestionnaire, (programme.id, participant_id))
        found.append(
            PreferenceSheetRef(
                programme_id=programme.id,
                programme_title=programme.title,
                named=len(stored.ranked_ids) if stored else 0,
            )
        )
    return sorted(found, key=lambda r: (r.programme_title, r.programme_id))


def _names(session: Session, ids: set[str]) -> dict[str, str]:
    return {p.id: p.full_name for p in session.exec(select(Participant).where(col(Participant.id).in_(ids)))}


def proposal_read(session: Session, row: MatchProposal) -> ProposalRead:
    proposal = Proposal.model_validate(row.proposal)
    ids = {p.mentee_id for p in proposal.pairs} | {p.mentor_id for p in proposal.pairs}
    names = _names(session, ids | {u.mentee_id for u in proposal.unmatched})
    texts = [r for p in proposal.pairs for r in p.reasons] + [u.reason for u in proposal.unmatched]
    others = names_of(session, ids_in(*texts) - names.keys())  # the schools, and anyone else named

    def named_text(text: str) -> str:  # the explanations name people by id (the solver knows no names)
        return replace_ids(text, names | others)

    return ProposalRead(
        id=row.id,
        programme_id=row.programme_id,
        mode=row.mode,
        status=row.status,
        total_fit=proposal.total_fit,
        pairs=[
            ProposedPairRead(
                **p.model_dump(exclude={"reasons"}),
                reasons=[named_text(r) for r in p.reasons],
                mentee_name=names.get(p.mentee_id, ""),
                mentor_name=names.get(p.mentor_id, ""),
            )
            for p in proposal.pairs
        ],
        unmatched=[
            UnmatchedRead(
                mentee_id=u.mentee_id,
                mentee_name=names.get(u.mentee_id, ""),
                code=u.code.value,
                reason=named_text(u.reason),
            )
            for u in proposal.unmatched
        ],
        created_by=row.created_by,
        created_at=as_utc(row.created_at),
        decided_by=row.decided_by,
        decided_at=as_utc(row.decided_at),
    )


def _proposal(session: Session, programme_id: str, proposal_id: str) -> MatchProposal:
    row = session.get(MatchProposal, proposal_id)
    if row is None or row.programme_id != programme_id:
        raise NotFound("not_found", "Предложение пар не найдено.")
    return row


async def run_matching(
    *, session: Session, actor: Actor, temporal: TemporalLink, programme_id: str
) -> ProposalRead:
    """Run matching over the bases; stable mode when preferences were collected, optimal otherwise."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    summary = await run_update(
        temporal,
        programme.workflow_id,
        ProgrammeWorkflow.run_matching,
        ev.RunMatchingCommand(actor=actor),
        ProposalSummary,
        "programme_active",
    )
    return proposal_read(session, _proposal(session, programme_id, summary.proposal_id))


def read_proposal(*, session: Session, actor: Actor, programme_id: str, proposal_id: str) -> ProposalRead:
    visible_programme(session, actor, programme_id)
    return proposal_read(session, _proposal(session, programme_id, proposal_id))


def _undecided(row: MatchProposal) -> None:
    if row.status != "proposed":
        raise GuardRefused("proposal_undecided", "По этому предложению уже принято решение.", "status")


async def accept_proposal(
    *,
    session: Session,
    actor: Actor,
    temporal: TemporalLink,
    programme_id: str,
    proposal_id: str,
    body: AcceptBody,
) -> ProgrammeDetail:
    """Fix the proposed pairs (with the curator's edits) by the order; their workflows start at once.
    A mentee given several mentors becomes one group."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    row = _proposal(session, programme_id, proposal_id)
    _undecided(row)
    proposal = Proposal.model_validate(row.proposal)
    left_out = {(c.mentee_id, c.mentor_id) for c in body.exclude}
    chosen = [
        (p.mentee_id, p.mentor_id) for p in proposal.pairs if (p.mentee_id, p.mentor_id) not in left_out
    ]
    chosen += [(c.mentee_id, c.mentor_id) for c in body.add]
    if not chosen:
        raise InvalidInput(
            "pairs_chosen", "Не осталось ни одной пары: исключите меньше или добавьте пары.", "add"
        )
    mentors_of: dict[str, list[str]] = {}
    for mentee, mentor in chosen:
        mentors_of.setdefault(mentee, []).append(mentor)
    form = body.form or (Form(programme.forms[0]) if programme.forms else None)
    if form is None:
        raise InvalidInput("form_chosen", "Укажите форму наставничества.", "form")
    pairs = [
        PairCreate(
            form=form,
            programme_id=programme_id,
            mentor_ids=mentors,
            mentee_ids=[mentee],
            planned_start=body.planned_start,
            planned_end=body.planned_end,
        )
        for mentee, mentors in mentors_of.items()
    ]
    state = await fix_pairs_by_order(
        session, temporal, actor, programme, FixPairsBody(order=body.order, pairs=pairs)
    )
    row.status, row.decided_by, row.decided_at = "accepted", actor.user_id, utcnow()
    session.add(row)
    session.commit()
    return await programme_detail(session, temporal, actor, programme, state)


def reject_proposal(*, session: Session, actor: Actor, programme_id: str, proposal_id: str) -> ProposalRead:
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    row = _proposal(session, programme_id, proposal_id)
    _undecided(row)
    row.status, row.decided_by, row.decided_at = "rejected", actor.user_id, utcnow()
    session.add(row)
    session.commit()
    return proposal_read(session, row)


def ensure_fit_answerer(actor: Actor, scope: Scope) -> None:
    """The trial meeting's answer is given by the pair's own mentor and mentee."""
    if actor.role not in (Role.MENTOR, Role.MENTEE) or actor.participant_id not in scope.member_ids:
        raise Forbidden("pair_member", "Ответ о пробной встрече дают наставник и наставляемый этой пары.")


async def answer_fit(
    *, session: Session, actor: Actor, temporal: TemporalLink, pair_id: str, body: FitBody
) -> FitBody:
    """After the trial meeting each side says whether the pair fits (004 roadmap 21). A "no" ends the pair
    early; the mentee goes back into the next matching run first, without this mentor."""
    pair, scope = pair_in_scope(session, actor, pair_id)
    ensure_fit_answerer(actor, scope)
    participant_id = str(actor.participant_id)
    answer = session.get(PairFitAnswer, (pair_id, participant_id)) or PairFitAnswer(
        pair_id=pair_id, participant_id=participant_id, fits=body.fits
    )
    answer.fits, answer.comment, answer.answered_at = body.fits, body.comment, utcnow()
    session.add(answer)
    session.commit()
    if not body.fits:
        reason = (
            TerminationReason.MENTOR_INITIATIVE
            if actor.role is Role.MENTOR
            else TerminationReason.MENTEE_INITIATIVE
        )
        comment = "Пара не подошла после пробной встречи" + (f": {body.comment}" if body.comment else "")
        comment_id = kept_text(session, actor, comment, pair.organisation_id)
        command = pair_ev.TerminateEarly(
            actor=actor, request=TerminationRequest(reason=reason, comment_id=comment_id)
        )
        await run_update(temporal, pair.workflow_id, PairWorkflow.terminate_early, command, PairState)
    return body


def list_proposals(
    *, session: Session, actor: Actor, programme_id: str, limit: int = 20, offset: int = 0
) -> Page[ProposalRead]:
    """The programme's matching proposals, the newest first: a page of them and how many there are."""
    visible_programme(session, actor, programme_id)
    query = select(MatchProposal).where(MatchProposal.programme_id == programme_id)
    total = session.exec(select(func.count()).select_from(query.subquery())).one()
    rows = session.exec(
        query.order_by(col(MatchProposal.created_at).desc(), col(MatchProposal.id))
        .limit(limit)
        .offset(offset)
    )
    return Page(items=[proposal_read(session, row) for row in rows], total=total, limit=limit, offset=offset)
