"""Packages: the types the operator packs in, the packages of a shipment, their contents, SSCC serials."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import BigInteger, CheckConstraint, Integer, String, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from logistics.models.shipments import Shipment, ShipmentLine
from logistics.models.types import UTCDateTime, utcnow
from logistics.units import Quantity


class PackageType(SQLModel, table=True):
    """A kind of package (pallet, carton, box, crate, drum, bag); the operator may add more."""

    __tablename__ = "package_types"

    id: int | None = Field(default=None, primary_key=True)
    code: str = Field(sa_type=String(20), unique=True)
    name: str = Field(sa_type=String(100))
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)


class Package(SQLModel, table=True):
    """One handling unit of a shipment, possibly on another (cartons on a pallet).

    The gross mass is kept as weighed (text and unit, as entered) and exactly in millionths of
    a kg, like a line's net mass: exact on SQLite and PostgreSQL, summed in SQL, and the
    weigher's own figure ("310 kg", "0.31 t") printed back. Dimensions are whole millimetres.
    """

    __tablename__ = "packages"
    __table_args__ = (
        CheckConstraint("gross_mass_micro IS NULL OR gross_mass_micro > 0", name="gross_mass"),
        CheckConstraint("(length_mm IS NULL AND width_mm IS NULL AND height_mm IS NULL) OR "
                        "(length_mm > 0 AND width_mm > 0 AND height_mm > 0)", name="dimensions"),
        CheckConstraint("received_state IS NULL OR received_state IN ('arrived', 'missing', 'damaged')",
                        name="received_state"),
        CheckConstraint("received_reason IS NULL OR received_reason IN "
                        "('short', 'damaged', 'wrong_item', 'expired', 'other')", name="received_reason"),
    )

    id: int | None = Field(default=None, primary_key=True)
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    parent_id: int | None = Field(default=None, foreign_key="packages.id", index=True, ondelete="CASCADE")
    type_id: int = Field(foreign_key="package_types.id", index=True)
    number: str = Field(sa_type=String(40), unique=True)
    sscc: str | None = Field(default=None, sa_type=String(18), unique=True)
    gross_mass_value: str | None = Field(default=None, sa_type=String(40))
    gross_mass_unit: str | None = Field(default=None, sa_type=String(40))
    gross_mass_micro: int | None = Field(default=None, sa_type=BigInteger)
    length_mm: int | None = Field(default=None, sa_type=Integer)
    width_mm: int | None = Field(default=None, sa_type=Integer)
    height_mm: int | None = Field(default=None, sa_type=Integer)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    # The receiver's word on it (domain/package_receipt.py): null until it is checked at receipt.
    # ``received_from`` names the package whose state it took (the pallet it was on), if not its own.
    received_state: str | None = Field(default=None, sa_type=String(10))
    received_reason: str | None = Field(default=None, sa_type=String(12))
    received_note: str | None = Field(default=None, sa_type=String(500))
    received_from: str | None = Field(default=None, sa_type=String(40))
    received_by_id: int | None = Field(default=None, foreign_key="users.id")
    received_at: datetime | None = Field(default=None, sa_type=UTCDateTime)

    type: PackageType = Relationship(sa_relationship_kwargs={"lazy": "joined"})
    shipment: Shipment = Relationship()
    contents: list["PackageContent"] = Relationship(
        back_populates="package",
        sa_relationship_kwargs={"cascade": "all, delete-orphan", "lazy": "selectin",
                                "order_by": "PackageContent.id"},
    )

    @property
    def gross_mass(self) -> Quantity | None:
        """Return the gross mass as weighed."""
        if self.gross_mass_value is None or self.gross_mass_unit is None:
            return None
        return Quantity(Decimal(self.gross_mass_value), self.gross_mass_unit)

    @property
    def dimensions_mm(self) -> tuple[int, int, int] | None:
        """Return the outer length, width and height in mm."""
        if self.length_mm is None or self.width_mm is None or self.height_mm is None:
            return None
        return (self.length_mm, self.width_mm, self.height_mm)


class PackageContent(SQLModel, table=True):
    """A quantity of one shipment line in one package: as entered, and in millionths of the line's unit."""

    __tablename__ = "package_contents"
    __table_args__ = (
        UniqueConstraint("package_id", "line_id", name="uq_package_contents_package_id_line_id"),
        CheckConstraint("base_micro > 0", name="positive"),
    )

    id: int | None = Field(default=None, primary_key=True)
    package_id: int = Field(foreign_key="packages.id", index=True, ondelete="CASCADE")
    # The package's shipment, kept here too: a shipment's packed quantities are summed per line
    # from this table alone, and the audit trail files each content under its shipment.
    shipment_id: int = Field(foreign_key="shipments.id", index=True, ondelete="CASCADE")
    line_id: int = Field(foreign_key="shipment_lines.id", index=True, ondelete="CASCADE")
    quantity_value: str = Field(sa_type=String(40))
    quantity_unit: str = Field(sa_type=String(40))
    base_micro: int = Field(sa_type=BigInteger)

    package: Package = Relationship(back_populates="contents")
    line: ShipmentLine = Relationship()

    @property
    def quantity(self) -> Quantity:
        """Return the quantity as entered (e.g. 4 box)."""
        return Quantity(Decimal(self.quantity_value), self.quantity_unit)


class SsccCounter(SQLModel, table=True):
    """The next SSCC serial of one GS1 company prefix, taken atomically by UPDATE ... RETURNING."""

    __tablename__ = "sscc_counters"

    company_prefix: str = Field(sa_type=String(10), primary_key=True)
    next_serial: int = Field(default=0, sa_type=BigInteger)
