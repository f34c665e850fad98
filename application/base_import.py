"""Import a programme's mentor or mentee base from XLSX or CSV, row by row through the API's own rules.

Every row is checked with the schemas the API uses (`ParticipantCreate` for the card,
`MentorProfileBody` / `MenteeRequestBody` for the base record) and the same domain rules (an erased
person is not put back in a base; nobody enters a base without the consent to personal-data processing,
a minor's given by the guardian — `personal_data_consent_first`, as for a person added through the API).
A file with any error stores nothing, unless the curator asks to take the valid rows; then the others are
listed as skipped. A row refused only for the missing consent is treated as the API treats that person:
the card is kept (a card needs no consent), the base record is not written — the curator records the
consent on the card and loads the file again. Nothing stored before is removed. A person is matched by
the school's own key («Табельный номер», `external_id`), so importing the same file again creates nobody
twice (004 §5.2).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from uuid import uuid4

from pydantic import BaseModel, ValidationError
from sqlmodel import Session, col, select

from application.pair_forming import stored_consents
from application.participants import with_grade_year
from application.programme_schemas import MenteeRequestBody, MentorProfileBody
from application.programmes import ensure_runs, visible_programme
from application.schemas import ParticipantCreate
from db.models import AuditEvent, MenteeRequest, MentorProfile, Participant
from db.session import utcnow
from documents.bases import CARD, KEY, Base, Column, columns
from documents.sheets import Table, read_table
from documents.validation_ru import reason
from domain.actors import Actor, ensure_may_manage_base
from domain.erasure import ensure_not_erased
from domain.errors import DomainError, InvalidInput
from domain.labels import FORM_LABELS, PARTICIPANT_KIND_LABELS
from domain.mentor_base import personal_data_consent_first
from domain.participants import is_minor

ENUM_LABELS = {"kind": PARTICIPANT_KIND_LABELS, "form": FORM_LABELS}
REQUIRED_HEADERS = {
    Base.MENTORS: ("Табельный номер", "ФИО", "Категория"),
    Base.MENTEES: ("Табельный номер", "ФИО", "Категория", "Запросы"),
}


class RowProblem(BaseModel):
    row: int
    column: str
    field: str
    rule: str
    message: str
    card_saved: bool = False  # the person's card was kept, only the base record was not written


class ImportResult(BaseModel):
    base: Base
    rows: int
    created: int
    updated: int
    unchanged: int
    skipped: list[RowProblem]


class RowsInvalid(InvalidInput):
    """A file with errors in its rows: nothing was stored; every error is listed."""

    def __init__(self, problems: list[RowProblem]) -> None:
        rows = sorted({p.row for p in problems})
        listed = ", ".join(str(r) for r in rows[:10]) + ("…" if len(rows) > 10 else "")
        super().__init__(
            "import_rows_invalid",
            f"Ошибки в строках {listed}: ничего не сохранено. "
            "Исправьте их или загрузите только верные строки.",
            "file",
        )
        self.problems = problems


@dataclass
class _Row:
    number: int
    key: str
    card: ParticipantCreate
    record: MentorProfileBody | MenteeRequestBody


def _body_model(base: Base) -> type[MentorProfileBody] | type[MenteeRequestBody]:
    return MentorProfileBody if base is Base.MENTORS else MenteeRequestBody


def _columns_of(table: Table, base: Base) -> dict[int, Column]:
    """Which file column holds which field; a missing required column refuses the whole file."""
    by_key = {c.key: c for c in columns(base)}
    found = {
        i: by_key[k]
        for i, k in enumerate(Column(h, "", "", str, "").key for h in table.header)
        if k in by_key
    }
    present = {c.header for c in found.values()}
    missing = [h for h in REQUIRED_HEADERS[base] if h not in present]
    if missing:
        raise InvalidInput(
            "columns_missing",
            "В файле нет столбцов: " + ", ".join(f"«{h}»" for h in missing) + ". Возьмите шаблон базы.",
            "file",
            details={"missing": missing},
        )
    return found


def _validate(
    model: type[BaseModel], data: dict[str, Any], number: int, by_field: dict[str, Column]
) -> tuple[Any, list[RowProblem]]:
    try:
        return model.model_validate(data), []
    except ValidationError as error:
        problems = []
        for detail in error.errors():
            field = str(detail["loc"][0]) if detail["loc"] else ""
            column = by_field[field].header if field in by_field else field
            problems.append(
                RowProblem(
                    row=number,
                    column=column,
                    field=field,
                    rule=detail["type"],
                    message=reason(detail, ENUM_LABELS.get(field)),
                )
            )
        return None, problems


def _check_rows(table: Table, base: Base) -> tuple[list[_Row], list[RowProblem]]:
    found = _columns_of(table, base)
    by_field = {c.field: c for c in columns(base)}
    rows: list[_Row] = []
    problems: list[RowProblem] = []
    first_row_of: dict[str, int] = {}
    for number, cells in table.rows:
        parts: dict[str, dict[str, Any]] = {CARD: {}, "record": {}}
        for index, column in found.items():
            raw = cells[index] if index < len(cells) else None
            if raw is not None and str(raw).strip() != "":
                parts[column.part][column.field] = column.parse(raw)
        row_problems: list[RowProblem] = []
        key = parts[CARD].get("external_id")
        if not key:
            row_problems.append(
                RowProblem(
                    row=number,
                    column=KEY.header,
                    field=KEY.field,
                    rule="external_id_required",
                    message="Нужен табельный номер: по нему строка узнаётся при повторной загрузке.",
                )
            )
        elif key in first_row_of:
            row_problems.append(
                RowProblem(
                    row=number,
                    column=KEY.header,
                    field=KEY.field,
                    rule="duplicate_key",
                    message=f"Табельный номер «{key}» уже есть в строке {first_row_of[key]}.",
                )
            )
        else:
            first_row_of[key] = number
        card, card_problems = _validate(ParticipantCreate, parts[CARD], number, by_field)
        record, record_problems = _validate(_body_model(base), parts["record"], number, by_field)
        row_problems += card_problems + record_problems
        if row_problems:
            problems += row_problems
        else:
            rows.append(_Row(number, str(key), card, record))
    return rows, problems


def _people_by_key(session: Session, organisation_id: str, keys: list[str]) -> dict[str, Participant]:
    query = select(Participant).where(
        Participant.organisation_id == organisation_id, col(Participant.external_id).in_(keys)
    )
    return {p.external_id: p for p in session.exec(query) if p.external_id is not None}


def _assign(target: Any, values: dict[str, Any]) -> list[str]:
    """Set what differs; the names of the fields changed."""
    changed = [name for name, value in values.items() if getattr(target, name) != value]
    for name in changed:
        setattr(target, name, values[name])
    return changed


def _without_consent(
    session: Session,
    rows: list[_Row],
    existing: dict[str, Participant],
    problems: list[RowProblem],
    base: Base,
    accept_valid_rows: bool,
) -> set[int]:
    """The numbers of the rows whose person has no consent to personal-data processing (a minor's by the
    guardian, as of the birth date in the row): each is listed by row and name, in the domain's words."""
    stored = stored_consents(session, [p.id for p in existing.values()])
    today = date.today()
    refused: set[int] = set()
    for row in rows:
        person = existing.get(row.key)
        consents = [c for c in stored if person is not None and c.participant_id == person.id]
        try:
            personal_data_consent_first(consents, is_minor(row.card.birth_date, today))
        except DomainError as refusal:
            refused.add(row.number)
            what = refusal.message[0].lower() + refusal.message[1:]
            kept = f" Карточка сохранена, в {BASE_ACCUSATIVE[base]} не включена." if accept_valid_rows else ""
            problems.append(
                RowProblem(
                    row=row.number,
                    column="ФИО",
                    field="consents",
                    rule=refusal.rule,
                    message=f"Строка {row.number}, {row.card.full_name}: {what}{kept}",
                    card_saved=accept_valid_rows,
                )
            )
    return refused


