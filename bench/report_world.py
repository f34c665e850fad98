"""A district written straight into the database, as a year of work would leave it: schools with their
curator, head and programme; pairs of three forms at every stage; a year of meetings; two monitoring
rounds with questionnaires answered against their pinned versions (some owed, some escalated); entry and
exit assessments; coverage figures; a SWOT per programme and round. Used by the reports' tests and by
bench/bench_reports.py — no Temporal is needed to build reports.

Every person's name is unique in the district, so a test can tell whose pupil appears where.
"""

from __future__ import annotations

import hashlib
import random
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import insert
from sqlmodel import Session

from api.auth import hash_token
from db.models import (
    Assessment,
    Meeting,
    MenteeRequest,
    MentorProfile,
    Organisation,
    OverdueItemRow,
    Pair,
    PairMember,
    Participant,
    PlanDocument,
    Programme,
    QuestionnaireAnswer,
    User,
)
from db.questionnaire_store import pin_round
from db.report_models import CoverageSettings, QuestionnaireVersion, SwotAnalysis
from domain.coverage import DEFAULT_PUPIL_TARGETS, DEFAULT_TEACHER_TARGETS
from domain.monitoring import MonitoringSettings, rounds_of_year
from domain.questionnaires import QuestionKind, QuestionnaireContent, Respondent
from domain.school_calendar import SchoolCalendar

YEAR = "2025/26"  # a finished school year: both rounds are past, lateness shows
ROUNDS = rounds_of_year(YEAR, MonitoringSettings(), SchoolCalendar())
SURNAMES = [
    "Иванов", "Смирнов", "Кузнецов", "Попов", "Васильев", "Петров", "Соколов", "Михайлов", "Новиков",
    "Фёдоров", "Морозов", "Волков", "Алексеев", "Лебедев", "Семёнов", "Егоров", "Павлов", "Козлов",
    "Степанов", "Николаев", "Орлов", "Андреев", "Макаров", "Никитин", "Захаров", "Зайцев", "Соловьёв",
    "Борисов", "Яковлев", "Григорьев",
]  # fmt: skip
NAMES = [
    "Александр", "Дмитрий", "Максим", "Сергей", "Андрей", "Алексей", "Артём", "Илья", "Кирилл", "Михаил",
    "Никита", "Матвей", "Роман", "Егор", "Арсений", "Иван", "Денис", "Евгений", "Даниил", "Тимофей",
    "Владислав", "Игорь", "Владимир", "Павел", "Руслан", "Марк", "Константин", "Тимур", "Олег", "Ярослав",
]  # fmt: skip
PATRONYMICS = [
    "Александрович", "Дмитриевич", "Сергеевич", "Андреевич", "Алексеевич", "Иванович", "Михайлович",
    "Николаевич", "Петрович", "Викторович", "Олегович", "Павлович", "Юрьевич", "Владимирович", "Игоревич",
    "Евгеньевич", "Романович", "Борисович", "Васильевич", "Геннадьевич", "Константинович", "Максимович",
    "Фёдорович", "Львович", "Ильич",
]  # fmt: skip
OPEN_TEXTS = [
    "Встречи помогают разобраться в сложных темах",
    "Не всегда удаётся найти время для встречи",
    "Хотелось бы больше практических заданий",
    "Наставник всегда на связи",
    "Появилась уверенность на уроках",
    "Нужна помощь с подготовкой к олимпиаде",
]
CURATOR_NAMES = ["Анна Сергеевна", "Елена Викторовна", "Ольга Ивановна", "Татьяна Петровна", "Ирина Юрьевна",
                 "Наталья Олеговна", "Светлана Игоревна", "Марина Павловна"]  # fmt: skip
PARAMETERS = ["вовлечённость", "самооценка", "тревожность", "успеваемость"]
TERMINATIONS = ["mentee_initiative", "mutual_decision", "mentor_initiative", "plan_fulfilled_early"]


