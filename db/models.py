"""Tables. Personal data (names, birth dates, texts) lives only here, never in workflow histories."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Column, DateTime, UniqueConstraint
from sqlmodel import Field, SQLModel


def _json(default: Any = None) -> Any:
    return Field(default_factory=lambda: default() if callable(default) else default, sa_column=Column(JSON))


def _ts() -> Any:
    return Field(sa_column=Column(DateTime(timezone=True), nullable=False))


class Organisation(SQLModel, table=True):
    __tablename__ = "organisations"
    id: str = Field(primary_key=True)
    name: str
    district: str = Field(index=True)


class User(SQLModel, table=True):
    __tablename__ = "users"
    id: str = Field(primary_key=True)
    token_hash: str = Field(unique=True)
    role: str
    display_name: str
    organisation_id: str | None = Field(default=None, foreign_key="organisations.id")
    district: str | None = None
    participant_id: str | None = Field(default=None, foreign_key="participants.id")


EXTERNAL_ID_UNIQUE = "uq_participants_organisation_id_external_id"


class Participant(SQLModel, table=True):
    __tablename__ = "participants"
    # The school's own key for a person (табельный номер, номер в списке класса): an imported base matches
    # its rows by it, so importing the same file twice creates nobody twice.
    __table_args__ = (
        UniqueConstraint(
            "organisation_id", "external_id", name="uq_participants_organisation_id_external_id"
        ),
    )
    id: str = Field(primary_key=True)
    organisation_id: str = Field(foreign_key="organisations.id", index=True)
    external_id: str | None = None
    kind: str
    full_name: str
    birth_date: date | None = None
    grade: int | None = None
    grade_year: str | None = None  # the school year `grade` is of ("2026/27"); it advances each 1 September
    years_of_experience: float | None = None
    new_hire: bool = False
    stated_difficulty: bool = False
    # A mentor from another organisation (004 §5.2; 001 §3.9): its name and the agreement that brings them.
    home_organisation: str | None = None
    partner_agreement: str | None = None
    created_at: datetime = _ts()
    # Erased on request (152-FZ): the card keeps only its id, kind and organisation.
    erased_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    erased_by: str | None = None
    erasure_basis: str | None = None


class Consent(SQLModel, table=True):
    """A consent kept as its own document: who gave it, when, and the text accepted (152-FZ)."""

    __tablename__ = "consents"
    id: str = Field(primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", index=True)
    kind: str
    given_by: str
    guardian_name: str | None = None
    text_accepted: str
    signed_at: datetime = _ts()
    recorded_by: str
    recorded_at: datetime = _ts()


class Pair(SQLModel, table=True):
    """Read model of a pair workflow; written only by activities (after creation by the API)."""

    __tablename__ = "pairs"
    id: str = Field(primary_key=True)
    workflow_id: str = Field(unique=True)
    organisation_id: str = Field(foreign_key="organisations.id", index=True)
    district: str = Field(index=True)
    programme_id: str | None = Field(default=None, index=True)
    form: str = Field(index=True)
    kind: str
    role_model: str = ""
    planned_start: date
    planned_end: date
    stage: str = Field(index=True)
    stage_since: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    last_seq: int = 0
    order_number: str | None = None
    order_date: date | None = None
    termination_reason: str | None = None
    meetings_held: int = 0
    last_meeting_on: date | None = None
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class PairMember(SQLModel, table=True):
    __tablename__ = "pair_members"
    pair_id: str = Field(foreign_key="pairs.id", primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", primary_key=True, index=True)
    role: str


class PlanDocument(SQLModel, table=True):
    """The individual plan's texts (goals, schedule); the workflow holds only its facts."""

    __tablename__ = "plan_documents"
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    goals: list[str] = _json(list)
    schedule: list[str] = _json(list)
    cadence_days: int | None = None  # none in situational mentoring (001 §4.4)
    format: str
    starts_on: date
    ends_on: date
    created_by: str
    created_at: datetime = _ts()
    # 003 §5.1: the mentor drafts the plan, the curator approves it (the curator's own is approved at once).
    status: str = "approved"  # draft | approved
    approved_by: str | None = None
    # 001 §4.8: the problem, the content of the work and the planned results (texts, never in a history).
    problem: str = ""
    content: str = ""
    planned_results: str = ""
    # The kind (вид) the pair changes to with this plan, agreed by both sides (001 §4.13); None: it stays.
    kind: str | None = None


