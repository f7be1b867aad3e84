"""Signing in with email and password (throttled, in constant work), and changing one's password."""
from __future__ import annotations

from sqlmodel import Session, select

from logistics.domain.access import Actor
from logistics.domain.texts import E_
from logistics.errors import Invalid, Unauthenticated
from logistics.models import User
from logistics.models.types import utcnow
from logistics.services import throttle
from logistics.services.passwords import hash_password, verify
from logistics.services.sessions import end_all_sessions, signed_in_from
from logistics.services.throttle import Throttled
from logistics.services.users import MIN_PASSWORD, at_least
from logistics.unit_of_work import writing

__all__ = ["Throttled", "change_password", "sign_in"]


def sign_in(session: Session, email: str, password: str, address: str) -> User:
    """Return the user whose email and password match, or count the failure and refuse.

    The attempt is counted before the password is checked (see services/throttle.py), and the
    password is checked exactly once whoever the email names: an unknown email, a deactivated
    user or one without a password costs the same work as a wrong password.
    """
    email = email.strip().lower()
    user = session.exec(select(User).where(User.email == email)).first()
    usual = user is not None and user.id is not None and \
        signed_in_from(session, user.id, address, utcnow() - throttle.USUAL_FOR)
    attempt = throttle.begin_attempt(session, email, address, usual)
    matches = verify(user.password_hash if user is not None and user.active else None, password)
    if user is None or not matches:
        throttle.failed(session)
        raise Unauthenticated(E_("the email or password is not right"))
    throttle.succeeded(session, attempt)
    return user


def change_password(session: Session, actor: Actor, current: str, new: str, repeat: str) -> User:
    """Change a user's own password, after checking the current one; every session of theirs ends.

    The caller starts a new session for the browser that made the change: a copy of its old
    cookie (perhaps why the password is being changed) stops working too.
    """
    with writing(session, actor):
        user = session.get(User, actor.user_id)
        errors = {}
        if user is None or not verify(user.password_hash, current):
            errors["current"] = [E_("the current password is not right")]
        if len(new) < MIN_PASSWORD:
            errors["new"] = [at_least(MIN_PASSWORD)]
        elif new != repeat:
            errors["repeat"] = [E_("the two new passwords differ")]
        if errors or user is None:
            raise Invalid(E_("the password was not changed"), errors)
        assert user is not None and user.id is not None  # a missing user was refused above
        user.password_hash = hash_password(new)
        end_all_sessions(session, user.id)
    return user
