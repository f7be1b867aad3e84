"""Use cases for organisations (partners)."""
from __future__ import annotations

from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.inputs import excerpt, looks_like_id, parse_id
from logistics.domain.organizations import CreateOrganization, UpdateOrganization
from logistics.domain.texts import E_
from logistics.errors import NotFound
from logistics.models import Organization
from logistics.services.common import get_or_404, not_found, save_changes, unique
from logistics.unit_of_work import writing


def create_organization(session: Session, actor: Actor, command: CreateOrganization) -> Organization:
    """Record a new partner organisation."""
    with writing(session, actor):
        org = Organization(**command.columns())
        session.add(org)
        with unique("name", E_("an organisation named %(name)s exists already", name=repr(command.name))):
            session.flush()
    return org


def update_organization(session: Session, actor: Actor, org_id: int,
                        command: UpdateOrganization) -> Organization:
    """Change an organisation's details."""
    with writing(session, actor):
        org = get_or_404(session, Organization, org_id, "organisation")
        for name, value in command.columns().items():
            setattr(org, name, value)
        save_changes(session, org, "name",
                     E_("an organisation named %(name)s exists already", name=repr(command.name)))
    return org


def get_organization(session: Session, actor: Actor, org_id: int) -> Organization:
    """Return one organisation; a partner sees only its own (others are not found)."""
    if actor.is_partner and actor.organization_id != org_id:
        raise NotFound(not_found("organisation", org_id))
    return get_or_404(session, Organization, org_id, "organisation")


def find_organization(session: Session, id_or_name: str) -> Organization:
    """Return an organisation by id or exact name (case-insensitive)."""
    if looks_like_id(id_or_name):
        org_id = parse_id(id_or_name)
        if org_id is None:
            raise NotFound(E_("organisation %(name)s not found", name=excerpt(id_or_name)))
        return get_or_404(session, Organization, org_id, "organisation")
    org = session.exec(select(Organization).where(Organization.name == id_or_name.strip())).first()
    if org is None:
        # SQLite's lower() folds ASCII only: compare case-insensitively in Python (a short list).
        wanted = id_or_name.strip().casefold()
        org = next((o for o in session.exec(select(Organization)) if o.name.casefold() == wanted), None)
    if org is None:
        raise NotFound(E_("organisation %(name)s not found", name=excerpt(id_or_name)))
    return org


def list_organizations(session: Session, *, country: str | None = None, kind: str | None = None,
                       q: str | None = None):
    """Return a query of organisations, filtered, ordered by name."""
    query = select(Organization).order_by(Organization.name)
    if country:
        query = query.where(Organization.country == country)
    if kind:
        query = query.where(Organization.kind == kind)
    if q:
        query = query.where(col(Organization.name).icontains(q, autoescape=True))
    return query
