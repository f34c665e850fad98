"""Pairs, meetings and the overdue list as XLSX and CSV: a school's file holds no other school's people."""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from datetime import UTC, date, datetime, timedelta
from typing import Any
from uuid import uuid4

import httpx
from openpyxl import load_workbook

from db.models import OverdueItemRow
from db.session import session_scope
from documents.sheets import CSV, XLSX
from domain.escalation import ItemKind, Level
from tests.api.conftest import School, user
from tests.api.programme_flows import pair_meeting_held


def _xlsx_rows(content: bytes) -> list[list[Any]]:
    sheet = load_workbook(io.BytesIO(content)).worksheets[0]
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def _csv_rows(content: bytes) -> list[list[str]]:
    assert content.startswith(b"\xef\xbb\xbf")  # Excel reads it as UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig")), delimiter=";"))


async def _both(
    api: httpx.AsyncClient, path: str, headers: dict[str, str]
) -> tuple[list[list[Any]], list[list[str]]]:
    xlsx = await api.get(path, headers=headers, params={"format": "xlsx"})
    assert xlsx.status_code == 200, xlsx.text
    assert xlsx.headers["content-type"] == XLSX
    plain = await api.get(path, headers=headers, params={"format": "csv"})
    assert plain.headers["content-type"] == CSV
    assert "filename*=UTF-8''" in plain.headers["content-disposition"]
    return _xlsx_rows(xlsx.content), _csv_rows(plain.content)


def _overdue(school: School, pair_id: str, owner: str | None = None) -> OverdueItemRow:
    """A row as an item's workflow writes it once the ladder reached the curator."""
    return OverdueItemRow(
        item_id=f"export-{uuid4().hex[:10]}",
        kind=ItemKind.NO_MEETING.value,
        organisation_id=school.organisation_id,
        district=school.district,
        pair_id=pair_id,
        owner_participant_id=owner,
        due_on=date(2026, 11, 20),
        level=Level.CURATOR.value,
        level_since=datetime.now(UTC) - timedelta(days=1),
        created_at=datetime.now(UTC),
    )


def _names_in(rows: list[list[Any]]) -> str:
    return "\n".join(";".join("" if v is None else str(v) for v in row) for row in rows)


async def test_exports_of_a_school_hold_only_its_people_and_a_coordinator_gets_the_district(
    api: httpx.AsyncClient, school_factory: Callable[..., Any]
) -> None:
    home: School = await school_factory()
    neighbour: School = await school_factory(home.district)
    far: School = await school_factory()
    ours = await pair_meeting_held(api, home.curator, "Кузнецова Ирина Петровна", "Смирнова Анна Олеговна")
    theirs = await pair_meeting_held(
        api, neighbour.curator, "Соколов Андрей Викторович", "Белова Мария Ильинична"
    )
    with session_scope() as session:
        session.add_all([_overdue(home, ours), _overdue(neighbour, theirs)])
        session.commit()
    coordinator = await user(api, "coordinator", district=home.district)
    far_coordinator = await user(api, "coordinator", district=far.district)

    for path in ("/exports/pairs", "/exports/meetings", "/exports/overdue"):
        xlsx, plain = await _both(api, path, home.curator)
        for rows in (xlsx, plain):
            text = _names_in(rows)
            assert "Кузнецова Ирина Петровна" in text and "Смирнова Анна Олеговна" in text, path
            assert "Соколов" not in text and "Белова" not in text, path
        assert len(xlsx) == len(plain), path
        if path != "/exports/overdue":  # the item workflows may have found something overdue too
            assert len(xlsx) == 2, path  # the header and our one row
        district = _names_in((await _both(api, path, coordinator))[0])
        assert "Смирнова Анна Олеговна" in district and "Белова Мария Ильинична" in district, path
        assert len((await _both(api, path, far_coordinator))[0]) == 1, path  # the header alone


async def test_the_pairs_export_reads_as_the_curator_would_write_it(
    api: httpx.AsyncClient, school_factory: Callable[..., Any]
) -> None:
    home: School = await school_factory()
    await pair_meeting_held(api, home.curator, "Кузнецова Ирина Петровна", "Смирнова Анна Олеговна")
    xlsx, plain = await _both(api, "/exports/pairs", home.curator)
    assert xlsx[0][:7] == ["Организация", "Программа", "Наставник", "Наставляемый", "Форма", "Вид", "Этап"]
    row = dict(zip(xlsx[0], xlsx[1], strict=True))
    assert row["Организация"] == "МБОУ СОШ №1"
    assert (row["Наставник"], row["Наставляемый"]) == ("Кузнецова Ирина Петровна", "Смирнова Анна Олеговна")
    assert (row["Форма"], row["Этап"]) == ("учитель – учитель", "реализационный")
    assert row["Начало"] == datetime(2026, 10, 1) and row["Дата приказа"] == datetime(2026, 10, 2)
    assert row["Встреч проведено"] == 1
    plain_row = dict(zip(plain[0], plain[1], strict=True))
    assert (plain_row["Начало"], plain_row["Окончание"], plain_row["Приказ №"]) == (
        "01.10.2026",
        "20.05.2027",
        "45-о",
    )

    meetings, _ = await _both(api, "/exports/meetings", home.curator)
    assert meetings[1][4:] == ["регулярная встреча", datetime(2026, 11, 5), "онлайн", 45]
