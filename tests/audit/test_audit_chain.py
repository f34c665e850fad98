"""The audit is tamper-evident: every organisation's rows form a hash chain that verify walks; a lawful
erasure keeps it intact, an edit, a deletion or a forged text does not (issue 13 §5)."""

from __future__ import annotations

import itertools
import threading
from collections.abc import Iterator
from datetime import UTC, datetime
from uuid import uuid4

import pytest
from sqlalchemy import text
from sqlmodel import Session, col, select

from db.audit_chain import add_text, cite_text, erase_texts_of, readable_texts, verify_chain
from db.audit_tool import main as audit_tool
from db.models import AuditEvent
from db.session import engine, session_scope
from domain.erasure import ERASED_TEXT

COMMENT = "Переезд наставляемого Петрова в другой город"


def append(organisation_id: str, n: int, author: str = "curator-1", with_text: bool = False) -> None:
    with session_scope() as session:
        row = AuditEvent(
            workflow_id=f"pair-{organisation_id}",
            seq=n,
            subject_type="pair",
            subject_id=f"p-{organisation_id}",
            organisation_id=organisation_id,
            action="stage_changed",
            actor_id=author,
            actor_role="curator",
            at=datetime(2026, 10, 1, 9, n % 60, tzinfo=UTC),
            from_stage="design",
            to_stage="implementation",
            details={"n": n, "extension": True},
        )
        if with_text:
            cite_text(row, add_text(session, organisation_id=organisation_id, author_id=author, body=COMMENT))
        session.add(row)
        session.commit()


@pytest.fixture
def organisation() -> Iterator[str]:
    organisation_id = f"school-{uuid4().hex[:8]}"
    for n in range(1, 6):
        append(organisation_id, n, with_text=n == 3)
    yield organisation_id


def tamper(statement: str, **params: object) -> None:
    """An attacker with the database's owner rights (on PostgreSQL: past the append-only trigger)."""
    with engine().begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(text("SET LOCAL session_replication_role = replica"))
        connection.execute(text(statement), params)


def chain_of(organisation_id: str) -> list[AuditEvent]:
    with session_scope() as session:
        query = select(AuditEvent).where(AuditEvent.organisation_id == organisation_id)
        return list(session.exec(query.order_by(col(AuditEvent.chain_seq))))


def verdict(organisation_id: str) -> tuple[int, tuple[int, str] | None]:
    with session_scope() as session:
        checked, broken = verify_chain(session, organisation_id)
    return checked, (broken.chain_seq, broken.problem) if broken else None


def test_every_row_carries_its_hash_and_the_previous_rows(organisation: str) -> None:
    rows = chain_of(organisation)
    assert [r.chain_seq for r in rows] == [1, 2, 3, 4, 5]
    assert rows[0].prev_hash == "0" * 64
    assert all(later.prev_hash == earlier.row_hash for earlier, later in itertools.pairwise(rows))
    assert rows[2].reason == "" and rows[2].reason_text_id is not None  # the text is kept apart
    assert verdict(organisation) == (5, None)


def test_an_edited_row_is_named_as_the_first_broken_one(organisation: str) -> None:
    row = chain_of(organisation)[3]
    tamper("UPDATE audit_events SET actor_id = 'head-9' WHERE id = :id", id=row.id)
    assert verdict(organisation) == (3, (4, "content_changed"))


def test_a_deleted_row_breaks_the_chain_where_it_was(organisation: str) -> None:
    row = chain_of(organisation)[1]
    tamper("DELETE FROM audit_events WHERE id = :id", id=row.id)
    assert verdict(organisation) == (1, (2, "row_missing_or_moved"))


def test_a_deleted_last_row_is_seen_from_the_chain_head(organisation: str) -> None:
    row = chain_of(organisation)[-1]
    tamper("DELETE FROM audit_events WHERE id = :id", id=row.id)
    assert verdict(organisation) == (4, (5, "rows_missing_at_the_end"))


def test_a_forged_comment_is_found_though_the_row_is_untouched(organisation: str) -> None:
    row = chain_of(organisation)[2]
    tamper("UPDATE audit_texts SET body = 'Всё хорошо' WHERE id = :id", id=row.reason_text_id)
    assert verdict(organisation) == (2, (3, "text_changed"))


def test_a_lawful_erasure_blanks_the_text_and_the_chain_still_verifies(organisation: str) -> None:
    with session_scope() as session:
        assert erase_texts_of(session, ["curator-1"]) >= 1
        session.commit()
    row = chain_of(organisation)[2]
    with session_scope() as session:
        assert readable_texts(session, [row]) == {row.reason_text_id: ERASED_TEXT}
    assert verdict(organisation) == (5, None)


def test_the_command_prints_the_first_broken_row_and_exits_1(
    organisation: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert audit_tool(["verify", "--organisation", organisation]) == 0
    assert f"{organisation}: intact, 5 rows" in capsys.readouterr().out
    row = chain_of(organisation)[0]
    tamper("UPDATE audit_events SET action = 'terminated' WHERE id = :id", id=row.id)
    assert audit_tool(["verify", "--organisation", organisation]) == 1
    assert f"{organisation}: BROKEN at chain row 1 (audit id {row.id}): content_changed" in (
        capsys.readouterr().out
    )


def test_concurrent_appends_of_one_organisation_are_serialised() -> None:
    organisation_id = f"school-{uuid4().hex[:8]}"
    errors: list[BaseException] = []

    def writer(offset: int) -> None:
        try:
            for n in range(10):
                append(organisation_id, offset * 100 + n)
        except BaseException as error:
            errors.append(error)

    threads = [threading.Thread(target=writer, args=(i,)) for i in range(6)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert [r.chain_seq for r in chain_of(organisation_id)] == list(range(1, 61))
    assert verdict(organisation_id) == (60, None)


def test_the_audit_table_is_append_only_on_postgresql(organisation: str) -> None:
    with Session(engine()) as session:
        if session.get_bind().dialect.name != "postgresql":
            pytest.skip("the trigger is PostgreSQL's; the suite runs again on PostgreSQL in .ci/run")
    row = chain_of(organisation)[0]
    for statement in (
        "UPDATE audit_events SET action = 'x' WHERE id = :id",
        "DELETE FROM audit_events WHERE id = :id",
    ):
        with pytest.raises(Exception, match="append-only"), engine().begin() as connection:
            connection.execute(text(statement), {"id": row.id})
    assert verdict(organisation) == (5, None)
