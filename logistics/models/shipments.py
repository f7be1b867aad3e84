"""Shipments: the aggregate of a shipment, its lines and its status history."""

import secrets
from datetime import date, datetime

from sqlalchemy import BigInteger, CheckConstraint, Index, String, Text, UniqueConstraint, false, text
from sqlalchemy.orm import declared_attr
from sqlmodel import Field, Relationship, SQLModel

from logistics.domain.customs import Incoterm
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.models.items import Item
from logistics.models.organizations import Organization, _in
from logistics.models.types import UTCDateTime, utcnow


def new_tracking_token() -> str:
    """Return a fresh random token for a shipment's public tracking link."""
    return secrets.token_urlsafe(32)


class Shipment(SQLModel, table=True):
    """Goods moving between us and one counterparty, with a status and a version."""

    __tablename__ = "shipments"
    __table_args__ = (
        CheckConstraint(_in("direction", Direction), name="direction"),
        CheckConstraint(_in("kind", Kind), name="kind"),
        CheckConstraint(_in("status", Status), name="status"),
        CheckConstraint(_in("transport_mode", TransportMode), name="transport_mode"),
        CheckConstraint(f"incoterm IS NULL OR {_in('incoterm', Incoterm)}", name="incoterm"),
        Index("ix_shipments_direction_status", "direction", "status"),
        # Lists are newest first (id descending): each filter's index ends with the id, so a page of
        # one status, counterparty or country is read in order from the index (migration 0009).
        Index("ix_shipments_status_id", "status", "id"),
        Index("ix_shipments_counterparty_id_id", "counterparty_id", "id"),
        Index("ix_shipments_origin_country_id", "origin_country", "id"),
        Index("ix_shipments_destination_country_id", "destination_country", "id"),
    )

    @declared_attr  # type: ignore[arg-type]  # SQLModel's metaclass passes the class
    def __mapper_args__(cls) -> dict:
        # Every UPDATE (and DELETE) of a shipment names the version it was read at, so a write
        # whose version was taken meanwhile matches no row (services/scoping.py claim_version);
        # the services set the new version themselves.
        table = cls.__table__  # type: ignore[attr-defined]  # SQLModel builds it with the class
        return {"version_id_col": table.c.version, "version_id_generator": False}

    id: int | None = Field(default=None, primary_key=True)
    reference: str = Field(sa_type=String(40), unique=True)
    direction: str = Field(sa_type=String(10))
    kind: str = Field(sa_type=String(10))
    counterparty_id: int = Field(foreign_key="organizations.id")
    origin_country: str = Field(sa_type=String(2))
    origin_place: str | None = Field(default=None, sa_type=String(200))
    destination_country: str = Field(sa_type=String(2))
    destination_place: str | None = Field(default=None, sa_type=String(200))
    carrier: str | None = Field(default=None, sa_type=String(200))
    transport_mode: str | None = Field(default=None, sa_type=String(12))
    tracking_number: str | None = Field(default=None, sa_type=String(100), index=True)
    planned_departure: date | None = Field(default=None, index=True)
    expected_arrival: date | None = None
    notes: str | None = Field(default=None, sa_type=Text)
    # When the goods actually left, arrived and were received: the occurred_at of the shipment's
    # first event moving it to in_transit, delivered and received (services/events.py keeps them in
    # the same transaction as the event), stored here so that lists and reports filter by index.
    dispatched_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    delivered_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    received_at: datetime | None = Field(default=None, sa_type=UTCDateTime, index=True)
    # Customs: the Incoterms 2020 rule and its named place ("DAP", "Nitra"), and the numbers of the
    # trade and transport documents that travel with the goods (domain/customs.py).
    incoterm: str | None = Field(default=None, sa_type=String(3))
    incoterm_place: str | None = Field(default=None, sa_type=String(200))
    invoice_number: str | None = Field(default=None, sa_type=String(40))
    cmr_number: str | None = Field(default=None, sa_type=String(40))
    awb_number: str | None = Field(default=None, sa_type=String(40))
    bill_of_lading_number: str | None = Field(default=None, sa_type=String(40))
    rail_note_number: str | None = Field(default=None, sa_type=String(40))
    status: str = Field(default=Status.DRAFT.value, sa_type=String(12))
    # 256 random bits behind the public tracking link (and the manifest's QR code); revocable.
    tracking_token: str | None = Field(default_factory=new_tracking_token, sa_type=String(64),
                                       unique=True)
    version: int = 1
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    created_by_id: int | None = Field(default=None, foreign_key="users.id")
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_by_id: int | None = Field(default=None, foreign_key="users.id")

    counterparty: Organization = Relationship(sa_relationship_kwargs={"lazy": "joined"})
    lines: list["ShipmentLine"] = Relationship(
        back_populates="shipment",
        sa_relationship_kwargs={"order_by": "ShipmentLine.line_no", "cascade": "all, delete-orphan",
                                "lazy": "selectin"},
    )
    events: list["ShipmentEvent"] = Relationship(
        back_populates="shipment",
        sa_relationship_kwargs={"order_by": "ShipmentEvent.id", "cascade": "all, delete-orphan",
                                "lazy": "select"},
    )


