"""Who is calling: bearer-token authentication and role checks for every API view."""
from __future__ import annotations

from functools import wraps

from flask import g, request

from logistics import db
from logistics.domain.access import Actor
from logistics.domain.roles import Role
from logistics.domain.texts import E_
from logistics.errors import Forbidden, Unauthenticated
from logistics.services.users import actor_of_token


def current_actor() -> Actor:
    """Return the authenticated caller, or raise Unauthenticated (401)."""
    if "actor" not in g:
        header = request.headers.get("Authorization", "")
        scheme, _, raw = header.partition(" ")
        if scheme.lower() != "bearer" or not raw.strip():
            raise Unauthenticated(E_("authentication required: send 'Authorization: Bearer <token>'"))
        actor = actor_of_token(db.connection(), raw.strip())
        if actor is None:
            raise Unauthenticated(E_("the token is unknown, revoked or belongs to a deactivated user"))
        g.actor = actor
    return g.actor


def require(*roles: Role):
    """Let only these roles call the view (checked before the request body is read)."""

    def decorator(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            actor = current_actor()
            if actor.role not in roles:
                raise Forbidden(E_("a %(role)s user may not do this", role=str(actor.role)))
            return view(*args, **kwargs)

        return wrapper

    return decorator
