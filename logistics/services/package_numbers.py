"""Package numbers: SSCC serials taken from a counter row atomically, or internal numbers from ids."""
from __future__ import annotations

from sqlalchemy import update
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlmodel import Session

from logistics.domain.package_numbers import NumberError, capacity, internal_number, sscc_of
from logistics.domain.texts import EN_, figure, message_of
from logistics.errors import Conflict
from logistics.models import SsccCounter

_TABLE = SsccCounter.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class


def take_serials(session: Session, prefix: str, count: int) -> int:
    """Reserve ``count`` SSCC serials of a company prefix; return the first.

    One UPDATE ... RETURNING adds to the prefix's counter row: on PostgreSQL a concurrent
    writer waits for the row's lock and then reads what this one left; on SQLite the unit's
    BEGIN IMMEDIATE already lets one writer in at a time. Serials taken by a transaction that
    rolls back are not reused (GS1 does not ask for gap-free numbering, only unique).
    """
    statement = (update(_TABLE).where(_TABLE.c.company_prefix == prefix)
                 .values(next_serial=_TABLE.c.next_serial + count).returning(_TABLE.c.next_serial))
    after = session.execute(statement).scalar_one_or_none()
    if after is None:
        insert = postgresql_insert if session.get_bind().dialect.name == "postgresql" else sqlite_insert
        session.execute(insert(_TABLE).values(company_prefix=prefix, next_serial=0)
                        .on_conflict_do_nothing(index_elements=["company_prefix"]))
        after = session.execute(statement).scalar_one()
    first = after - count
    if after > capacity(prefix):
        left = max(capacity(prefix) - first, 0)
        raise Conflict(EN_("the GS1 company prefix %(prefix)s has %(left)s SSCC serial left, fewer than "
                           "the %(asked)s asked for", "the GS1 company prefix %(prefix)s has %(left)s SSCC "
                           "serials left, fewer than the %(asked)s asked for", left, prefix=prefix,
                           left=figure(left), asked=figure(count)))
    return first


def numbers_for(session: Session, ids: list[int], given: list[str | None],
                prefix: str | None) -> list[tuple[str, str | None]]:
    """Return (number, sscc) for new packages: a given SSCC, a new one under the prefix, or PKG-id."""
    numbered = [index for index, sscc in enumerate(given) if sscc is None]
    serials: dict[int, str] = {}
    if prefix and numbered:
        first = take_serials(session, prefix, len(numbered))
        try:
            serials = {index: sscc_of(prefix, first + offset) for offset, index in enumerate(numbered)}
        except NumberError as error:
            raise Conflict(message_of(error)) from None
    result = []
    for index, (package_id, sscc) in enumerate(zip(ids, given, strict=True)):
        sscc = sscc or serials.get(index)
        result.append((sscc or internal_number(package_id), sscc))
    return result
