"""Demo against the running system (`make run`): one pupil pair through all five stages, one teacher–teacher
group terminated early, then the audit trail. Run: `make demo`."""

from __future__ import annotations

import os
import sys
from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any
from uuid import uuid4

import httpx

sys.path.insert(0, os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
from config import settings
from domain.calendar import add_months
from domain.labels import ROLE_LABELS, stage_label

CONSENT_TEXT = "Согласие на участие в программе наставничества и на обработку персональных данных (152-ФЗ)."


class Demo:
    def __init__(self, base_url: str) -> None:
        self.http = httpx.Client(base_url=base_url, timeout=30)
        self.admin = {"Authorization": f"Bearer {settings.admin_token}"}
        self.curator: dict[str, str] = {}

    def call(self, method: str, path: str, headers: dict[str, str], body: Any = None, **params: Any) -> Any:
        response = self.http.request(method, path, headers=headers, json=body, params=params or None)
        if response.status_code >= 400:
            raise SystemExit(f"{method} {path} → {response.status_code}: {response.text}")
        return response.json()

    def token(self, role: str, name: str, **fields: str) -> dict[str, str]:
        body = {"role": role, "display_name": name, **fields}
        return {"Authorization": f"Bearer {self.call('POST', '/admin/users', self.admin, body)['token']}"}

    def person(self, **fields: Any) -> str:
        return str(self.call("POST", "/participants", self.curator, fields)["id"])

    def consents(self, participant_id: str, guardian: str | None = None) -> None:
        for kind in ("participation", "personal_data"):
            body = {
                "kind": kind,
                "given_by": "guardian" if guardian else "self",
                "guardian_name": guardian,
                "text_accepted": CONSENT_TEXT,
                "signed_at": f"{date.today().isoformat()}T09:00:00Z",
            }
            self.call("POST", f"/participants/{participant_id}/consents", self.curator, body)

    def assess(self, pair_id: str, participant_id: str, phase: str, scores: Mapping[str, float]) -> None:
        body = {"participant_id": participant_id, "phase": phase, "scores": dict(scores)}
        self.call("POST", f"/pairs/{pair_id}/assessments", self.curator, body)

    def command(
        self, pair_id: str, path: str, body: dict[str, Any], who: dict[str, str] | None = None
    ) -> Any:
        pair = self.call("POST", f"/pairs/{pair_id}/{path}", who or self.curator, body)
        print(f"  {path:<22} → этап «{stage_label(pair['stage'])}»")
        return pair


def main() -> None:
    demo = Demo(os.environ.get("NASTAVNIK_DEMO_URL", settings.public_url))
    health = demo.http.get("/health")
    if health.status_code != 200:
        raise SystemExit(f"Система не готова ({health.status_code}): {health.text}. Запустите `make run`.")
    school = f"school-{uuid4().hex[:6]}"
    demo.call(
        "POST", "/admin/organisations", demo.admin, {"id": school, "name": "МБОУ СОШ №7", "district": "demo"}
    )
    demo.curator = demo.token("curator", "Куратор Смирнова О. В.", organisation_id=school)
    today = date.today()
    start, end = today, add_months(today, 8)

    print(f"Школа {school}: пара «ученик–ученик»")
    mentor = demo.person(kind="pupil", full_name="Орлов Никита", birth_date="2010-02-11", grade=10)
    mentee = demo.person(kind="pupil", full_name="Лебедева Катя", birth_date="2014-09-30", grade=6)
    mentor_token = demo.token("mentor", "Орлов Никита", organisation_id=school, participant_id=mentor)
    pair = demo.call(
        "POST",
        "/pairs",
        demo.curator,
        {
            "form": "student_student",
            "role_model": "успевающий — неуспевающий",
            "mentor_ids": [mentor],
            "mentee_ids": [mentee],
            "planned_start": start.isoformat(),
            "planned_end": end.isoformat(),
        },
    )
    pair_id = pair["id"]
    refused = demo.http.post(
        f"/pairs/{pair_id}/transitions", headers=demo.curator, json={"to_stage": "design"}
    )
    print(f"  без согласий: {refused.status_code} — {refused.json()['detail']}")
    demo.consents(mentor, guardian="Орлова Елена Сергеевна")
    demo.consents(mentee, guardian="Лебедев Андрей Игоревич")
    for who, scores in (
        (mentor, {"уверенность": 3, "вовлечённость": 4}),
        (mentee, {"уверенность": 2, "вовлечённость": 2}),
    ):
        demo.assess(pair_id, who, "entry", scores)
    demo.command(pair_id, "order", {"number": "112-о", "signed_on": today.isoformat()})
    demo.command(pair_id, "transitions", {"to_stage": "design"})
    plan = {
        "goals": ["Повысить оценку по математике до «4»", "Освоить приёмы самоподготовки"],
        "schedule": [(start + timedelta(days=14 * i)).isoformat() for i in range(1, 13)],
        "cadence_days": 14,
        "format": "mixed",
        "starts_on": start.isoformat(),
        "ends_on": end.isoformat(),
    }
    demo.command(pair_id, "plan", plan)
    demo.command(pair_id, "transitions", {"to_stage": "implementation"})
    for kind in ("regular", "final"):
        meeting = {"kind": kind, "held_on": today.isoformat(), "format": "in_person"}
        demo.command(pair_id, "meetings", meeting, who=mentor_token)
    demo.command(pair_id, "transitions", {"to_stage": "reflective"})
    for who, scores in (
        (mentor, {"уверенность": 4, "вовлечённость": 5}),
        (mentee, {"уверенность": 4, "вовлечённость": 4}),
    ):
        demo.assess(pair_id, who, "exit", scores)
    demo.command(pair_id, "reflections", {"kind": "mentor_report", "text": "План выполнен, оценка выросла."})
    demo.command(pair_id, "reflections", {"kind": "mentee_reflection", "text": "Стала увереннее на уроках."})
    demo.command(pair_id, "transitions", {"to_stage": "result"})
    demo.command(pair_id, "transitions", {"to_stage": "completed", "comment": "Программа завершена"})

    comparison = demo.call("GET", f"/pairs/{pair_id}/assessments/comparison", demo.curator)
    for row in comparison["by_parameter"]:
        print(
            f"  диагностика «{row['parameter']}»: вход {row['entry']}, выход {row['exit']}, "
            f"изменение {row['change']:+}"
        )

    print("Группа «учитель–учитель», досрочное завершение")
    lead = demo.person(kind="teacher", full_name="Кузнецова Ирина Павловна", years_of_experience=22)
    young = [
        demo.person(kind="teacher", full_name=name, years_of_experience=years)
        for name, years in (("Новиков Артём", 0.5), ("Фёдорова Дарья", 1), ("Волков Максим", 2))
    ]
    group = demo.call(
        "POST",
        "/pairs",
        demo.curator,
        {
            "form": "teacher_teacher",
            "kind": "group",
            "role_model": "опытный педагог — молодой специалист",
            "mentor_ids": [lead],
            "mentee_ids": young,
            "planned_start": start.isoformat(),
            "planned_end": end.isoformat(),
        },
    )
    demo.command(
        group["id"],
        "termination",
        {"reason": "mutual_decision", "comment": "Наставник переведён в другую школу"},
    )

    print("\nЖурнал аудита:")
    audit = demo.call("GET", "/audit", demo.curator, limit=200)
    for event in audit["items"]:
        moved = (
            f"{event['from_stage']} → {event['to_stage']}" if event["from_stage"] != event["to_stage"] else ""
        )
        who = ROLE_LABELS.get(event["actor_role"], event["actor_role"])
        print(
            f"  {event['at'][:19]} {event['subject_id']} #{event['seq']:<2} "
            f"{event['action']:<20} {moved:<28} {who}"
        )
    print(f"\nВсего событий: {audit['total']}. Документация API: {settings.public_url}/docs")


if __name__ == "__main__":
    main()
