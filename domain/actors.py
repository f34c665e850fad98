"""Who acts, and what each role may do: the access rules written once for the API."""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel

from domain.errors import Forbidden, NotFound


class Role(StrEnum):
    CURATOR = "curator"
    MENTOR = "mentor"
    MENTEE = "mentee"
    HEAD = "head"
    COORDINATOR = "coordinator"
    ADMIN = "admin"
    SYSTEM = "system"  # the system's own acts (a timer's escalation step), never a person's token


class Actor(BaseModel):
    """The authenticated person behind a command, as written into the audit (ids only)."""

    user_id: str
    role: Role
    organisation_id: str | None = None
    district: str | None = None
    participant_id: str | None = None


class Scope(BaseModel):
    """Where an object lives and who is in it, enough to decide visibility."""

    organisation_id: str
    district: str
    member_ids: frozenset[str] = frozenset()
    mentor_ids: frozenset[str] = frozenset()


def can_see(actor: Actor, scope: Scope) -> bool:
    if actor.role is Role.ADMIN:
        return True
    if actor.role in (Role.CURATOR, Role.HEAD):
        return actor.organisation_id == scope.organisation_id
    if actor.role is Role.COORDINATOR:
        return actor.district == scope.district
    return actor.participant_id is not None and actor.participant_id in scope.member_ids


def ensure_visible(actor: Actor, scope: Scope, not_found: str = "Пара не найдена.") -> None:
    """Another school's object is 'not found', worded as for a missing one: a 403 would confirm it exists."""
    if not can_see(actor, scope):
        raise NotFound("not_found", not_found)


def ensure_curator(actor: Actor, scope: Scope) -> None:
    """Only the curator of the organisation moves stages, terminates, extends and fixes orders."""
    ensure_visible(actor, scope)
    if actor.role is not Role.CURATOR:
        raise Forbidden("curator_only", "Это действие выполняет только куратор программы.")


def ensure_may_state_preferences(actor: Actor, scope: Scope, participant_id: str) -> None:
    """The questionnaire of preferred partners (004 roadmap 16–18) is filled in by the person of the
    programme's bases themselves, or by the school's curator on their behalf. `scope`: the programme, its
    `member_ids` the people of its bases."""
    ensure_visible(actor, scope, "Программа не найдена.")
    if actor.role is Role.CURATOR:
        return
    if actor.role in (Role.MENTOR, Role.MENTEE) and actor.participant_id == participant_id:
        return
    raise Forbidden(
        "preferences_own", "Анкету предпочтений заполняет сам участник или куратор программы за него."
    )


def ensure_may_read_preferences(actor: Actor, scope: Scope, participant_id: str) -> None:
    """Whom a person would like as a partner is read by that person and the school's curator and head."""
    ensure_visible(actor, scope, "Программа не найдена.")
    if actor.role in (Role.CURATOR, Role.HEAD):
        return
    if actor.role in (Role.MENTOR, Role.MENTEE) and actor.participant_id == participant_id:
        return
    raise Forbidden("preferences_reader", "Анкету предпочтений читают сам участник, куратор и руководитель.")


def ensure_may_record_meeting(actor: Actor, scope: Scope) -> None:
    """A curator of the school, or a mentor of this very pair, records meetings."""
    ensure_visible(actor, scope)
    if actor.role is Role.CURATOR:
        return
    if actor.role is Role.MENTOR and actor.participant_id in scope.mentor_ids:
        return
    raise Forbidden("meeting_recorder", "Встречи отмечает наставник этой пары или куратор.")


def ensure_may_manage_base(actor: Actor, organisation_id: str) -> None:
    """The bases of mentors and mentees are kept by the curator of the school."""
    if actor.role is Role.CURATOR and actor.organisation_id == organisation_id:
        return
    raise Forbidden("curator_only", "Базы наставников и наставляемых ведёт куратор своей организации.")


def ensure_may_record_reflection(actor: Actor, scope: Scope, kind: str) -> None:
    """The mentor writes the report, the mentee the reflection (000 §5.5); the curator may enter either."""
    ensure_visible(actor, scope)
    if actor.role is Role.CURATOR:
        return
    if kind == "mentor_report" and actor.role is Role.MENTOR and actor.participant_id in scope.mentor_ids:
        return
    is_mentee = actor.participant_id in scope.member_ids - scope.mentor_ids
    if kind == "mentee_reflection" and actor.role is Role.MENTEE and is_mentee:
        return
    raise Forbidden("reflection_author", "Отчёт пишет наставник пары, рефлексию — наставляемый, или куратор.")


def _mentor_of(actor: Actor, scope: Scope) -> bool:
    return actor.role is Role.MENTOR and actor.participant_id in scope.mentor_ids


def _mentee_of(actor: Actor, scope: Scope) -> bool:
    return actor.role is Role.MENTEE and actor.participant_id in scope.member_ids - scope.mentor_ids


def plan_drafted_by_mentor(actor: Actor, scope: Scope) -> None:
    """003 §5.1: the mentor draws up the individual plan with the mentee; the curator may enter it for
    the mentor (the audit records who did)."""
    ensure_visible(actor, scope)
    if actor.role is Role.CURATOR or _mentor_of(actor, scope):
        return
    raise Forbidden("plan_drafted_by_mentor", "Индивидуальный план составляет наставник пары или куратор.")


def plan_approved_by_curator(actor: Actor, scope: Scope) -> None:
    """003 §5.1, 001 §4.10: the curator approves the plan the mentor drafted."""
    ensure_visible(actor, scope)
    if actor.role is not Role.CURATOR:
        raise Forbidden("plan_approved_by_curator", "Индивидуальный план утверждает куратор.")


def mentee_proposes_plan_changes(actor: Actor, scope: Scope) -> None:
    """003 §6.2: the mentee may propose changes to the individual plan; the curator may enter them."""
    ensure_visible(actor, scope)
    if actor.role is Role.CURATOR or _mentee_of(actor, scope):
        return
    raise Forbidden(
        "mentee_proposes_plan_changes", "Предложения в индивидуальный план вносит наставляемый или куратор."
    )


def mentee_petitions_head(actor: Actor, scope: Scope) -> None:
    """003 §6.2: the mentee may petition the head to replace the mentor; the curator may file it for them."""
    ensure_visible(actor, scope)
    if actor.role is Role.CURATOR or _mentee_of(actor, scope):
        return
    raise Forbidden(
        "mentee_petitions_head", "Ходатайство о замене наставника подаёт наставляемый (или куратор за него)."
    )


def head_decides_petition(actor: Actor, scope: Scope) -> None:
    """003 §6.2: the petition goes to the head of the organisation, who decides it."""
    ensure_visible(actor, scope, "Ходатайство не найдено.")
    if actor.role is not Role.HEAD:
        raise Forbidden("head_decides_petition", "Решение по ходатайству принимает руководитель организации.")
