"""Use cases for shipments: create, edit, find and list, with optimistic versioning.

Writes take the commands of domain/shipments.py (``CreateShipment``, ``UpdateShipment``);
the API and the pages build them through the same input schemas.
"""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import func, literal_column, or_, text
from sqlmodel import Session, col, select

from logistics.domain.access import Actor
from logistics.domain.inputs import is_token
from logistics.domain.organizations import counterparty_refusal
from logistics.domain.shipments import CreateShipment, UpdateShipment
from logistics.domain.texts import E_
from logistics.domain.workflow import Direction, Status, editable_fields
from logistics.errors import Invalid, NotFound, summarize
from logistics.models import Organization, Shipment, ShipmentEvent
from logistics.models.shipments import new_tracking_token
from logistics.models.types import utcnow
from logistics.services.common import get_or_none, unique
from logistics.services.lines import build_lines
from logistics.services.notifications import notify_edit
from logistics.services.scoping import check_version, claim_version, find_shipment, partner_scope
from logistics.unit_of_work import writing

_REFERENCE_LOCK = 7_310_001  # PostgreSQL advisory lock key that serialises reference numbering


def list_shipments(session: Session, actor: Actor, filters: dict):
    """Return a query of the shipments an actor may see, filtered, newest first."""
    query = select(Shipment).order_by(col(Shipment.id).desc())
    if actor.is_partner:
        query = query.where(partner_scope(actor.organization_id))
    for name in ("direction", "kind", "counterparty_id", "transport_mode"):
        if filters.get(name) is not None:
            query = query.where(getattr(Shipment, name) == filters[name])
    if filters.get("status"):
        query = query.where(col(Shipment.status).in_(filters["status"]))
    if country := filters.get("country"):
        query = query.where(or_(Shipment.origin_country == country,
                                Shipment.destination_country == country))
    query = departed_within(query, filters.get("date_basis", "planned"), filters.get("date_from"),
                            filters.get("date_to"))
    if q := filters.get("q"):
        query = query.where(_search(session, q))
    return query


def _search(session: Session, q: str):
    """Return the condition of ``q``: a case-insensitive substring of the reference or tracking number.

    PostgreSQL answers it from pg_trgm indexes (LIKE/ILIKE); SQLite from the FTS5 trigram table of
    migration 0009 when ``q`` has the three characters a trigram needs, by a scan otherwise.
    """
    if session.get_bind().dialect.name == "sqlite" and len(q) >= 3:
        phrase = '"' + q.replace('"', '""') + '"'
        return col(Shipment.id).in_(
            select(literal_column("rowid")).select_from(text("shipments_search"))
            .where(text("shipments_search MATCH :search_phrase").bindparams(search_phrase=phrase)))
    return or_(col(Shipment.reference).contains(q.upper(), autoescape=True),
               col(Shipment.tracking_number).icontains(q, autoescape=True))


def departed_within(query, basis: str, start: date | None, end: date | None):
    """Keep the shipments that departed within the days: by actual dispatch or planned departure.

    An actual dispatch is a moment: its day is the UTC day, like every timestamp the tracker keeps.
    A shipment not dispatched yet has no actual date, so a period by actual date leaves it out.
    """
    if basis in ("actual", "arrival"):
        moment = actual_moment(basis)
        if start is not None:
            query = query.where(moment >= day_start(start))
        following = day_after(end)
        if following is not None:
            query = query.where(moment < following)
        return query
    if start is not None:
        query = query.where(col(Shipment.planned_departure) >= start)
    if end is not None:
        query = query.where(col(Shipment.planned_departure) <= end)
    return query


def actual_moment(basis: str):
    """Return the moment an actual basis dates a shipment by: its dispatch, or its arrival (received, else
    delivered)."""
    if basis == "arrival":
        return func.coalesce(col(Shipment.received_at), col(Shipment.delivered_at))
    return col(Shipment.dispatched_at)


def day_start(day: date) -> datetime:
    """Return the first moment of a day, UTC."""
    return datetime(day.year, day.month, day.day, tzinfo=UTC)


def day_after(day: date | None) -> datetime | None:
    """Return the first moment after a day, UTC: None for no day, or for the calendar's last (9999-12-31).

    The day after date.max does not exist (OverflowError, a 500 for "to=9999-12-31"); a period up to
    the calendar's last day has no upper bound.
    """
    if day is None or day == date.max:
        return None
    return day_start(day + timedelta(days=1))


def create_shipment(session: Session, actor: Actor, command: CreateShipment) -> Shipment:
    """Log a new shipment in draft, with its lines, and start its history."""
    lines, errors = build_lines(session, command.lines, first_line_no=1)
    _check_counterparty(session, command.counterparty_id, errors)
    if errors:
        raise Invalid(E_("the shipment was not saved: %(problems)s", problems=summarize(errors)), errors)
    with writing(session, actor):
        reference = command.reference or _next_reference(
            session, command.direction, command.planned_departure)
        shipment = Shipment(reference=reference.upper(), status=Status.DRAFT.value,
                            created_by_id=actor.user_id, updated_by_id=actor.user_id,
                            **command.columns())
        shipment.lines = lines
        session.add(shipment)
        # The relationship sets shipment_id at flush (SQLModel types it as a required argument).
        session.add(ShipmentEvent(shipment=shipment, kind="created",  # type: ignore[call-arg]
                                  to_status=Status.DRAFT.value, actor_id=actor.user_id))
        with unique("reference", E_("a shipment with reference %(reference)s exists already",
                                       reference=repr(reference))):
            session.flush()
    return shipment


