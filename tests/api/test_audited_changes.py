"""Changes the API makes directly are audited in the organisation's chain too: participants, consents,
the bases, the policy and users (issue 13 §5); the ladder's steps are the system's, not the operator's."""

from __future__ import annotations

import httpx
from sqlmodel import select

from db.audit_chain import verify_chain
from db.models import AuditEvent
from db.session import session_scope
from domain.actors import Role
from tests.api.conftest import School
from tests.api.flows import consent_all, person
from workflows.common import SYSTEM


async def test_bases_consents_policy_and_users_are_audited_in_the_chain(
    api: httpx.AsyncClient, school: School
) -> None:
    mentee = await person(
        api, school.curator, kind="teacher", full_name="Проверочный Педагог", years_of_experience=1
    )
    await consent_all(api, school.curator, mentee, minor=False)
    programme = await api.post(
        "/programmes",
        headers=school.curator,
        json={"title": "Программа", "academic_year": "2026/27", "forms": ["teacher_teacher"]},
    )
    pid = programme.json()["id"]
    base = await api.put(
        f"/programmes/{pid}/mentees/{mentee}", headers=school.curator, json={"requests": ["x"]}
    )
    assert base.status_code == 200, base.text
    policy = (await api.get(f"/organisations/{school.organisation_id}/policy", headers=school.curator)).json()
    put = await api.put(f"/organisations/{school.organisation_id}/policy", headers=school.head, json=policy)
    assert put.status_code == 200, put.text

    with session_scope() as session:
        rows = session.exec(
            select(AuditEvent).where(AuditEvent.organisation_id == school.organisation_id)
        ).all()
        actions = [r.action for r in rows]
        for action in (
            "user_created",
            "participant_created",
            "consent_recorded",
            "mentee_base_changed",
            "policy_changed",
        ):
            assert action in actions, (action, actions)
        assert actions.count("consent_recorded") == 2
        assert all("Проверочный" not in str(r.details) for r in rows)  # ids and facts only
        assert verify_chain(session, school.organisation_id)[1] is None


def test_a_timers_step_is_the_systems_act() -> None:
    assert (SYSTEM.user_id, SYSTEM.role) == ("system", Role.SYSTEM)
