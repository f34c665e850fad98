"""A school's own calendar, escalation ladder and deadlines, and its monitoring deadlines: read and set by
its curator or head (the JSON API and the cabinet's page call these; applies to items opened from now on)."""

from __future__ import annotations

from pydantic import BaseModel, Field
from sqlmodel import Session

from application.scopes import visible_organisation
from db.audit_chain import audit_change
from db.models import OrganisationPolicy
from domain.actors import Actor, Role
from domain.errors import Forbidden
from domain.escalation import EscalationPolicy
from domain.monitoring import MonitoringSettings


class PolicyBody(BaseModel):
    escalation: EscalationPolicy = Field(default_factory=EscalationPolicy)
    monitoring: MonitoringSettings = Field(default_factory=MonitoringSettings)


def ensure_sets_policy(actor: Actor, organisation_id: str) -> None:
    if actor.role not in (Role.CURATOR, Role.HEAD) or actor.organisation_id != organisation_id:
        raise Forbidden(
            "curator_only", "Календарь и сроки задаёт куратор или руководитель своей организации."
        )


def sets_policy(actor: Actor, organisation_id: str) -> bool:
    """Whether a page offers the form (the rule is `ensure_sets_policy`)."""
    try:
        ensure_sets_policy(actor, organisation_id)
    except Forbidden:
        return False
    return True


def read_policy(*, session: Session, actor: Actor, organisation_id: str) -> PolicyBody:
    visible_organisation(session, actor, organisation_id)
    row = session.get(OrganisationPolicy, organisation_id)
    return PolicyBody.model_validate(
        {"escalation": row.escalation, "monitoring": row.monitoring} if row else {}
    )


def put_policy(*, session: Session, actor: Actor, organisation_id: str, body: PolicyBody) -> PolicyBody:
    """The school calendar (holidays), the escalation ladder and the monitoring deadlines; audited (settings,
    no personal data)."""
    visible_organisation(session, actor, organisation_id)  # 404 before 403: nothing confirms it exists
    ensure_sets_policy(actor, organisation_id)
    row = session.get(OrganisationPolicy, organisation_id) or OrganisationPolicy(
        organisation_id=organisation_id
    )
    row.escalation = body.escalation.model_dump(mode="json")
    row.monitoring = body.monitoring.model_dump(mode="json")
    session.add(row)
    audit_change(
        session,
        actor_id=actor.user_id,
        actor_role=actor.role.value,
        organisation_id=organisation_id,
        subject_type="organisation",
        subject_id=organisation_id,
        action="policy_changed",
        details={"escalation": row.escalation, "monitoring": row.monitoring},
    )
    session.commit()
    return body
