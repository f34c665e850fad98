"""A pair or group (one or more mentors with one or more mentees) as its workflow holds it.

Only ids and stage facts live here: names, birth dates, plan texts and answers stay in the database
(152-FZ; ../shared/DESIGN.md "No personal data in workflow histories").
"""

from __future__ import annotations

from datetime import date, datetime
from enum import StrEnum

from pydantic import BaseModel, Field

from domain.forms import TEACHING_KINDS, Form, Kind, ParticipantKind
from domain.stages import Stage


class MemberRole(StrEnum):
    MENTOR = "mentor"
    MENTEE = "mentee"


class PairMember(BaseModel):
    participant_id: str
    role: MemberRole
    minor: bool = False
    # Who the person is (a fact, not personal data); None in pairs formed before it was kept.
    kind: ParticipantKind | None = None


class ConsentKind(StrEnum):
    PARTICIPATION = "participation"  # письменное согласие на участие: mentor 000 §2.3, mentee/guardian §2.4
    PERSONAL_DATA = "personal_data"  # согласие на обработку персональных данных, 004 roadmap 5–6, 10


class ConsentGiver(StrEnum):
    SELF = "self"
    GUARDIAN = "guardian"  # законный представитель несовершеннолетнего


class ConsentFact(BaseModel):
    consent_id: str
    participant_id: str
    kind: ConsentKind
    given_by: ConsentGiver
    withdrawn: bool = False


class OrderFacts(BaseModel):
    """Приказ руководителя ОО, fixing the pair (000 §2.7)."""

    number: str = Field(min_length=1, max_length=64)
    signed_on: date
    # The mentors' additional agreements to their labour contracts the order refers to (000 §2.1, §2.5).
    agreement_ids: list[str] = Field(default_factory=list)


class MeetingFormat(StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    MIXED = "mixed"


class PlanFacts(BaseModel):
    """The individual plan's facts the guards need (001 §4.8); its texts stay in the database."""

    plan_id: str
    goal_count: int = Field(ge=0)
    format: MeetingFormat
    cadence_days: int | None = Field(default=None, ge=1, le=92)  # none in situational mentoring
    scheduled_meetings: int = Field(ge=0)
    starts_on: date
    ends_on: date
    fulfilled: bool = False


class MeetingKind(StrEnum):
    """Meetings inside a pair (002; 004 roadmap 20–26)."""

    INTRODUCTION = "introduction"
    TRIAL = "trial"
    PLANNING = "planning"
    REGULAR = "regular"
    FINAL = "final"
    ACUTE = "acute"  # the result stage: the mentor reacts to an acute situation, 000 §5.6


class MeetingFacts(BaseModel):
    meeting_id: str
    kind: MeetingKind
    held_on: date
    format: MeetingFormat
    duration_minutes: int = Field(default=45, ge=5, le=600)


class TerminationReason(StrEnum):
    """001 §4.12, and replacement of the mentor on the mentee's petition, 003 §6.2."""

    PLAN_FULFILLED_EARLY = "plan_fulfilled_early"
    MENTOR_INITIATIVE = "mentor_initiative"
    MENTEE_INITIATIVE = "mentee_initiative"
    MUTUAL_DECISION = "mutual_decision"
    CURATOR_IMPROPER_EXECUTION = "curator_improper_execution"
    MENTOR_REPLACEMENT_PETITION = "mentor_replacement_petition"


class TerminationRequest(BaseModel):
    reason: TerminationReason
    comment: str = ""  # histories of earlier releases; the API now sends comment_id
    comment_id: str | None = None  # the comment, kept in the database (an audit text)

    @property
    def commented(self) -> bool:
        return bool(self.comment.strip() or self.comment_id)


class TermChangeRequest(BaseModel):
    """Extension or shortening of the term (001 §4.10, §4.13)."""

    new_end: date
    mentor_agrees: bool
    mentee_agrees: bool
    override_reason: str | None = None  # histories of earlier releases; the API now sends the id
    override_reason_id: str | None = None  # the curator's reason, kept in the database

    @property
    def overridden(self) -> bool:
        return bool((self.override_reason or "").strip() or self.override_reason_id)


class ReflectionKind(StrEnum):
    MENTOR_REPORT = "mentor_report"  # отчёт наставника, 000 §5.5
    MENTEE_REFLECTION = "mentee_reflection"  # рефлексия наставляемого


class MeetingTally(BaseModel):
    """Bounded summary of meetings; the list itself is in the database."""

    by_kind: dict[MeetingKind, int] = Field(default_factory=dict)
    last_held_on: date | None = None

    def count(self, kind: MeetingKind) -> int:
        return self.by_kind.get(kind, 0)


class PairState(BaseModel):
    pair_id: str
    organisation_id: str
    district: str
    programme_id: str | None = None
    form: Form
    kind: Kind = Kind.TRADITIONAL
    role_model: str = ""
    members: list[PairMember]
    planned_start: date
    planned_end: date
    stage: Stage = Stage.PREPARATORY
    stage_since: datetime | None = None
    consents: list[ConsentFact] = Field(default_factory=list)
    order: OrderFacts | None = None
    plan: PlanFacts | None = None
    meetings: MeetingTally = Field(default_factory=MeetingTally)
    reflections: list[ReflectionKind] = Field(default_factory=list)
    termination: TerminationRequest | None = None
    term_changes: int = 0
    # Set when the curator overrode the 3–12 months term (001 §4.10); a new plan clears it.
    term_override_reason: str | None = None
    no_meeting_item: str | None = None  # the open "no meeting" item, replaced by each meeting
    plan_item: str | None = None  # the open "plan past end" item, replaced when the end date moves
    seq: int = 0  # events applied so far; the idempotency key of every write is (workflow id, seq)

    @property
    def mentors(self) -> list[PairMember]:
        return [m for m in self.members if m.role is MemberRole.MENTOR]

    @property
    def mentees(self) -> list[PairMember]:
        return [m for m in self.members if m.role is MemberRole.MENTEE]

    @property
    def teacher_mentee(self) -> bool:
        """A personalised programme of a teacher (001 §1.3); a pair formed before kinds were kept counts
        as one, so its term rule stays what it was."""
        return any(m.kind is None or m.kind in TEACHING_KINDS for m in self.mentees)

    def consent_of(self, participant_id: str, kind: ConsentKind) -> ConsentFact | None:
        for fact in reversed(self.consents):
            if fact.participant_id == participant_id and fact.kind is kind:
                return None if fact.withdrawn else fact
        return None
