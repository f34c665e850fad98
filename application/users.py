"""Setting up schools and the people who use the system (tokens for the API, invitations for the
cabinet): called by the operator's JSON routes, the cabinet's invitation pages and `make run`."""

from __future__ import annotations

from datetime import datetime
from uuid import uuid4

from sqlmodel import Session, col, select

from application.schemas import OrganisationCreate, UserCreate
from db.audit_chain import audit_change
from db.models import Organisation, Participant, User
from db.notification_models import Notification, NotificationAddress
from db.session import utcnow
from db.tokens import hash_token, new_token
from db.web_accounts import invite as new_invitation
from db.web_models import Invitation, WebAccount
from domain.actors import Actor, Role
from domain.errors import Forbidden, GuardRefused, InvalidInput

# Who invites whom into the cabinet: the operator a school's head and curator (and a coordinator), the
# curator the mentors and mentees of the school.
INVITES: dict[Role, frozenset[str]] = {
    Role.ADMIN: frozenset({"head", "curator", "coordinator"}),
    Role.CURATOR: frozenset({"mentor", "mentee"}),
}


def create_organisation(session: Session, body: OrganisationCreate) -> Organisation:
    if session.get(Organisation, body.id) is not None:
        raise GuardRefused("organisation_exists", "Организация с таким id уже есть.", "id")
    organisation = Organisation(id=body.id, name=body.name, district=body.district)
    session.add(organisation)
    session.commit()
    return organisation


def create_user(session: Session, body: UserCreate) -> tuple[User, str]:
    """A user of the role, with an API token (returned once, stored as its hash)."""
    organisation = session.get(Organisation, body.organisation_id) if body.organisation_id else None
    if body.role == "coordinator":
        if not body.district:
            raise InvalidInput("coordinator_district", "Укажите район координатора.", "district")
    elif organisation is None:
        raise InvalidInput("user_organisation", "Укажите существующую организацию.", "organisation_id")
    if body.organisation_id is not None and organisation is None:  # a coordinator's, named but unknown
        raise InvalidInput("user_organisation", "Укажите существующую организацию.", "organisation_id")
    if body.role in ("mentor", "mentee") or body.participant_id is not None:
        participant = session.get(Participant, body.participant_id) if body.participant_id else None
        if participant is None or participant.organisation_id != body.organisation_id:
            raise InvalidInput(
                "user_participant",
                "Наставнику и наставляемому нужен участник из базы их организации.",
                "participant_id",
            )
    token = new_token()
    user = User(
        id=f"user-{uuid4().hex[:12]}",
        token_hash=hash_token(token),
        role=body.role,
        display_name=body.display_name,
        organisation_id=body.organisation_id,
        district=body.district or (organisation.district if organisation else None),
        participant_id=body.participant_id,
    )
    session.add(user)
    audit_user(session, user, "user_created", {"role": user.role})
    session.commit()
    return user, token


def audit_user(session: Session, user: User, action: str, details: dict[str, str]) -> None:
    """Accounts are created and their tokens replaced by the operator; a coordinator's chain is the
    district's (a coordinator belongs to no organisation)."""
    audit_change(
        session,
        actor_id="admin",  # the operator (api/auth.py)
        actor_role="admin",
        organisation_id=user.organisation_id or f"district-{user.district}",
        subject_type="user",
        subject_id=user.id,
        action=action,
        details=details,
    )


def invitation_link(token: str) -> str:
    from config import settings

    return f"{settings.public_url.rstrip('/')}/invite/{token}"


def _mail_invitation(session: Session, user: User, email: str, link: str, now: datetime) -> None:
    """The invitation goes out through the notification outbox (sent by SMTP where it is set up)."""
    address = session.get(NotificationAddress, user.id)
    if address is None:
        session.add(NotificationAddress(user_id=user.id, email=email, updated_at=now))
    else:
        address.email, address.updated_at = email, now
        session.add(address)
    key = f"invitation:{uuid4().hex}"
    session.add(
        Notification(
            dedup_key=key,
            user_id=user.id,
            organisation_id=user.organisation_id or "",
            item_id=key,
            level="owner",
            subject="Приглашение в кабинет «Наставник»",
            body=(
                f"{user.display_name}, вас пригласили в кабинет «Наставник».\n\n"
                f"Задайте логин и пароль по ссылке (она действует 7 дней и открывается один раз):\n{link}\n"
            ),
            link=link,
            created_at=now,
        )
    )
    session.commit()


def invite(
    *,
    session: Session,
    actor: Actor,
    role: str,
    organisation_id: str | None,
    display_name: str = "",
    participant_id: str | None = None,
    district: str | None = None,
    email: str = "",
) -> tuple[User, str]:
    """Invites a person into the cabinet: their user is made if they have none (a mentor or mentee by their
    participant card), an earlier unused invitation stops working. Returns the user and the one-time link."""
    if role not in INVITES.get(actor.role, frozenset()):
        if actor.role is Role.CURATOR:
            raise Forbidden("invites_mentors", "Куратор приглашает наставников и наставляемых своей школы.")
        raise Forbidden("invites", "Приглашать в кабинет могут оператор и куратор.")
    email = email.strip()
    if email and ("@" not in email or len(email) > 254 or any(ch.isspace() for ch in email)):
        raise InvalidInput("email", "Адрес электронной почты указан неверно.", "email")
    user: User | None = None
    if actor.role is Role.CURATOR:
        organisation_id = actor.organisation_id
        participant = session.get(Participant, participant_id) if participant_id else None
        if participant is None or participant.organisation_id != organisation_id:
            raise InvalidInput("participant", "Выберите участника из базы своей школы.", "participant_id")
        if participant.erased_at is not None:
            raise GuardRefused("erased", "Данные участника удалены по запросу: пригласить его нельзя.")
        display_name = participant.full_name
        user = session.exec(
            select(User).where(User.participant_id == participant.id, User.role == role)
        ).first()
    elif not display_name.strip():
        raise InvalidInput("display_name", "Укажите фамилию, имя и отчество.", "display_name")
    if user is None:
        user, _token = create_user(
            session,
            UserCreate(
                display_name=display_name.strip(),
                role=role,
                organisation_id=organisation_id,
                district=district,
                participant_id=participant_id,
            ),
        )
    now = utcnow()
    link = invitation_link(new_invitation(session, user, actor.user_id, now))
    if email:
        _mail_invitation(session, user, email, link, now)
    return user, link


def invitation_states(session: Session, user_ids: list[str]) -> dict[str, str]:
    """For each user: "вход настроен", "приглашение отправлено" or nothing yet."""
    if not user_ids:
        return {}
    states: dict[str, str] = {}
    now = utcnow()
    for invitation in session.exec(
        select(Invitation).where(col(Invitation.user_id).in_(user_ids), col(Invitation.used_at).is_(None))
    ):
        expires = (
            invitation.expires_at
            if invitation.expires_at.tzinfo
            else invitation.expires_at.replace(tzinfo=now.tzinfo)
        )
        if expires > now:
            states[invitation.user_id] = "приглашён, ссылка ещё не открыта"
    for account in session.exec(select(WebAccount).where(col(WebAccount.user_id).in_(user_ids))):
        states[account.user_id] = "вход закрыт" if account.closed_at else "входит в кабинет"
    return states