class ReflectionDocument(SQLModel, table=True):
    __tablename__ = "reflection_documents"
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    kind: str
    text: str
    created_by: str
    created_at: datetime = _ts()


class Meeting(SQLModel, table=True):
    """Written with its audit event, claimed by the event's key; `seq` is informative only."""

    __tablename__ = "meetings"
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    workflow_id: str
    seq: int
    kind: str
    held_on: date
    format: str
    duration_minutes: int
    recorded_by: str


class AuditEvent(SQLModel, table=True):
    """Append-only and hash-chained per organisation (db/audit_chain.py).

    `event_key` names the event itself (the Update that caused it, or the workflow's own step), so a
    retried or replayed write is recognised by what it is; `seq` is only its position in the workflow.
    `reason` holds codes only; a free text is an AuditText the row names by id and digest."""

    __tablename__ = "audit_events"
    __table_args__ = (
        UniqueConstraint("organisation_id", "chain_seq", name="uq_audit_events_organisation_id_chain_seq"),
    )
    id: int | None = Field(default=None, primary_key=True)
    event_key: str | None = Field(default=None, unique=True, index=True)
    workflow_id: str = Field(index=True)
    seq: int
    subject_type: str
    subject_id: str = Field(index=True)
    organisation_id: str = Field(index=True)
    action: str
    actor_id: str
    actor_role: str
    at: datetime = _ts()
    from_stage: str | None = None
    to_stage: str | None = None
    reason: str = ""
    reason_text_id: str | None = None
    reason_digest: str | None = None
    details: dict[str, Any] = _json(dict)
    chain_seq: int | None = None
    prev_hash: str | None = None
    row_hash: str | None = None


class Programme(SQLModel, table=True):
    """Read model of a programme workflow."""

    __tablename__ = "programmes"
    id: str = Field(primary_key=True)
    workflow_id: str = Field(unique=True)
    organisation_id: str = Field(foreign_key="organisations.id", index=True)
    district: str = Field(index=True)
    title: str
    academic_year: str
    training_required: bool = True
    stage: str = Field(index=True)
    stage_since: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    curator_id: str | None = None
    forms: list[str] = _json(list)
    completion: list[str] = _json(list)
    last_seq: int = 0
    created_at: datetime = _ts()
    updated_at: datetime = _ts()


class MentorProfile(SQLModel, table=True):
    """The mentor base (004 §5.2): competences, capacity, selection and training records."""

    __tablename__ = "mentor_profiles"
    programme_id: str = Field(foreign_key="programmes.id", primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", primary_key=True)
    competences: list[str] = _json(list)
    capacity: int = 1
    questionnaire_on: date | None = None
    interview_on: date | None = None
    trained_on: date | None = None
    training_required: bool | None = None  # the curator's word for this mentor; None: the programme's


class MenteeRequest(SQLModel, table=True):
    """The mentee base (004 §5.2): what each mentee asks for."""

    __tablename__ = "mentee_requests"
    programme_id: str = Field(foreign_key="programmes.id", primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", primary_key=True)
    requests: list[str] = _json(list)
    mentors_needed: int = 1
    form: str | None = None  # the form the mentee is matched in; None: the programme's first form


class FeedbackQuestionnaire(SQLModel, table=True):
    """Feedback of participants at the programme's end (004 §6.1 stage 7); answers stay here."""

    __tablename__ = "feedback_questionnaires"
    id: str = Field(primary_key=True)
    programme_id: str = Field(foreign_key="programmes.id", index=True)
    participant_id: str = Field(foreign_key="participants.id")
    answers: dict[str, Any] = _json(dict)
    created_at: datetime = _ts()


class OrganisationPolicy(SQLModel, table=True):
    """An organisation's school calendar, escalation ladder and monitoring deadlines (JSON of the domain's
    EscalationPolicy and MonitoringSettings); absent means the defaults."""

    __tablename__ = "organisation_policies"
    organisation_id: str = Field(foreign_key="organisations.id", primary_key=True)
    escalation: dict[str, Any] = _json(dict)
    monitoring: dict[str, Any] = _json(dict)


class OverdueItemRow(SQLModel, table=True):
    """Read model of an item's ladder: what is owed, by whom, how far it has climbed."""

    __tablename__ = "overdue_items"
    item_id: str = Field(primary_key=True)
    kind: str = Field(index=True)
    organisation_id: str = Field(index=True)
    district: str = Field(index=True)
    programme_id: str | None = Field(default=None, index=True)
    pair_id: str | None = Field(default=None, index=True)
    round_id: str | None = Field(default=None, index=True)
    owner_participant_id: str | None = None
    owner_user_id: str | None = None
    opens_on: date | None = None
    due_on: date
    level: str | None = None  # the highest level reached; None while not yet overdue
    level_since: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    settled_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    settled_by: str | None = None
    acknowledged_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))
    acknowledged_by: str | None = None
    created_at: datetime = _ts()
    # The workflow keeping the ladder when it is not the item's own `item-<id>`: a pair's (issue 10).
    held_by: str | None = None