def on(month: int, day: int) -> date:
    """A day of the seeded school year: September–December in its first year, the rest in its second."""
    first = int(YEAR[:4])
    return date(first if month >= 9 else first + 1, month, day)


def person_name(n: int) -> str:
    """The n-th name of the district: unique for n < 22 500."""
    surname, rest = SURNAMES[n % 30], n // 30
    return f"{surname} {NAMES[rest % 30]} {PATRONYMICS[(rest // 30) % 25]}"


def token_of(user_id: str) -> str:
    """A user's bearer token (ASCII, whatever the district is called)."""
    return "token-" + hashlib.sha256(user_id.encode()).hexdigest()[:24]


@dataclass
class SchoolSeed:
    organisation_id: str
    name: str
    programme_id: str
    curator_id: str
    head_id: str
    pupil_names: set[str] = field(default_factory=set)
    pair_ids: list[str] = field(default_factory=list)

    def headers(self, who: str = "curator") -> dict[str, str]:
        user = self.curator_id if who == "curator" else self.head_id
        return {"Authorization": f"Bearer {token_of(user)}"}


@dataclass
class DistrictSeed:
    district: str
    coordinator_id: str
    schools: list[SchoolSeed]

    def coordinator(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {token_of(self.coordinator_id)}"}


def _at(day: date) -> datetime:
    return datetime(day.year, day.month, day.day, 9, tzinfo=UTC)


def _answer(content: QuestionnaireContent, rng: random.Random, mood: int) -> dict[str, Any]:
    answers: dict[str, Any] = {}
    for q in content.questions:
        if q.kind is QuestionKind.SCALE:
            answers[q.id] = max(q.scale_min, min(q.scale_max, mood + rng.randint(-1, 1)))
        elif q.kind is QuestionKind.CLOSED:
            answers[q.id] = [rng.choice(q.options)] if q.multiple else rng.choice(q.options)
        elif rng.random() < 0.5:
            answers[q.id] = rng.choice(OPEN_TEXTS)
    return answers


class _Rows:
    """Rows gathered per table and written with one multi-row insert each."""

    def __init__(self) -> None:
        self.by_table: dict[Any, list[dict[str, Any]]] = {}

    def add(self, model: Any, **values: Any) -> None:
        self.by_table.setdefault(model, []).append(values)

    def write(self, session: Session) -> None:
        order = [
            Participant, User, Programme, MentorProfile, MenteeRequest, Pair, PairMember, PlanDocument,
            Meeting, OverdueItemRow, QuestionnaireAnswer, Assessment, CoverageSettings, SwotAnalysis,
        ]  # fmt: skip
        for model in order:
            rows = self.by_table.get(model, [])
            for start in range(0, len(rows), 5000):
                session.execute(insert(model), rows[start : start + 5000])


def seed_district(
    session: Session, district: str, schools: int, pairs_per_school: int, seed: int = 7, late_every: int = 4
) -> DistrictSeed:
    """Write the district; every `late_every`-th school leaves many questionnaires of the May round owed."""
    rng = random.Random(seed)
    rows = _Rows()
    now = _at(ROUNDS[-1].due_on + timedelta(days=3))
    created = _at(on(9, 1))
    coordinator_id = f"{district}-coordinator"
    rows.add(
        User,
        id=coordinator_id,
        token_hash=hash_token(token_of(coordinator_id)),
        role="coordinator",
        display_name="Координатор Орлова Е. В.",
        organisation_id=None,
        district=district,
        participant_id=None,
    )
    # The shipped versions, pinned for each school's rounds (as `open_round` does).
    contents: dict[Respondent, tuple[str, QuestionnaireContent]] = {}
    result = DistrictSeed(district=district, coordinator_id=coordinator_id, schools=[])
    person = 0
    # The schools first: the rounds' pins point to them.
    session.execute(
        insert(Organisation),
        [
            {"id": f"{district}-s{s + 1:02d}", "name": f"МБОУ СОШ № {s + 1}", "district": district}
            for s in range(schools)
        ],
    )
    session.commit()
    for s in range(schools):
        org = f"{district}-s{s + 1:02d}"
        school = SchoolSeed(
            organisation_id=org,
            name=f"МБОУ СОШ № {s + 1}",
            programme_id=f"{org}-programme",
            curator_id=f"{org}-curator",
            head_id=f"{org}-head",
        )
        result.schools.append(school)
        for uid, role, name in (
            (school.curator_id, "curator", f"{SURNAMES[(7 * s) % 30]}а {CURATOR_NAMES[s % 8]}"),
            (school.head_id, "head", f"Директор школы № {s + 1}"),
        ):
            rows.add(
                User,
                id=uid,
                token_hash=hash_token(token_of(uid)),
                role=role,
                display_name=name,
                organisation_id=org,
                district=None,
                participant_id=None,
            )
        rows.add(
            Programme,
            id=school.programme_id,
            workflow_id=f"programme-{school.programme_id}",
            organisation_id=org,
            district=district,
            title=f"Программа наставничества {YEAR}",
            academic_year=YEAR,
            training_required=True,
            stage="implementation",
            stage_since=_at(on(11, 1)),
            curator_id=school.curator_id,
            forms=["student_student", "teacher_teacher", "teacher_student"],
            completion=[],
            last_seq=0,
            created_at=created,
            updated_at=created,
        )
        rows.add(
            CoverageSettings,
            organisation_id=org,
            academic_year=YEAR,
            pupils_total=rng.randint(350, 900),
            teachers_total=rng.randint(40, 80),
            pupil_targets={str(k): v for k, v in DEFAULT_PUPIL_TARGETS.items()},
            teacher_targets={str(k): v for k, v in DEFAULT_TEACHER_TARGETS.items()},
            updated_by=school.curator_id,
            updated_at=created,
        )
        members_by_pair: list[tuple[str, list[tuple[str, str, str]], str]] = []
        for p in range(pairs_per_school):
            pair_id = f"{org}-p{p + 1:03d}"
            school.pair_ids.append(pair_id)
            form = ("student_student", "student_student", "teacher_teacher", "teacher_student")[p % 4]
            kinds = {"student_student": ("pupil", "pupil"), "teacher_teacher": ("teacher", "teacher")}.get(
                form, ("teacher", "pupil")
            )
            members = []
            for role, kind in zip(("mentor", "mentee"), kinds, strict=True):
                pid = f"{pair_id}-{role}"
                name = person_name(person)
                person += 1
                if kind == "pupil":
                    school.pupil_names.add(name)
                rows.add(
                    Participant,
                    id=pid,
                    organisation_id=org,
                    kind=kind,
                    full_name=name,
                    birth_date=date(2011, 1 + p % 12, 1) if kind == "pupil" else None,
                    grade=(10 if role == "mentor" else 6) if kind == "pupil" else None,
                    years_of_experience=None if kind == "pupil" else (15.0 if role == "mentor" else 1.0),
                    new_hire=False,
                    stated_difficulty=False,
                    created_at=created,
                )
                rows.add(PairMember, pair_id=pair_id, participant_id=pid, role=role)
                members.append((pid, role, kind))
                if role == "mentor":
                    rows.add(
                        MentorProfile,
                        programme_id=school.programme_id,
                        participant_id=pid,
                        competences=["математика", "адаптация в коллективе"],
                        capacity=1,
                        questionnaire_on=on(9, 10),
                        interview_on=on(9, 15),
                        trained_on=on(9, 25) if p % 5 else None,
                    )
                else:
                    rows.add(
                        MenteeRequest,
                        programme_id=school.programme_id,
                        participant_id=pid,
                        requests=["математика"],
                        mentors_needed=1,
                        form=form,
                    )
            roll = rng.random()
            stage, reason, ended = "implementation", None, None
            if roll < 0.08:
                stage = "design"
            elif roll < 0.18:
                stage, ended = "completed", on(5, 14)
            elif roll < 0.26:
                stage, reason = "terminated", TERMINATIONS[p % len(TERMINATIONS)]
                ended = on(11, 2) + timedelta(days=rng.randint(0, 150))
            start = on(10, 1) + timedelta(days=rng.randint(0, 20))
            meetings = []
            if stage != "design":
                day = start + timedelta(days=7)
                while day < (ended or on(5, 15)):
                    meetings.append(day)
                    day += timedelta(days=14)
            for n, day in enumerate(meetings):
                kind = (
                    "introduction"
                    if n == 0
                    else ("final" if stage == "completed" and n == len(meetings) - 1 else "regular")
                )
                rows.add(
                    Meeting,
                    id=f"{pair_id}-m{n}",
                    pair_id=pair_id,
                    workflow_id=f"pair-{pair_id}",
                    seq=n + 10,
                    kind=kind,
                    held_on=day,
                    format="in_person",
                    duration_minutes=45,
                    recorded_by=school.curator_id,
                )
            rows.add(
                Pair,
                id=pair_id,
                workflow_id=f"pair-{pair_id}",
                organisation_id=org,
                district=district,
                programme_id=school.programme_id,
                form=form,
                kind="traditional",
                role_model="",
                planned_start=start,
                planned_end=on(5, 20),
                stage=stage,
                stage_since=_at(ended or start),
                last_seq=len(meetings) + 10,
                order_number=f"{s + 1}-н",
                order_date=on(9, 28),
                termination_reason=reason,
                meetings_held=len(meetings),
                last_meeting_on=meetings[-1] if meetings else None,
                created_at=_at(start - timedelta(days=10)),
                updated_at=now,
            )
            members_by_pair.append((pair_id, members, form))
            if stage != "design":
                rows.add(
                    PlanDocument,
                    id=f"{pair_id}-plan",
                    pair_id=pair_id,
                    goals=["Повысить успеваемость по математике"],
                    schedule=[(start + timedelta(days=7 + 14 * n)).isoformat() for n in range(16)],
                    cadence_days=14,
                    format="in_person",
                    starts_on=start,
                    ends_on=on(5, 20),
                    created_by=school.curator_id,
                    created_at=_at(start),
                )
            if stage == "implementation" and rng.random() < 0.06:
                level = rng.choice(["owner", "curator", "head", "coordinator"])
                rows.add(
                    OverdueItemRow,
                    item_id=f"no_meeting-{pair_id}",
                    kind="no_meeting",
                    organisation_id=org,
                    district=district,
                    programme_id=school.programme_id,
                    pair_id=pair_id,
                    round_id=None,
                    owner_participant_id=members[0][0],
                    owner_user_id=None,
                    opens_on=None,
                    due_on=on(4, 1),
                    level=level,
                    level_since=_at(on(4, 2)),
                    created_at=created,
                )
            for pid, role, _kind in members:
                if role != "mentee":
                    continue
                entry = {name: float(rng.randint(3, 7)) for name in PARAMETERS}
                rows.add(
                    Assessment,
                    id=f"{pid}-entry",
                    pair_id=pair_id,
                    participant_id=pid,
                    phase="entry",
                    scores=entry,
                    submitted_by=school.curator_id,
                    submitted_at=_at(start),
                )
                if stage == "completed":
                    exit_ = {k: v + rng.choice([-1, 0, 1, 1, 2]) for k, v in entry.items()}
                    rows.add(
                        Assessment,
                        id=f"{pid}-exit",
                        pair_id=pair_id,
                        participant_id=pid,
                        phase="exit",
                        scores=exit_,
                        submitted_by=school.curator_id,
                        submitted_at=_at(on(5, 10)),
                    )
        for number, round_ in enumerate(ROUNDS):
            pins = pin_round(session, org, district, round_.round_id)
            for respondent, version_id in pins.items():
                if respondent not in contents:
                    version = session.get(QuestionnaireVersion, version_id)
                    assert version is not None
                    contents[respondent] = (
                        version_id,
                        QuestionnaireContent.model_validate(
                            {"title": version.title, "questions": version.questions}
                        ),
                    )
            late = number == len(ROUNDS) - 1 and s % late_every == late_every - 1
            owed_share = 0.45 if late else 0.0
            for pair_id, members, _form in members_by_pair:
                for pid, role, kind in members:
                    respondent = (
                        Respondent.MENTOR
                        if role == "mentor"
                        else Respondent.MENTEE_PUPIL
                        if kind == "pupil"
                        else Respondent.MENTEE_TEACHER
                    )
                    item_id = f"questionnaire-{round_.round_id}-{pair_id}-{pid}"
                    answered = rng.random() >= owed_share
                    rows.add(
                        OverdueItemRow,
                        item_id=item_id,
                        kind="questionnaire",
                        organisation_id=org,
                        district=district,
                        programme_id=school.programme_id,
                        pair_id=pair_id,
                        round_id=round_.round_id,
                        owner_participant_id=pid,
                        owner_user_id=None,
                        opens_on=round_.opens_on,
                        due_on=round_.due_on,
                        level=None if answered else "coordinator",
                        level_since=None if answered else _at(round_.due_on + timedelta(days=14)),
                        settled_at=_at(round_.due_on - timedelta(days=2)) if answered else None,
                        settled_by=school.curator_id if answered else None,
                        created_at=_at(round_.opens_on),
                    )
                    if answered:
                        version_id, content = contents[respondent]
                        rows.add(
                            QuestionnaireAnswer,
                            id=f"answers-{item_id}",
                            item_id=item_id,
                            round_id=round_.round_id,
                            organisation_id=org,
                            pair_id=pair_id,
                            participant_id=pid,
                            answers=_answer(content, rng, rng.randint(2, 5)),
                            questionnaire_version_id=version_id,
                            submitted_by=school.curator_id,
                            submitted_at=_at(round_.due_on - timedelta(days=2)),
                        )
            version_id, content = contents[Respondent.CURATOR]
            curator_item = f"questionnaire-{round_.round_id}-{org}-curator"
            rows.add(
                OverdueItemRow,
                item_id=curator_item,
                kind="questionnaire",
                organisation_id=org,
                district=district,
                programme_id=None,
                pair_id=None,
                round_id=round_.round_id,
                owner_participant_id=None,
                owner_user_id=school.curator_id,
                opens_on=round_.opens_on,
                due_on=round_.due_on,
                level=None,
                level_since=None,
                settled_at=_at(round_.due_on),
                settled_by=school.curator_id,
                created_at=_at(round_.opens_on),
            )
            rows.add(
                QuestionnaireAnswer,
                id=f"answers-{curator_item}",
                item_id=curator_item,
                round_id=round_.round_id,
                organisation_id=org,
                pair_id=None,
                participant_id=None,
                answers=_answer(content, rng, 4),
                questionnaire_version_id=version_id,
                submitted_by=school.curator_id,
                submitted_at=_at(round_.due_on),
            )
            rows.add(
                SwotAnalysis,
                id=f"swot-{org}-{round_.round_id}",
                organisation_id=org,
                programme_id=school.programme_id,
                round_id=round_.round_id,
                version=1,
                strengths=["Регулярные встречи в большинстве пар", "Высокая вовлечённость наставников"],
                weaknesses=["Не все наставники прошли обучение"],
                opportunities=["Привлечь выпускников в базу наставников"],
                threats=["Нагрузка педагогов в конце четверти"],
                written_by=school.curator_id,
                written_at=_at(round_.due_on),
            )
    rows.write(session)
    session.commit()
    return result
