"""Who is signed in to the pages (a signed session cookie), and which roles may see a page."""
from __future__ import annotations

import hashlib
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, g, redirect, request, session, url_for

from logistics import db
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.models import User
from logistics.services.users import actor_of


def _fingerprint(user: User) -> str:
    """Tie a session to the password it was opened with: changing the password ends other sessions."""
    return hashlib.sha256((user.password_hash or "").encode()).hexdigest()[:16]


def log_in(user: User) -> None:
    """Start a fresh session for a user (a new session id: no fixation)."""
    session.clear()
    session["uid"] = user.id
    session["pw"] = _fingerprint(user)
    session.permanent = False


def log_out() -> None:
    """End the session."""
    session.clear()


def current_user() -> User | None:
    """Return the signed-in, active user, or None."""
    if "web_user" not in g:
        user = None
        uid = session.get("uid")
        if uid is not None:
            user = db.session().get(User, uid)
            if user is None or not user.active or session.get("pw") != _fingerprint(user):
                session.clear()
                user = None
        g.web_user = user
    return g.web_user


def web_actor() -> Actor:
    """Return the signed-in user as an Actor (pages call this after `requires`)."""
    user = current_user()
    if user is None:
        abort(401)
    return actor_of(user)


def requires(*roles: Role):
    """Let only signed-in users of these roles see the page; others go to sign-in or get 403."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = current_user()
            if user is None:
                # After signing in, come back to the page (a form's own URL only takes POST).
                back = request.full_path.rstrip("?") if request.method == "GET" else referrer_path()
                return redirect(url_for("auth.login", next=back))
            if Role(user.role) not in roles:
                abort(403, f"a {user.role} user may not open this page")
            return view(*args, **kwargs)

        return wrapper

    return decorator


def referrer_path() -> str | None:
    """Return the path of the page a form was sent from, if it was one of ours."""
    referrer = urlsplit(request.referrer or "")
    if referrer.netloc and referrer.netloc != request.host:
        return None
    if not referrer.path:
        return None
    return safe_next(referrer.path + (f"?{referrer.query}" if referrer.query else ""))


def safe_next(target: str | None) -> str | None:
    """Return a redirect target only if it stays on this site."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//") \
            or "\\" in target:
        return None
    return target


def init_app(app: Flask) -> None:
    """Expose the signed-in user to templates."""

    @app.context_processor
    def _user():
        return {"current_user": current_user()}
