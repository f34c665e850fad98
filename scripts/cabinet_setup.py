"""The cabinet on the embedded system: the local operator's sign-in link, and (asked for) a demo school.

Run by `make run` once the API answers (scripts/run_local.py); `make run DEMO=1` adds `--demo`. Only in
local mode: the demo's people share one known password, which must never exist anywhere else.
"""

from __future__ import annotations

import argparse
import os
import sys
from datetime import date, timedelta
from typing import Any

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from sqlmodel import Session, col, select

from api.auth import hash_token, new_token
from config import settings
from db import web_accounts
from db.models import Organisation, User
from db.session import engine, utcnow
from db.web_models import WebAccount
from domain.calendar import add_months
from domain.monitoring import academic_year_of
from web import accounts

OPERATOR_ID = "local-operator"
DEMO_SCHOOL = "demo-school-7"
DEMO_PASSWORD = "nastavnik-demo"  # local mode only
CONSENT = "Согласие на участие в программе наставничества и на обработку персональных данных (152-ФЗ)."


def operator_sign_in() -> str:
    """The line telling the person how the local operator signs in: a one-time link until a password is
    set, then the login."""
    with Session(engine(), expire_on_commit=False) as session:
        operator = session.get(User, OPERATOR_ID)
        if operator is None:
            operator = User(
                id=OPERATOR_ID,
                token_hash=hash_token(new_token()),
                role="admin",
                display_name="Оператор сервиса",
            )
            session.add(operator)
            session.commit()
        account = session.get(WebAccount, OPERATOR_ID)
        if account is not None and account.closed_at is None:
            return f"cabinet: {settings.public_url}/sign-in — the operator's login is «{account.login}»"
        token = web_accounts.invite(session, operator, "make-run", utcnow())
        link = f"{settings.public_url}/invite/{token}"
        return f"cabinet: the local operator sets a password here (one-time link): {link}"


def _account(session: Session, user_id: str, login: str) -> None:
    user = session.get(User, user_id)
    assert user is not None
    if session.get(WebAccount, user_id) is None:
        token = web_accounts.invite(session, user, "demo", utcnow())
        accounts.accept_invitation(session, token, login, DEMO_PASSWORD, DEMO_PASSWORD, utcnow())


class Api:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=60)
        self.admin = {"Authorization": f"Bearer {settings.admin_token}"}

    def call(self, method: str, path: str, headers: dict[str, str], body: Any = None) -> Any:
        response = self.http.request(method, path, headers=headers, json=body)
        if response.status_code >= 400:
            raise SystemExit(f"demo: {method} {path} → {response.status_code}: {response.text}")
        return response.json()

    def user(self, role: str, name: str, **fields: str) -> tuple[str, dict[str, str]]:
        made = self.call("POST", "/admin/users", self.admin, {"role": role, "display_name": name, **fields})
        return made["id"], {"Authorization": f"Bearer {made['token']}"}


