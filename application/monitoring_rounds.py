"""Monitoring rounds follow the school's work: one MonitoringWorkflow per organisation and academic year.

Started when a programme is created for its year, and when a pair is formed by hand for every academic year
the pair spans, so that a school without a programme still answers its half-yearly monitoring.
"""

from __future__ import annotations

import logging

from sqlmodel import Session
from temporalio.common import WorkflowIDReusePolicy
from temporalio.exceptions import WorkflowAlreadyStartedError
from temporalio.service import RPCError

from activities.items import policy_of
from application.temporal import TemporalLink
from db.models import Organisation, OrganisationPolicy
from db.session import release
from domain.monitoring import MonitoringSettings
from workflows.monitoring import MonitoringInput, MonitoringWorkflow, monitoring_workflow_id

log = logging.getLogger(__name__)

# (organisation, year) whose workflow this process has seen started: forming the school's next pair
# costs no call to Temporal. A restarted process asks again and finds it running.
_seen: set[tuple[str, str]] = set()


async def ensure_monitoring(
    session: Session, temporal: TemporalLink, organisation: Organisation, academic_years: list[str]
) -> None:
    """Start the year's monitoring workflow where it is not running yet; an existing one is kept.

    A Temporal failure here is logged, not raised: what called it has already been done, and the next
    programme or pair of the school starts the year again."""
    years = [year for year in academic_years if (organisation.id, year) not in _seen]
    if not years:
        return
    row = session.get(OrganisationPolicy, organisation.id)
    monitoring = MonitoringSettings.model_validate(row.monitoring if row else {})
    policy = policy_of(session, organisation.id)
    release(session)  # no transaction held while Temporal answers
    for academic_year in years:
        workflow_id = monitoring_workflow_id(organisation.id, academic_year)
        try:
            await temporal.client.start_workflow(
                MonitoringWorkflow.run,
                MonitoringInput(
                    organisation_id=organisation.id,
                    district=organisation.district,
                    academic_year=academic_year,
                    settings=monitoring,
                    calendar=policy.calendar,
                    time_zone=policy.time_zone,
                ),
                id=workflow_id,
                task_queue=temporal.task_queue,
                id_reuse_policy=WorkflowIDReusePolicy.REJECT_DUPLICATE,
            )
        except WorkflowAlreadyStartedError:
            pass
        except RPCError as error:
            log.warning("monitoring %s not started: %s", workflow_id, error)
            continue
        _seen.add((organisation.id, academic_year))
