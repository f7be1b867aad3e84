"""`logistics user add` and `logistics token issue/revoke`: accounts and their API tokens."""
from __future__ import annotations

import sys

import click
from flask.cli import with_appcontext

from logistics import db
from logistics.cli.common import fail
from logistics.domain.access import SYSTEM
from logistics.domain.roles import Role
from logistics.domain.users import CreateUser, IssueToken
from logistics.errors import DomainError


@click.group("user")
def user_group():
    """Manage users."""


@user_group.command("add")
@click.argument("email")
@click.option("--role", required=True, type=click.Choice([r.value for r in Role]))
@click.option("--org", "org", help="organisation id or exact name (partners only)")
@click.option("--name")
@click.option("--password-stdin", is_flag=True, help="read the password from standard input")
@with_appcontext
def user_add(email, role, org, name, password_stdin):
    """Add a user; the password comes from a prompt or standard input."""
    from logistics.services import organizations, users

    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = click.prompt("Password", hide_input=True, confirmation_prompt=True)
    with db.new_session() as session:
        try:
            org_id = organizations.find_organization(session, org).id if org else None
            user = users.create_user(session, SYSTEM, CreateUser(
                email=email, role=Role(role), name=name, organization_id=org_id, password=password))
        except DomainError as error:
            fail(error)
        click.echo(f"user {user.id} {user.email} ({user.role}) added")


@click.group("token")
def token_group():
    """Manage API tokens."""


@token_group.command("issue")
@click.argument("email")
@click.option("--label")
@with_appcontext
def token_issue(email, label):
    """Print a new API token for a user, alone on its line."""
    from logistics.services import users
    from logistics.services.common import stored_id

    with db.new_session() as session:
        try:
            user = users.find_user(session, email)
            _, raw = users.issue_token(session, SYSTEM, stored_id(user.id), IssueToken(label))
        except DomainError as error:
            fail(error)
    click.echo(raw)


@token_group.command("revoke")
@click.argument("token_id", type=int)
@with_appcontext
def token_revoke(token_id):
    """Revoke an API token by its id."""
    from logistics.services import users

    with db.new_session() as session:
        try:
            users.revoke_token(session, SYSTEM, token_id)
        except DomainError as error:
            fail(error)
    click.echo(f"token {token_id} revoked")
