"""Who is signed in to the pages, and which roles may see a page.

Flask's signed cookie holds only the random id of a session kept on the server
(services/sessions.py), checked on every request: signing out ends it there, so a copied
cookie stops working.
"""
from __future__ import annotations

from datetime import timedelta
from functools import wraps
from urllib.parse import urlsplit

from flask import Flask, abort, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSessionInterface
from flask_babel import gettext as _
from itsdangerous import URLSafeTimedSerializer

from logistics import db
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.models import User
from logistics.services import sessions
from logistics.services.users import actor_of

SESSION_KEY = "sid"


def client_address() -> str:
    """Return the address a request came from: the client's, behind the proxies that
    LOGISTICS_TRUSTED_PROXIES names (logistics/proxies.py rewrites it once, in the app factory)."""
    return request.remote_addr or "unknown"


def lifetime() -> sessions.Lifetime:
    """Return how long sessions last, from the configuration."""
    config = current_app.config
    return sessions.Lifetime(idle=timedelta(minutes=float(config["SESSION_IDLE_MINUTES"])),
                             maximum=timedelta(days=float(config["SESSION_MAX_DAYS"])))


def log_in(user: User) -> None:
    """Start a fresh session for a user (a new id, in a cookie cleared of anything else: no fixation)."""
    assert user.id is not None  # a stored user
    session.clear()
    session[SESSION_KEY] = sessions.start_session(db.session(), user.id, client_address(), lifetime())
    session.permanent = False
    g.web_user = user


def log_out() -> None:
    """End this browser's session on the server and clear its cookie."""
    raw = session.get(SESSION_KEY)
    if isinstance(raw, str):
        sessions.end_session(db.session(), raw)
    session.clear()
    g.pop("web_user", None)


def current_user() -> User | None:
    """Return the user of this browser's live session, or None (a dead session's cookie is cleared)."""
    if "web_user" not in g:
        user = None
        raw = session.get(SESSION_KEY)
        if raw is not None:
            user = sessions.session_user(db.session(), raw, lifetime()) if isinstance(raw, str) else None
            if user is None:
                session.clear()
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
                from logistics.web.labels import label

                abort(403, _("a %(role)s user may not open this page", role=label(user.role, "role")))
            return view(*args, **kwargs)

        return wrapper

    return decorator


def changed_since_last_visit(rows) -> set[int]:
    """Return the ids of the listed shipments that others changed since the user's previous page session."""
    from logistics.services import visits

    user = current_user()
    if user is None or user.id is None or not rows:
        return set()
    raw = session.get(SESSION_KEY)
    current = sessions.hash_session_id(raw) if isinstance(raw, str) else None
    since = visits.previous_visit(db.session(), user.id, current)
    return visits.changed_since(db.session(), [row.id for row in rows], since, user.id)


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


class CookieSessions(SecureCookieSessionInterface):
    """Flask's signed-cookie sessions, with the signing serializer built once per key, not per request.

    Flask builds it (and test-dumps an empty session through it) on every request, also for an
    API call that sends no cookie; the serializer holds only its keys and settings, so one is
    kept for each secret key (and fallbacks) in use.
    """

    def __init__(self) -> None:
        self._serializers: dict[tuple, URLSafeTimedSerializer | None] = {}

    def get_signing_serializer(self, app: Flask) -> URLSafeTimedSerializer | None:
        """Return the serializer for the app's current secret key, built on first use."""
        key = (app.secret_key, tuple(app.config["SECRET_KEY_FALLBACKS"] or ()))
        serializer = self._serializers.get(key)
        if serializer is None:
            serializer = self._serializers[key] = super().get_signing_serializer(app)
        return serializer


def init_app(app: Flask) -> None:
    """Sign the session cookie with cached serializers; expose the signed-in user to templates."""
    app.session_interface = CookieSessions()

    @app.context_processor
    def _user():
        return {"current_user": current_user()}
