"""The item catalogue: what is counted or measured in which base unit, packs and unit mass."""

from datetime import datetime
from decimal import Decimal

from sqlalchemy import JSON, BigInteger, String, UniqueConstraint
from sqlmodel import Field, Relationship, SQLModel

from logistics.models.types import UTCDateTime, utcnow
from logistics.units import Quantity


class Item(SQLModel, table=True):
    """A kind of goods, counted or measured in its base unit."""

    __tablename__ = "items"

    id: int | None = Field(default=None, primary_key=True)
    sku: str = Field(sa_type=String(64), unique=True)
    name: str = Field(sa_type=String(300))
    category: str | None = Field(default=None, sa_type=String(100), index=True)
    base_unit: str = Field(sa_type=String(20))
    # unit mass as entered, and exactly in millionths of a kg per base unit
    unit_mass_value: str | None = Field(default=None, sa_type=String(40))
    unit_mass_unit: str | None = Field(default=None, sa_type=String(20))
    unit_mass_micro_kg: int | None = Field(default=None, sa_type=BigInteger)
    hs_code: str | None = Field(default=None, sa_type=String(12))
    # name and pack names in other languages (domain/item_translations.py): {"cs": {"name": ...}}
    translations: dict | None = Field(default=None, sa_type=JSON)
    created_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)
    updated_at: datetime = Field(default_factory=utcnow, sa_type=UTCDateTime)

    @property
    def unit_mass(self) -> Quantity | None:
        """Return the unit mass as entered (mass of one base unit)."""
        if self.unit_mass_value is None or self.unit_mass_unit is None:
            return None
        return Quantity(Decimal(self.unit_mass_value), self.unit_mass_unit)

    packs: list["ItemPack"] = Relationship(
        back_populates="item",
        sa_relationship_kwargs={"order_by": "ItemPack.position", "cascade": "all, delete-orphan",
                                "lazy": "selectin"},
    )


class ItemPack(SQLModel, table=True):
    """A named pack of an item (box = 25 piece), possibly of another pack (carton = 4 box)."""

    __tablename__ = "item_packs"
    __table_args__ = (UniqueConstraint("item_id", "name", name="uq_item_packs_item_id_name"),)

    id: int | None = Field(default=None, primary_key=True)
    item_id: int = Field(foreign_key="items.id", index=True, ondelete="CASCADE")
    position: int
    name: str = Field(sa_type=String(40))
    quantity_value: str = Field(sa_type=String(40))
    quantity_unit: str = Field(sa_type=String(40))
    base_micro: int = Field(sa_type=BigInteger)

    item: Item = Relationship(back_populates="packs")

    @property
    def quantity(self) -> Quantity:
        """Return the pack's size as entered (e.g. 4 box)."""
        return Quantity(Decimal(self.quantity_value), self.quantity_unit)
