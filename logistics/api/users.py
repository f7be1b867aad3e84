"""Users and their API tokens (admin only), and who the caller is (anyone signed in)."""
from __future__ import annotations

from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, page
from logistics.domain.access import ALL_ROLES
from logistics.domain.roles import Role
from logistics.domain.texts import E_
from logistics.errors import Unauthenticated
from logistics.schemas.users import (
    IssuedTokenSchema,
    MeSchema,
    SessionsEndedSchema,
    TokenInSchema,
    TokenSchema,
    UserChangedSchema,
    UserSchema,
    UserUpdateSchema,
)
from logistics.services import users as service
from logistics.services.sessions import sign_out_everywhere

PREFIX = ""
blp = Blueprint("users", __name__, description="Users and API tokens")


def _caller_id() -> int:
    """Return the calling user's id (only the system actor has no user, and it never calls the API)."""
    user_id = current_actor().user_id
    if user_id is None:
        raise Unauthenticated(E_("authentication required"))
    return user_id


@blp.route("/me")
class Me(MethodView):
    """The caller."""

    @require(*ALL_ROLES)
    @blp.response(200, MeSchema)
    def get(self):
        """Say who the token belongs to."""
        return service.get_user(db.session(), _caller_id())


@blp.route("/me/sessions")
class MySessions(MethodView):
    """The caller's page sessions."""

    @require(*ALL_ROLES)
    @blp.response(200, SessionsEndedSchema)
    def delete(self):
        """Sign out everywhere: end all the caller's page sessions (API tokens keep working)."""
        return {"sessions_ended": sign_out_everywhere(db.session(), _caller_id())}


@blp.route("/users")
class Users(MethodView):
    """The user collection."""

    @require(Role.ADMIN)
    @blp.response(200, UserSchema(many=True))
    @blp.paginate()
    def get(self, pagination_parameters):
        """List users."""
        return page(service.list_users(db.session()), pagination_parameters)

    @require(Role.ADMIN)
    @blp.arguments(UserSchema)
    @blp.response(201, UserSchema)
    def post(self, data):
        """Create a user (a partner needs organization_id)."""
        return service.create_user(db.session(), current_actor(), data)


@blp.route("/users/<int:user_id>")
class UserById(MethodView):
    """One user."""

    @require(Role.ADMIN)
    @blp.response(200, UserSchema)
    def get(self, user_id):
        """Read a user."""
        return service.get_user(db.session(), user_id)

    @require(Role.ADMIN)
    @blp.arguments(UserUpdateSchema(partial=True))
    @blp.response(200, UserChangedSchema)
    def patch(self, data, user_id):
        """Change a user; a new password or deactivating ends all their sessions and revokes their tokens."""
        user, signed_out = service.update_user(db.session(), current_actor(), user_id, data)
        return {**user.model_dump(), "sessions_ended": signed_out.sessions_ended,
                "tokens_revoked": signed_out.tokens_revoked}


@blp.route("/users/<int:user_id>/sessions")
class UserSessions(MethodView):
    """A user's page sessions."""

    @require(Role.ADMIN)
    @blp.response(200, SessionsEndedSchema)
    def delete(self, user_id):
        """Sign a user out everywhere: end all their page sessions (their tokens are left alone)."""
        return {"sessions_ended": service.end_user_sessions(db.session(), user_id)}


@blp.route("/users/<int:user_id>/tokens")
class UserTokens(MethodView):
    """A user's API tokens."""

    @require(Role.ADMIN)
    @blp.response(200, TokenSchema(many=True))
    def get(self, user_id):
        """List a user's tokens (prefixes only)."""
        return service.list_tokens(db.session(), user_id)

    @require(Role.ADMIN)
    @blp.arguments(TokenInSchema)
    @blp.response(201, IssuedTokenSchema)
    def post(self, data, user_id):
        """Issue a token; the secret is in this response only."""
        token, raw = service.issue_token(db.session(), current_actor(), user_id, data)
        return {**token.model_dump(), "token": raw}


@blp.route("/tokens/<int:token_id>")
class TokenById(MethodView):
    """One API token."""

    @require(Role.ADMIN)
    @blp.response(200, TokenSchema)
    def delete(self, token_id):
        """Revoke a token."""
        return service.revoke_token(db.session(), current_actor(), token_id)
