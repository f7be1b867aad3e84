"""Use cases for users and API tokens (random, stored only as SHA-256 hashes, revocable)."""
from __future__ import annotations

import hashlib
import secrets

from sqlalchemy import Connection, bindparam
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.inputs import is_token
from logistics.domain.languages import check_language
from logistics.domain.roles import Role
from logistics.domain.texts import E_, EN_, Text, message_of
from logistics.domain.users import CreateUser, IssueToken, SignedOut, UpdateUser
from logistics.errors import Invalid, NotFound
from logistics.models import ApiToken, Organization, User
from logistics.models.types import utcnow
from logistics.services.common import get_or_404, get_or_none, unique
from logistics.services.passwords import hash_password, verify
from logistics.services.sessions import end_all_sessions, sign_out_everywhere
from logistics.unit_of_work import writing

TOKEN_PREFIX = "lgx_"
MIN_PASSWORD = 10


def at_least(characters: int) -> Text:
    """Say how long a password must be at least."""
    return EN_("use at least %(n)s character", "use at least %(n)s characters", characters)


def hash_token(raw: str) -> str:
    """Return the stored form of a token (tokens are 256 random bits: a plain hash suffices)."""
    return hashlib.sha256(raw.encode()).hexdigest()


def actor_of(user: User) -> Actor:
    """Return the plain-value view of a user that rules and services take."""
    return Actor(user_id=user.id, role=Role(user.role), organization_id=user.organization_id,
                 email=user.email)


def create_user(session: Session, actor: Actor, command: CreateUser) -> User:
    """Add a user; a partner must belong to an organisation, other roles must not."""
    errors = {}
    partner = command.role is Role.PARTNER
    if partner and command.organization_id is None:
        errors["organization_id"] = [E_("a partner user must belong to an organisation")]
    if not partner and command.organization_id is not None:
        errors["organization_id"] = [E_("only partner users belong to an organisation")]
    if command.password is not None and len(command.password) < MIN_PASSWORD:
        errors["password"] = [at_least(MIN_PASSWORD)]
    if errors:
        raise Invalid(E_("the user was not saved"), errors)
    with writing(session, actor):
        _check_organization(session, command.organization_id)
        user = User(email=command.email.strip().lower(), role=command.role.value, name=command.name,
                    organization_id=command.organization_id, language=command.language,
                    password_hash=hash_password(command.password) if command.password else None)
        session.add(user)
        with unique("email", E_("a user with email %(email)s exists already", email=repr(command.email))):
            session.flush()
    return user


def update_user(session: Session, actor: Actor, user_id: int, command: UpdateUser) -> tuple[User, SignedOut]:
    """Change a user's name, role, organisation, active flag or password; say what it signed out.

    A new password set by an admin (a reset: the old one may be known to someone else) and
    deactivation both end all the user's page sessions and revoke all their API tokens.
    """
    given = command.given
    with writing(session, actor):
        user = get_or_404(session, User, user_id, "user")
        # Check before assigning: a pending change would be flushed by the look-up below.
        if command.password and len(command.password) < MIN_PASSWORD:
            raise Invalid(E_("the user was not saved"), {"password": [at_least(MIN_PASSWORD)]})
        role = command.role if "role" in given and command.role else Role(user.role)
        organization_id = command.organization_id if "organization_id" in given else user.organization_id
        if (role is Role.PARTNER) != (organization_id is not None):
            raise Invalid(E_("the user was not saved"), {"organization_id": [
                E_("a partner user must belong to an organisation; other roles must not")]})
        _check_organization(session, organization_id)
        if "role" in given:
            user.role = role.value
        if "organization_id" in given:
            user.organization_id = organization_id
        if "name" in given:
            user.name = command.name
        if "language" in given:
            user.language = command.language
        if "active" in given and command.active is not None:
            user.active = command.active
        signed_out = SignedOut()
        if command.password:
            user.password_hash = hash_password(command.password)
        if command.password or not user.active:
            signed_out = SignedOut(sessions_ended=end_all_sessions(session, user_id),
                                   tokens_revoked=_revoke_all(session, user_id))
    return user, signed_out


def set_language(session: Session, actor: Actor, language: str | None) -> User:
    """Set the signed-in user's own language (None: back to the organisation's or the browser's)."""
    try:
        check_language(language)
    except ValueError as error:
        raise Invalid(E_("the language was not changed"), {"language": [message_of(error)]}) from None
    with writing(session, actor):
        user = get_or_404(session, User, actor.user_id or 0, "user")
        user.language = language
    return user


def end_user_sessions(session: Session, user_id: int) -> int:
    """End all of a user's page sessions (an admin signing them out everywhere); return how many."""
    get_or_404(session, User, user_id, "user")
    return sign_out_everywhere(session, user_id)


def _check_organization(session: Session, organization_id: int | None) -> None:
    if organization_id is not None and get_or_none(session, Organization, organization_id) is None:
        message = E_("no organisation with id %(id)s", id=organization_id)
        raise Invalid(E_("the user was not saved: %(problem)s", problem=message),
                      {"organization_id": [message]})