BASE_ACCUSATIVE = {Base.MENTORS: "базу наставников", Base.MENTEES: "базу наставляемых"}


def import_base(
    *,
    session: Session,
    actor: Actor,
    programme_id: str,
    base: Base,
    content: bytes,
    accept_valid_rows: bool = False,
) -> ImportResult:
    """Check every row, then store all of them in one transaction — or none when any is wrong."""
    programme = visible_programme(session, actor, programme_id)
    ensure_runs(actor, programme)
    ensure_may_manage_base(actor, programme.organisation_id)
    table = read_table(content)
    if not table.rows:
        raise InvalidInput("file_empty", "В файле нет ни одной строки с данными.", "file")
    rows, problems = _check_rows(table, base)
    existing = _people_by_key(session, programme.organisation_id, [r.key for r in rows])
    for row in list(rows):
        person = existing.get(row.key)
        try:
            ensure_not_erased(
                person is not None and person.erased_at is not None, person.id if person else ""
            )
        except DomainError as refusal:
            problems.append(
                RowProblem(
                    row=row.number,
                    column=KEY.header,
                    field=KEY.field,
                    rule=refusal.rule,
                    message=refusal.message,
                )
            )
            rows.remove(row)
    cards_only = _without_consent(session, rows, existing, problems, base, accept_valid_rows)
    problems.sort(key=lambda p: p.row)
    if problems and not accept_valid_rows:
        raise RowsInvalid(problems)
    created = updated = unchanged = 0
    created_ids: list[str] = []
    corrected: dict[str, list[str]] = {}  # person → the card's fields the file changed (names, not values)
    model = MentorProfile if base is Base.MENTORS else MenteeRequest
    for row in rows:
        person = existing.get(row.key)
        if person is None:
            person = Participant(
                id=f"person-{uuid4().hex[:12]}",
                organisation_id=programme.organisation_id,
                created_at=utcnow(),
                **with_grade_year(row.card.model_dump()),  # a grade is of the current school year
            )
            session.add(person)
            session.flush()
            card_changed, is_new = True, True
            created_ids.append(person.id)
        else:
            fields = _assign(person, row.card.model_dump())
            card_changed, is_new = bool(fields), False
            if fields:
                corrected[person.id] = fields
            session.add(person)
        if row.number in cards_only:
            continue  # no consent: the card, as the API keeps it; no base record
        record = session.get(model, (programme.id, person.id)) or model(
            programme_id=programme.id, participant_id=person.id
        )
        values = row.record.model_dump()
        if "form" in values and values["form"] is not None:
            values["form"] = values["form"].value
        record_changed = bool(_assign(record, values)) or record not in session
        session.add(record)
        if is_new:
            created += 1
        elif card_changed or record_changed:
            updated += 1
        else:
            unchanged += 1
    result = ImportResult(
        base=base,
        rows=len(table.rows),
        created=created,
        updated=updated,
        unchanged=unchanged,
        skipped=problems,
    )
    key = f"import-{uuid4().hex}"
    session.add(
        AuditEvent(  # ids and facts only: which people the file created or corrected, never names
            event_key=key,
            workflow_id=key,
            seq=1,
            subject_type="programme",
            subject_id=programme.id,
            organisation_id=programme.organisation_id,
            action="base_imported",
            actor_id=actor.user_id,
            actor_role=actor.role.value,
            at=utcnow(),
            details=result.model_dump(
                mode="json", include={"base", "rows", "created", "updated", "unchanged"}
            )
            | {"skipped_rows": [p.row for p in problems], "created_ids": created_ids, "corrected": corrected},
        )
    )
    session.commit()
    return result
