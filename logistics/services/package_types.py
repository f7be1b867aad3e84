"""Package types: the defaults every installation has, and the ones the operator adds."""
from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.packages import DEFAULT_TYPES, CreatePackageType
from logistics.domain.roles import Role
from logistics.domain.texts import E_
from logistics.errors import Forbidden, Invalid
from logistics.models import PackageType
from logistics.models.types import utcnow
from logistics.services.audit import record_created
from logistics.services.common import unique
from logistics.unit_of_work import actor_of, writing


def list_types(session: Session) -> list[PackageType]:
    """Return every package type, the defaults first, then the operator's own by code.

    A default missing from the table (a database emptied by hand) is listed all the same, unsaved:
    the first package of that type stores it.
    """
    stored = {row.code: row for row in session.exec(select(PackageType))}
    defaults = [stored.pop(code) if code in stored else PackageType(code=code, name=name)
                for code, name in DEFAULT_TYPES]
    return defaults + sorted(stored.values(), key=lambda row: row.code)


def types_by_code(session: Session, codes: Iterable[str]) -> dict[str, PackageType]:
    """Return the stored types of these codes (storing any default missing); refuse unknown codes."""
    wanted = set(codes)
    missing_defaults = [code for code, _ in DEFAULT_TYPES if code in wanted]
    if missing_defaults:
        _store_defaults(session, missing_defaults)
    query = select(PackageType).where(col(PackageType.code).in_(wanted))
    found = {row.code: row for row in session.exec(query)}
    unknown = sorted(wanted - set(found))
    if unknown:
        known = ", ".join(row.code for row in list_types(session))
        raise Invalid(E_("unknown package type %(type)s: use one of %(known)s (admins add more)",
                         type=repr(unknown[0]), known=known),
                      {"type": [E_("%(type)s is not a package type; known: %(known)s",
                                   type=repr(unknown[0]), known=known)]})
    return found


def _store_defaults(session: Session, codes: list[str]) -> None:
    """Insert (audited) the default types of these codes not stored yet, beside concurrent writers."""
    names = dict(DEFAULT_TYPES)
    rows = [{"code": code, "name": names[code], "created_at": utcnow()} for code in codes]
    table = PackageType.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
    dialect = session.get_bind().dialect.name
    insert = postgresql_insert if dialect == "postgresql" else sqlite_insert
    statement = insert(table).values(rows).on_conflict_do_nothing(index_elements=["code"])
    stored = [dict(row._mapping) for row in session.execute(statement.returning(*table.columns))]
    record_created(session, table, stored, actor_of(session))  # only the rows this call inserted


def create_type(session: Session, actor: Actor, command: CreatePackageType) -> PackageType:
    """Add a package type (admins only); its code is unique."""
    if actor.role is not Role.ADMIN:
        raise Forbidden(E_("only an admin may add package types"))
    with writing(session, actor):
        if command.code in dict(DEFAULT_TYPES):
            _store_defaults(session, [command.code])
        row = PackageType(code=command.code, name=command.name)
        session.add(row)
        with unique("code", E_("the package type %(code)s exists already", code=repr(command.code))):
            session.flush()
    return row