class Escalation(SQLModel, table=True):
    """One step of the ladder that fired; (item_id, level) is unique, so a retry fires nothing twice."""

    __tablename__ = "escalations"
    item_id: str = Field(foreign_key="overdue_items.item_id", primary_key=True)
    level: str = Field(primary_key=True)
    at: datetime = _ts()


class QuestionnaireAnswer(SQLModel, table=True):
    """A process-quality questionnaire of a monitoring round (004 §8.1); answers stay here."""

    __tablename__ = "questionnaire_answers"
    id: str = Field(primary_key=True)
    item_id: str = Field(index=True)
    round_id: str = Field(index=True)
    organisation_id: str = Field(index=True)
    pair_id: str | None = None
    participant_id: str | None = None
    answers: dict[str, Any] = _json(dict)
    # The questionnaire version the answers were validated against (None: submitted before versions).
    questionnaire_version_id: str | None = None
    submitted_by: str
    submitted_at: datetime = _ts()


class Assessment(SQLModel, table=True):
    """Entry or exit assessment over the same parameters, so they can be compared (004 §8.2)."""

    __tablename__ = "assessments"
    __table_args__ = (UniqueConstraint("pair_id", "participant_id", "phase"),)
    id: str = Field(primary_key=True)
    pair_id: str = Field(foreign_key="pairs.id", index=True)
    participant_id: str = Field(foreign_key="participants.id", index=True)
    phase: str  # entry | exit
    scores: dict[str, float] = _json(dict)
    submitted_by: str
    submitted_at: datetime = _ts()


class PreferenceQuestionnaire(SQLModel, table=True):
    """Whom a person would like as a partner, after the group meeting (004 roadmap 16–18)."""

    __tablename__ = "preference_questionnaires"
    programme_id: str = Field(foreign_key="programmes.id", primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", primary_key=True)
    ranked_ids: list[str] = _json(list)


class MatchProposal(SQLModel, table=True):
    """A matching run's proposal, with its scores and reasons, waiting for the curator's decision."""

    __tablename__ = "match_proposals"
    id: str = Field(primary_key=True)
    programme_id: str = Field(foreign_key="programmes.id", index=True)
    mode: str
    status: str = "proposed"  # proposed | accepted | rejected
    proposal: dict[str, Any] = _json(dict)
    created_by: str
    created_at: datetime = _ts()
    decided_by: str | None = None
    decided_at: datetime | None = Field(default=None, sa_column=Column(DateTime(timezone=True)))


class PairFitAnswer(SQLModel, table=True):
    """After the trial meeting each side says whether the pair fits (004 roadmap 21)."""

    __tablename__ = "pair_fit_answers"
    pair_id: str = Field(foreign_key="pairs.id", primary_key=True)
    participant_id: str = Field(foreign_key="participants.id", primary_key=True)
    fits: bool
    comment: str = ""
    answered_at: datetime = _ts()


# Every process that loads the models chains the audit rows it writes (and knows the chain's tables).
import db.audit_chain  # noqa: E402, F401
