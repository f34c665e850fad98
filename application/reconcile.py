"""Repair pairs stuck by a crash of an earlier release (issue 13 §1): `python -m application.reconcile`.

Before recording waited for the history (`record-when-durable-v1`), a crash could lose an Update after its
audit row, meeting and read model were committed: the API then showed the pair a stage ahead of its
workflow and every next command was refused. The workflow is the source of truth, so for every pair this
asks the workflow for its state and, where the database is ahead of it, sets the read model back to the
workflow's state, removes the meetings the workflow never recorded and writes a `reconciled` audit event
(as the system) naming the phantom audit rows, which stay in the chain, marked by that event. Idempotent:
a second pass finds nothing to do. Run it with the worker up (queries need one); `--dry-run` only reports.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import sys
from dataclasses import dataclass, field
from datetime import timedelta

from sqlalchemy import delete, update
from sqlmodel import Session, col, select
from temporalio.client import Client, WorkflowQueryFailedError
from temporalio.service import RPCError

from activities.pair_records import read_model_values
from db.models import AuditEvent, Meeting, Pair
from db.session import session_scope, utcnow
from domain.pair import PairState
from workflows.pair import PairWorkflow

SYSTEM_ID = "system"


@dataclass
class Finding:
    pair_id: str
    read_model: tuple[str, int]  # (stage, last_seq) in the database
    workflow: tuple[str, int]  # (stage, seq) in the workflow
    phantom_rows: list[int] = field(default_factory=list)
    phantom_meetings: list[str] = field(default_factory=list)

    @property
    def stuck(self) -> bool:
        return self.read_model != self.workflow or bool(self.phantom_rows or self.phantom_meetings)


def compare(session: Session, pair: Pair, state: PairState) -> Finding:
    """Rows after the workflow's last event are phantoms: no Update of the workflow made them."""
    phantoms = session.exec(
        select(AuditEvent.id).where(
            AuditEvent.workflow_id == pair.workflow_id, col(AuditEvent.seq) > state.seq
        )
    ).all()
    reconciled = session.exec(
        select(AuditEvent.details).where(
            AuditEvent.workflow_id == pair.workflow_id, AuditEvent.action == "reconciled"
        )
    ).all()
    marked = {row_id for details in reconciled for row_id in details.get("phantom_rows", [])}
    meetings = session.exec(
        select(Meeting.id).where(Meeting.pair_id == pair.id, col(Meeting.seq) > state.seq)
    ).all()
    return Finding(
        pair_id=pair.id,
        read_model=(pair.stage, pair.last_seq),
        workflow=(state.stage.value, state.seq),
        phantom_rows=[r for r in phantoms if r is not None and r not in marked],
        phantom_meetings=list(meetings),
    )


def repair(session: Session, pair: Pair, state: PairState, finding: Finding) -> None:
    session.execute(update(Pair).where(col(Pair.id) == pair.id).values(**read_model_values(state, state.seq)))
    if finding.phantom_meetings:
        session.execute(delete(Meeting).where(col(Meeting.id).in_(finding.phantom_meetings)))
    session.add(
        AuditEvent(
            event_key=f"{pair.workflow_id}/reconciled/{state.seq}/{pair.last_seq}/{len(finding.phantom_rows)}",
            workflow_id=pair.workflow_id,
            seq=state.seq,
            subject_type="pair",
            subject_id=pair.id,
            organisation_id=pair.organisation_id,
            action="reconciled",
            actor_id=SYSTEM_ID,
            actor_role="system",
            at=utcnow(),
            from_stage=pair.stage,
            to_stage=state.stage.value,
            details={
                "read_model_was": {"stage": pair.stage, "last_seq": pair.last_seq},
                "phantom_rows": finding.phantom_rows,
                "phantom_meetings": finding.phantom_meetings,
            },
        )
    )


async def reconcile(
    client: Client,
    *,
    dry_run: bool = False,
    organisation_id: str | None = None,
    pair_ids: list[str] | None = None,
    unreachable: list[str] | None = None,
) -> list[Finding]:
    """The pairs whose database was ahead of their workflow (repaired unless dry_run). A workflow that
    does not answer its query is listed in `unreachable` and left as it is."""
    with session_scope() as session:
        query = select(Pair).order_by(col(Pair.id))
        if organisation_id:
            query = query.where(Pair.organisation_id == organisation_id)
        if pair_ids is not None:
            query = query.where(col(Pair.id).in_(pair_ids))
        pairs = list(session.exec(query))
    findings = []
    for pair in pairs:
        handle = client.get_workflow_handle(pair.workflow_id)
        try:
            state = await handle.query(PairWorkflow.current, rpc_timeout=timedelta(seconds=10))
        except (RPCError, WorkflowQueryFailedError):
            if unreachable is not None:
                unreachable.append(pair.id)
            continue
        with session_scope() as session:
            finding = compare(session, pair, state)
            if not finding.stuck:
                continue
            findings.append(finding)
            if not dry_run:
                repair(session, pair, state, finding)
                session.commit()
    return findings


async def main(argv: list[str] | None = None) -> int:
    from worker import connect

    parser = argparse.ArgumentParser(prog="python -m application.reconcile")
    parser.add_argument("--dry-run", action="store_true", help="report only")
    parser.add_argument("--organisation", help="only this organisation's pairs")
    args = parser.parse_args(argv)
    unreachable: list[str] = []
    findings = await reconcile(
        await connect(), dry_run=args.dry_run, organisation_id=args.organisation, unreachable=unreachable
    )
    done = "(dry run)" if args.dry_run else "— repaired"
    for f in findings:
        print(
            f"{f.pair_id}: database {f.read_model}, workflow {f.workflow}, phantom audit rows"
            f" {f.phantom_rows}, phantom meetings {f.phantom_meetings} {done}"
        )
    print(f"{len(findings)} pair(s) {'to repair' if args.dry_run else 'repaired'}")
    if unreachable:
        print(f"{len(unreachable)} pair(s) whose workflow did not answer: {', '.join(unreachable)}")
    return 1 if unreachable else 0


if __name__ == "__main__":
    status = asyncio.run(main())
    sys.stdout.flush()
    os._exit(status)
