"""Seeding a school for the browser over its real API, and escalated items as the item workflows write
them (the read model `overdue_items`): the ladder's timers take weeks, the pages only read the rows."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
from sqlmodel import Session

from db.models import Organisation, OverdueItemRow
from db.notification_models import Notification
from db.session import engine, utcnow

CONSENT = "Я даю согласие на участие в программе наставничества и обработку персональных данных."


def participant(api: httpx.Client, curator: dict[str, str], **fields: Any) -> str:
    response = api.post("/participants", headers=curator, json=fields)
    assert response.status_code == 201, response.text
    return str(response.json()["id"])


def pupil_pair(
    api: httpx.Client, curator: dict[str, str], mentor: str = "Петров Илья", mentee: str = "Сидорова Аня"
) -> tuple[str, str, str]:
    """A student–student pair by hand (preparatory, no consents yet). Returns (pair, mentor, mentee)."""
    mentor_id = participant(api, curator, kind="pupil", full_name=mentor, birth_date="2010-03-01", grade=10)
    mentee_id = participant(api, curator, kind="pupil", full_name=mentee, birth_date="2014-05-02", grade=6)
    response = api.post(
        "/pairs",
        headers=curator,
        json={
            "form": "student_student",
            "role_model": "успевающий — неуспевающий",
            "mentor_ids": [mentor_id],
            "mentee_ids": [mentee_id],
            "planned_start": "2026-10-01",
            "planned_end": "2027-05-20",
        },
    )
    assert response.status_code == 201, response.text
    return str(response.json()["id"]), mentor_id, mentee_id


def escalated(
    organisation: Organisation,
    kind: str,
    level: str | None,
    due_on: date,
    *,
    pair_id: str | None = None,
    owner_participant_id: str | None = None,
    round_id: str | None = None,
) -> str:
    item_id = f"item-{uuid4().hex[:10]}"
    with Session(engine(), expire_on_commit=False) as session:
        session.add(
            OverdueItemRow(
                item_id=item_id,
                kind=kind,
                organisation_id=organisation.id,
                district=organisation.district,
                pair_id=pair_id,
                round_id=round_id,
                owner_participant_id=owner_participant_id,
                opens_on=due_on - timedelta(days=14) if round_id else None,
                due_on=due_on,
                level=level,
                level_since=datetime.combine(due_on, datetime.min.time(), tzinfo=UTC) if level else None,
                created_at=utcnow(),
            )
        )
        session.commit()
    return item_id


def notification(user_id: str, organisation: Organisation, subject: str, api_path: str) -> None:
    with Session(engine(), expire_on_commit=False) as session:
        session.add(
            Notification(
                dedup_key=f"{uuid4()}",
                user_id=user_id,
                organisation_id=organisation.id,
                item_id=f"item-{uuid4().hex[:6]}",
                level="curator",
                subject=subject,
                body=subject,
                link=f"http://127.0.0.1:8000{api_path}",
                created_at=utcnow(),
            )
        )
        session.commit()
