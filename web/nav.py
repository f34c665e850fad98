"""The cabinet's navigation per role, and where each person starts after signing in."""

from __future__ import annotations

from dataclasses import dataclass

from domain.actors import Actor, Role


@dataclass(frozen=True)
class NavItem:
    label: str
    path: str
    current: bool = False


_ITEMS: dict[Role, list[tuple[str, str]]] = {
    Role.CURATOR: [
        ("Сегодня", "/cabinet/today"),
        ("Программы", "/cabinet/programmes"),
        ("Пары", "/cabinet/pairs"),
        ("Участники", "/cabinet/participants"),
        ("Просрочено", "/cabinet/overdue"),
        ("Отчёт мониторинга", "/cabinet/reports/school"),
        ("Приглашения", "/cabinet/invitations"),
        ("Уведомления", "/cabinet/notifications"),
    ],
    Role.HEAD: [
        ("Сегодня", "/cabinet/today"),
        ("Программы", "/cabinet/programmes"),
        ("Пары", "/cabinet/pairs"),
        ("Просрочено", "/cabinet/overdue"),
        ("Отчёт мониторинга", "/cabinet/reports/school"),
        ("Журнал", "/cabinet/audit"),
        ("Уведомления", "/cabinet/notifications"),
    ],
    Role.COORDINATOR: [
        ("Сегодня", "/cabinet/today"),
        ("Район", "/cabinet/district"),
        ("Просрочено", "/cabinet/overdue"),
        ("Сводный отчёт", "/cabinet/reports/district"),
        ("Анкеты", "/cabinet/questionnaires"),
        ("Уведомления", "/cabinet/notifications"),
    ],
    Role.MENTOR: [("Мои пары", "/cabinet/my"), ("Уведомления", "/cabinet/notifications")],
    Role.MENTEE: [("Мои пары", "/cabinet/my"), ("Уведомления", "/cabinet/notifications")],
    Role.ADMIN: [("Приглашения", "/cabinet/invitations"), ("Журнал", "/cabinet/audit")],
}


def start_page(actor: Actor) -> str:
    """Where `/` leads a signed-in person: the first item of their navigation."""
    return _ITEMS[actor.role][0][1]


def navigation(actor: Actor | None, current_path: str) -> list[NavItem]:
    if actor is None:
        return []
    return [
        NavItem(label, path, current_path == path or current_path.startswith(path + "/"))
        for label, path in _ITEMS[actor.role]
    ]
