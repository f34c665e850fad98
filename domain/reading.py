"""Who may read back what people wrote: plans, reflections, answers, feedback, trial-meeting comments.

A pair's own records (its plan, reflections, meetings, assessments) are read by the pair's members and by
the school's curator and head. What one person answered for themselves (a questionnaire, feedback, the
trial-meeting answer) is read by that person and by the school's curator and head, not by the other side
of the pair (candour of process-quality questionnaires, 000 §VII). The district coordinator and the
operator see figures and stages, not the texts people wrote (152-FZ: no processing without a purpose).
"""

from __future__ import annotations

from domain.actors import Actor, Role, Scope, ensure_visible
from domain.errors import Forbidden


def school_staff(actor: Actor, organisation_id: str) -> bool:
    """The curator or head of the organisation the record belongs to."""
    return actor.role in (Role.CURATOR, Role.HEAD) and actor.organisation_id == organisation_id


def ensure_may_read_pair_records(actor: Actor, scope: Scope) -> None:
    """A member of the pair, or the school's curator or head; anyone else who can see the pair is refused."""
    ensure_visible(actor, scope)
    if school_staff(actor, scope.organisation_id):
        return
    if actor.participant_id is not None and actor.participant_id in scope.member_ids:
        return
    raise Forbidden(
        "records_reader",
        "Записи пары читают её участники, куратор и руководитель образовательной организации.",
    )


def may_read_own_answer(actor: Actor, organisation_id: str, author_participant_id: str | None) -> bool:
    """One person's answer: that person, or the school's curator or head."""
    if school_staff(actor, organisation_id):
        return True
    return actor.participant_id is not None and actor.participant_id == author_participant_id