def seed_demo(base_url: str) -> list[str]:
    """A school with its head, curator, mentors and mentees (all with cabinet logins), a programme and
    pairs at different stages. Returns the lines to print; does nothing twice."""
    with Session(engine(), expire_on_commit=False) as session:
        if session.get(Organisation, DEMO_SCHOOL) is not None:
            return _demo_lines(session)
    api = Api(base_url)
    api.call(
        "POST",
        "/admin/organisations",
        api.admin,
        {"id": DEMO_SCHOOL, "name": "МБОУ «СОШ №7»", "district": "Демо-район"},
    )
    head_id, _ = api.user("head", "Орлов Игорь Васильевич", organisation_id=DEMO_SCHOOL)
    curator_id, curator = api.user("curator", "Смирнова Анна Петровна", organisation_id=DEMO_SCHOOL)
    coordinator_id, _ = api.user("coordinator", "Белова Ольга Николаевна", district="Демо-район")
    today = date.today()
    api.call(
        "POST",
        "/programmes",
        curator,
        {"title": "Ученик–ученик", "academic_year": academic_year_of(today), "forms": ["student_student"]},
    )
    people: list[tuple[str, str, str]] = []  # (participant, role, login)

    def person(role: str, login: str, **fields: Any) -> str:
        made = api.call("POST", "/participants", curator, fields)
        people.append((made["id"], role, login))
        return str(made["id"])

    mentors = [
        person(
            "mentor",
            "mentor1@demo",
            kind="pupil",
            full_name="Орлов Никита",
            birth_date="2010-02-11",
            grade=10,
        ),
        person(
            "mentor",
            "mentor2@demo",
            kind="pupil",
            full_name="Зайцева Мария",
            birth_date="2009-06-20",
            grade=11,
        ),
    ]
    mentees = [
        person(
            "mentee",
            "mentee1@demo",
            kind="pupil",
            full_name="Лебедева Катя",
            birth_date="2014-09-30",
            grade=6,
        ),
        person(
            "mentee", "mentee2@demo", kind="pupil", full_name="Соколов Петя", birth_date="2014-01-15", grade=6
        ),
    ]
    start, end = today, add_months(today, 8)
    pairs = []
    for mentor, mentee in zip(mentors, mentees, strict=True):
        pairs.append(
            api.call(
                "POST",
                "/pairs",
                curator,
                {
                    "form": "student_student",
                    "role_model": "успевающий — неуспевающий",
                    "mentor_ids": [mentor],
                    "mentee_ids": [mentee],
                    "planned_start": start.isoformat(),
                    "planned_end": end.isoformat(),
                },
            )["id"]
        )
    # The first pair goes on to design: consents given by the guardians, the order signed.
    for participant, guardian in (
        (mentors[0], "Орлова Елена Сергеевна"),
        (mentees[0], "Лебедев Андрей Игоревич"),
    ):
        for kind in ("participation", "personal_data"):
            api.call(
                "POST",
                f"/participants/{participant}/consents",
                curator,
                {
                    "kind": kind,
                    "given_by": "guardian",
                    "guardian_name": guardian,
                    "text_accepted": CONSENT,
                    "signed_at": f"{(today - timedelta(days=1)).isoformat()}T09:00:00Z",
                },
            )
    api.call("POST", f"/pairs/{pairs[0]}/order", curator, {"number": "112-о", "signed_on": today.isoformat()})
    api.call("POST", f"/pairs/{pairs[0]}/transitions", curator, {"to_stage": "design"})
    with Session(engine(), expire_on_commit=False) as session:
        _account(session, head_id, "head@demo")
        _account(session, curator_id, "curator@demo")
        _account(session, coordinator_id, "coordinator@demo")
        for participant, role, login in people:
            user_id, _ = api.user(
                role, _name(session, participant), organisation_id=DEMO_SCHOOL, participant_id=participant
            )
            _account(session, user_id, login)
        return _demo_lines(session)


def _name(session: Session, participant_id: str) -> str:
    from db.models import Participant

    person = session.get(Participant, participant_id)
    return person.full_name if person else participant_id


def _demo_lines(session: Session) -> list[str]:
    rows = session.exec(
        select(WebAccount, User)
        .join(User, col(User.id) == col(WebAccount.user_id))
        .where(col(WebAccount.login).like("%@demo"))
    ).all()
    lines = [
        f"demo school «МБОУ «СОШ №7»»: sign in at {settings.public_url}/sign-in, password «{DEMO_PASSWORD}»:"
    ]
    lines += [
        f"  {account.login:<18} {user.display_name} ({user.role})"
        for account, user in sorted(rows, key=lambda r: r[0].login)
    ]
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--demo", action="store_true", help="seed a demo school with people who can sign in")
    parser.add_argument("--api", default=None, help="the running API (default: NASTAVNIK_PUBLIC_URL)")
    args = parser.parse_args(argv)
    if settings.environment != "local":
        print("cabinet_setup: only on the embedded local system (NASTAVNIK_ENVIRONMENT=local)")
        return 1
    print(f"[run_local] {operator_sign_in()}", flush=True)
    if args.demo:
        for line in seed_demo(args.api or settings.public_url):
            print(f"[run_local] {line}", flush=True)
    return 0


if __name__ == "__main__":
    status = main()
    sys.stdout.flush()
    os._exit(status)
