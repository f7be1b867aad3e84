"""The user and API token contract (admin only); input builds CreateUser, UpdateUser, IssueToken."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from logistics.domain.languages import LANGUAGES
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser, IssueToken, UpdateUser
from logistics.schemas.fields import Id, Text


class UserSchema(Schema):
    """A user as an admin creates, changes and reads it (never the password or its hash)."""

    id = fields.Integer(dump_only=True)
    email = fields.Email(required=True, validate=validate.Length(max=254))
    name = Text(allow_none=True, validate=validate.Length(max=200))
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    organization_id = Id(allow_none=True)
    active = fields.Boolean()
    password = fields.String(load_only=True, validate=validate.Length(min=10, max=200))
    language = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES), metadata={
        "description": "pages and messages in this language; null: the organisation's, then the browser's"})
    created_at = fields.AwareDateTime(dump_only=True)

    @post_load
    def _command(self, data: dict, **kwargs) -> CreateUser | UpdateUser:
        """Build the command that creates the user (a new user is active whatever "active" says)."""
        data.pop("active", None)
        return CreateUser(**{**data, "role": Role(data["role"])})


class UserChangedSchema(UserSchema):
    """A user just changed, and what the change signed out (a new password or deactivation: everything)."""

    sessions_ended = fields.Integer(dump_only=True, required=True, metadata={
        "description": "page sessions of the user that this change ended"})
    tokens_revoked = fields.Integer(dump_only=True, required=True, metadata={
        "description": "API tokens of the user that this change revoked"})


class SessionsEndedSchema(Schema):
    """How many page sessions were ended."""

    sessions_ended = fields.Integer(required=True)


class UserUpdateSchema(UserSchema):
    """Fields an admin may change on a user."""

    class Meta:
        exclude = ("email",)

    @post_load
    def _command(self, data: dict, **kwargs) -> CreateUser | UpdateUser:
        """Build the change: only the fields given change."""
        if "role" in data:
            data["role"] = Role(data["role"])
        return UpdateUser(given=frozenset(data), **data)


class TokenInSchema(Schema):
    """A label for a new token."""

    label = Text(allow_none=True, validate=validate.Length(max=100))

    @post_load
    def _command(self, data: dict, **kwargs) -> IssueToken:
        return IssueToken(**data)


class TokenSchema(Schema):
    """A token as listed: its prefix and dates, never the secret."""

    id = fields.Integer(required=True)
    user_id = fields.Integer(required=True)
    prefix = fields.String(required=True)
    label = fields.String(required=True, allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    revoked_at = fields.AwareDateTime(required=True, allow_none=True)


class IssuedTokenSchema(TokenSchema):
    """A token just issued: the secret is shown this once."""

    token = fields.String(required=True, metadata={"description": "send as 'Authorization: Bearer <token>'"})


class MeSchema(Schema):
    """Who the caller is."""

    id = fields.Integer(required=True)
    email = fields.String(required=True)
    name = fields.String(required=True, allow_none=True)
    role = fields.String(required=True, validate=validate.OneOf([r.value for r in Role]))
    organization_id = fields.Integer(required=True, allow_none=True,
                                     metadata={"description": "a partner's organisation"})
    language = fields.String(required=True, allow_none=True, validate=validate.OneOf(LANGUAGES),
                             metadata={"description": "the caller's own language (null: none chosen)"})