def find_user(session: Session, email: str) -> User:
    """Return a user by email, or raise NotFound."""
    user = session.exec(select(User).where(User.email == email.strip().lower())).first()
    if user is None:
        raise NotFound(E_("no user with email %(email)s", email=repr(email)))
    return user


def get_user(session: Session, user_id: int) -> User:
    """Return one user."""
    return get_or_404(session, User, user_id, "user")


def list_users(session: Session):
    """Return a query of all users, by email."""
    return select(User).order_by(User.email)


def check_password(user: User, password: str) -> bool:
    """Say whether a password matches the user's stored hash."""
    return verify(user.password_hash, password)  # no hash: API tokens only, never a password


def issue_token(session: Session, actor: Actor, user_id: int, command: IssueToken,
                raw: str | None = None) -> tuple[ApiToken, str]:
    """Create an API token for a user; return the row and the raw token (shown once, never stored).

    ``raw`` lets the demo loader register a token it derives from the instance secret.
    """
    raw = raw or TOKEN_PREFIX + secrets.token_urlsafe(32)
    with writing(session, actor):
        user = get_or_404(session, User, user_id, "user")
        if not user.active:
            raise Invalid(E_("the user is deactivated"), {"user": [E_("user is not active")]})
        token = ApiToken(user_id=user_id, token_hash=hash_token(raw), prefix=raw[:10], label=command.label)
        session.add(token)
    return token, raw


def revoke_token(session: Session, actor: Actor, token_id: int) -> ApiToken:
    """Revoke a token so it stops working at once."""
    with writing(session, actor):
        token = get_or_404(session, ApiToken, token_id, "token")
        if token.revoked_at is None:
            token.revoked_at = utcnow()
    return token


def list_tokens(session: Session, user_id: int) -> list[ApiToken]:
    """Return a user's tokens, newest first (hashes stay inside)."""
    get_or_404(session, User, user_id, "user")
    return list(session.exec(
        select(ApiToken).where(ApiToken.user_id == user_id).order_by(col(ApiToken.id).desc())))


def token_state(session: Session, raw: str) -> str:
    """Say whether a raw token is "active", "revoked" or "unknown" (without revealing whose)."""
    token = session.exec(select(ApiToken).where(ApiToken.token_hash == hash_token(raw))).first()
    if token is None:
        return "unknown"
    return "revoked" if token.revoked_at else "active"


def _revoke_all(session: Session, user_id: int) -> int:
    """Revoke a user's active tokens one by one (so each revocation is in the audit trail); count them."""
    tokens = list(session.exec(select(ApiToken).where(ApiToken.user_id == user_id,
                                                      col(ApiToken.revoked_at).is_(None))))
    for token in tokens:
        token.revoked_at = utcnow()
    return len(tokens)


# Built once: every API request runs it, and a statement object keeps its cache key.
_USER_OF_TOKEN = select(User).join(ApiToken, col(ApiToken.user_id) == User.id).where(
    ApiToken.token_hash == bindparam("token_hash"), col(ApiToken.revoked_at).is_(None),
    col(User.active).is_(True))


_USERS, _TOKENS = User.__table__, ApiToken.__table__  # type: ignore[attr-defined]
# The same check as plain columns (no ORM object): what every API request asks first.
_ACTOR_OF_TOKEN = select(_USERS.c.id, _USERS.c.role, _USERS.c.organization_id, _USERS.c.email).join(
    _TOKENS, _TOKENS.c.user_id == _USERS.c.id).where(
    _TOKENS.c.token_hash == bindparam("token_hash"), _TOKENS.c.revoked_at.is_(None),
    _USERS.c.active.is_(True))


def actor_of_token(connection: Connection, raw: str) -> Actor | None:
    """Return the actor behind a raw bearer token (as ``authenticate_token`` finds its user), or None.

    It reads plain columns through a connection (a session's, or a read-only request's own).
    """
    if not raw.startswith(TOKEN_PREFIX) or \
            not is_token(raw.removeprefix(TOKEN_PREFIX), min_length=16, max_length=96):
        return None
    row = connection.execute(_ACTOR_OF_TOKEN, {"token_hash": hash_token(raw)}).first()
    if row is None:
        return None
    return Actor(user_id=row.id, role=Role(row.role), organization_id=row.organization_id, email=row.email)


def authenticate_token(session: Session, raw: str) -> User | None:
    """Return the active user a raw bearer token belongs to, or None (asked of the database every time)."""
    # Only a text shaped like our tokens reaches the database (never a NUL or a megabyte).
    if not raw.startswith(TOKEN_PREFIX) or \
            not is_token(raw.removeprefix(TOKEN_PREFIX), min_length=16, max_length=96):
        return None
    return session.exec(_USER_OF_TOKEN, params={"token_hash": hash_token(raw)}).first()