class ShipmentLine(SQLModel, table=True):
    """One line of goods: the quantity as entered and exactly in the item's canonical unit."""

    __tablename__ = "shipment_lines"
    __table_args__ = (
        UniqueConstraint("shipment_id", "line_no", name="uq_shipment_lines_shipment_id_line_no"),
        CheckConstraint("dimension IN ('count', 'mass', 'volume')", name="dimension"),
        CheckConstraint("base_micro > 0", name="positive"),
        CheckConstraint(f"received_reason IS NULL OR {_in('received_reason', DiscrepancyReason)}",
                        name="received_reason"),
        # A declared value is an amount and its currency, both or neither (money.py).
        CheckConstraint("(value_minor IS NULL) = (currency IS NULL) AND "
                        "(value_minor IS NULL OR value_minor >= 0)", name="value"),
        CheckConstraint("net_mass_micro IS NULL OR net_mass_micro > 0", name="net_mass"),
        # Flow reports read every column they need from here, not from the wide rows (see
        # bench/bench_flows.py). The id is there for PostgreSQL, whose index-only scan needs every
        # column the report touches (it counts lines by id); on SQLite it is the rowid anyway.
        Index("ix_shipment_lines_flow_report", "shipment_id", "item_id", "dimension", "base_unit",
              "base_micro", "id"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    line_no: int
    item_id: int = Field(foreign_key="items.id", index=True)
    quantity_value: str = Field(sa_type=String(40))
    quantity_unit: str = Field(sa_type=String(40))
    dimension: str = Field(sa_type=String(8))
    base_micro: int = Field(sa_type=BigInteger)
    base_unit: str = Field(sa_type=String(20))
    rounded: bool = False
    lot: str | None = Field(default=None, sa_type=String(100))
    expiry: date | None = None
    # The declared value: an integer of the currency's minor units (1250.50 EUR: 125050), exact on
    # SQLite (whose NUMERIC is a float) and PostgreSQL alike, and summed per currency in SQL.
    value_minor: int | None = Field(default=None, sa_type=BigInteger)
    currency: str | None = Field(default=None, sa_type=String(3))
    country_of_origin: str | None = Field(default=None, sa_type=String(2))
    # The net mass where known, as entered and in millionths of a kg (like the quantity).
    net_mass_value: str | None = Field(default=None, sa_type=String(40))
    net_mass_unit: str | None = Field(default=None, sa_type=String(40))
    net_mass_micro: int | None = Field(default=None, sa_type=BigInteger)
    received_value: str | None = Field(default=None, sa_type=String(40))
    received_unit: str | None = Field(default=None, sa_type=String(40))
    received_micro: int | None = Field(default=None, sa_type=BigInteger)
    received_note: str | None = Field(default=None, sa_type=String(500))
    # Why what arrived differs from what was sent (domain/receipt.py); required when it does.
    received_reason: str | None = Field(default=None, sa_type=String(12))

    shipment: Shipment = Relationship(back_populates="lines")
    item: Item = Relationship(sa_relationship_kwargs={"lazy": "joined"})


class ShipmentEvent(SQLModel, table=True):
    """One entry in a shipment's history: its creation, a status change or a checkpoint."""

    __tablename__ = "shipment_events"
    __table_args__ = (
        CheckConstraint("kind IN ('created', 'transition', 'checkpoint')", name="kind"),
        # The worker's fan-out finds the few events still to be told among all of them (partial;
        # the condition as each database's queries write it, services/fan_out.py).
        Index("ix_shipment_events_notify_pending", "id", postgresql_where=text("notify_pending"),
              sqlite_where=text("notify_pending = 1")),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    kind: str = Field(sa_type=String(12))
    from_status: str | None = Field(default=None, sa_type=String(12))
    to_status: str | None = Field(default=None, sa_type=String(12))
    occurred_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)  # when it happened
    recorded_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)  # when it was typed in
    actor_id: int | None = Field(default=None, foreign_key="users.id")
    location: str | None = Field(default=None, sa_type=String(200))
    note: str | None = Field(default=None, sa_type=Text)
    tracking_number: str | None = Field(default=None, sa_type=String(100))
    # Its notifications are still to be written: the event is the outbox's entry until the
    # worker fans it out to its recipients (services/fan_out.py), in the transaction that clears this.
    notify_pending: bool = Field(default=False, sa_column_kwargs={"server_default": false()})

    shipment: Shipment = Relationship(back_populates="events")
