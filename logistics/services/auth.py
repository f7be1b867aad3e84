"""Signing in with email and password, throttled after repeated failures; password changes."""
from __future__ import annotations

from datetime import timedelta

from sqlmodel import Session, col, delete, func, select
from werkzeug.security import generate_password_hash

from logistics.domain.access import Actor
from logistics.errors import Invalid, Unauthenticated
from logistics.models import LoginFailure, User
from logistics.models.types import utcnow
from logistics.services.users import MIN_PASSWORD, check_password
from logistics.unit_of_work import writing

MAX_FAILURES = 5           # per account
MAX_ADDRESS_FAILURES = 50  # per address: higher, so one office behind one address is not locked out
WINDOW = timedelta(minutes=15)


class Throttled(Unauthenticated):
    """Too many failed sign-ins for this email or address recently."""


def sign_in(session: Session, email: str, password: str, address: str) -> User:
    """Return the user whose email and password match, or record the failure and refuse."""
    email = email.strip().lower()
    since = utcnow() - WINDOW
    def failures(condition) -> int:
        return session.exec(select(func.count()).select_from(LoginFailure)
                            .where(LoginFailure.at >= since, condition)).one()

    if failures(LoginFailure.email == email) >= MAX_FAILURES or \
            failures(LoginFailure.address == address) >= MAX_ADDRESS_FAILURES:
        raise Throttled(f"too many failed sign-ins: wait {int(WINDOW.total_seconds() // 60)} minutes "
                        "and try again")
    user = session.exec(select(User).where(User.email == email)).first()
    if user is None or not user.active or not check_password(user, password):
        with writing(session):
            session.add(LoginFailure(email=email[:254], address=address[:64]))
            session.exec(delete(LoginFailure).where(col(LoginFailure.at) < since - WINDOW))
        raise Unauthenticated("the email or password is not right")
    with writing(session):
        session.exec(delete(LoginFailure).where(col(LoginFailure.email) == email))
    return user


def change_password(session: Session, actor: Actor, current: str, new: str, repeat: str) -> User:
    """Change a user's own password, after checking the current one."""
    with writing(session, actor):
        user = session.get(User, actor.user_id)
        errors = {}
        if user is None or not check_password(user, current):
            errors["current"] = ["the current password is not right"]
        if len(new) < MIN_PASSWORD:
            errors["new"] = [f"use at least {MIN_PASSWORD} characters"]
        elif new != repeat:
            errors["repeat"] = ["the two new passwords differ"]
        if errors or user is None:
            raise Invalid("the password was not changed", errors)
        assert user is not None  # a missing user was refused above
        user.password_hash = generate_password_hash(new)
    return user