def update_shipment(session: Session, actor: Actor, key: str, expected_version: int,
                    change: UpdateShipment) -> Shipment:
    """Change a shipment's header; what may change depends on its status.

    A change that sets nothing new (an empty body, or the values it has already) writes nothing:
    the version, updated_at, the audit trail and the documents' revision stay as they are.
    """
    with writing(session, actor):
        shipment = find_shipment(session, actor, key)
        check_version(shipment, expected_version)
        _refuse_immutable(shipment, change)
        changes = {k: v for k, v in change.columns().items() if v != getattr(shipment, k)}
        if not changes:
            return shipment
        claim_version(session, shipment, expected_version, actor)
        status = Status(shipment.status)
        allowed = editable_fields(status)
        refused = sorted(k for k in changes if k not in allowed)
        if refused:
            raise Invalid(E_("shipment %(reference)s is %(status)s: %(refused)s can no longer change (what "
                             "still may: %(allowed)s); nothing was saved", reference=shipment.reference,
                             status=status, refused=", ".join(refused), allowed=", ".join(allowed)),
                          {k: [E_("cannot change while the shipment is %(status)s", status=status)]
                           for k in refused})
        errors: dict = {}
        if "counterparty_id" in changes:
            _check_counterparty(session, change.counterparty_id, errors)
        merged_departure = changes.get("planned_departure", shipment.planned_departure)
        merged_arrival = changes.get("expected_arrival", shipment.expected_arrival)
        if merged_departure and merged_arrival and merged_arrival < merged_departure:
            errors["expected_arrival"] = [E_("must not be before planned_departure")]
        if errors:
            raise Invalid(E_("the shipment was not saved: %(problems)s", problems=summarize(errors)), errors)
        for key_, value in changes.items():
            setattr(shipment, key_, value)
        if "counterparty_id" in changes:
            # the joined-loaded relationship still holds the old organisation: the answer must not
            session.expire(shipment, ["counterparty"])
        notify_edit(session, shipment, list(changes), actor.user_id)  # followers, in this transaction
    return shipment


def renew_tracking_token(session: Session, actor: Actor, key: str, expected_version: int) -> Shipment:
    """Replace a shipment's public tracking token: the old link stops working at once."""
    with writing(session, actor):
        shipment = find_shipment(session, actor, key)
        claim_version(session, shipment, expected_version, actor)
        shipment.tracking_token = new_tracking_token()
    return shipment


def find_by_tracking_token(session: Session, token: str) -> Shipment:
    """Return the shipment behind a public tracking token, or raise NotFound."""
    # Only a text shaped like a token (secrets.token_urlsafe) reaches the database: never a NUL.
    shipment = session.exec(select(Shipment).where(Shipment.tracking_token == token)).first() \
        if is_token(token, min_length=20, max_length=64) else None
    if shipment is None:
        raise NotFound(E_("no shipment is tracked under this link (it may have been replaced)"))
    return shipment


def _refuse_immutable(shipment: Shipment, change: UpdateShipment) -> None:
    errors = {}
    if change.reference and change.reference.upper() != shipment.reference:
        errors["reference"] = [E_("a shipment's reference never changes")]
    if "lines" in change.given:
        errors["lines"] = [E_("change lines through /shipments/<id>/lines")]
    if errors:
        raise Invalid(E_("the shipment was not saved: %(problems)s", problems=summarize(errors)), errors)


def _check_counterparty(session: Session, counterparty_id: int | None, errors: dict) -> None:
    if counterparty_id is None:
        return
    organization = get_or_none(session, Organization, counterparty_id)
    if organization is None:
        errors["counterparty_id"] = [E_("no organisation with id %(id)s", id=counterparty_id)]
    elif refusal := counterparty_refusal(organization.name, organization.kind):
        errors["counterparty_id"] = [refusal]


def _next_reference(session: Session, direction: Direction, departure: date | None) -> str:
    """Return the next free reference such as OUT-2020-0004 (numbered per direction and year)."""
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _REFERENCE_LOCK})
    # Without a planned departure, the year is today's in UTC, like every timestamp the tracker keeps.
    year = (departure or utcnow().date()).year
    prefix = f"{'IN' if direction is Direction.INBOUND else 'OUT'}-{year}-"
    numbered = session.exec(
        select(Shipment.reference).where(col(Shipment.reference).like(f"{prefix}%"),
                                         col(Shipment.reference).regexp_match(f"^{prefix}[0-9]{{1,9}}$"))
        .order_by(func.length(Shipment.reference).desc(), col(Shipment.reference).desc()).limit(1)
    ).first()
    last = int(numbered[len(prefix):]) if numbered else 0
    return f"{prefix}{last + 1:04d}"
