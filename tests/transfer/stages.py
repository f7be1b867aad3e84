"""Plain values for testing an import's stages without a database: a catalogue in memory, rows as read."""
from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from logistics.domain.import_rows import (
    ImportShipment,
    ItemRef,
    OrganizationRef,
    RawShipment,
    group_shipments,
    read_columns,
    read_rows,
)
from logistics.domain.transfer import COLUMNS
from logistics.schemas.import_rows import check_shipment
from logistics.units import ItemUnits, parse_quantity, resolve_pack


def item_units(base_unit: str, unit_mass_kg: str | None = None, packs: tuple = ()) -> ItemUnits:
    """Return what an item is measured in, its packs resolved as the catalogue resolves them."""
    units = ItemUnits(base_unit, Decimal(unit_mass_kg) if unit_mass_kg else None)
    for name, size in packs:
        units.packs[name] = resolve_pack(units, name, parse_quantity(size))
    return units


@dataclass
class MemoryCatalogue:
    """The demo's coverall and rice, and three organisations, in dictionaries."""

    items: dict[str, ItemRef] = field(default_factory=lambda: {
        "PPE-COV": ItemRef(1, "PPE-COV", item_units("piece", "0.35", (("box", "25 piece"),
                                                                      ("carton", "4 box")))),
        "RICE": ItemRef(2, "RICE", item_units("kg")),
    })
    organizations: dict[int | str, OrganizationRef] = field(default_factory=lambda: {
        key: organization for organization in (OrganizationRef(7, "Bratislava Hospital", "recipient"),
                                               OrganizationRef(8, "Zlín Textiles", "supplier"),
                                               OrganizationRef(9, "Cangzhou–Europe Express Rail", "carrier"))
        for key in (organization.id, organization.name)})

    def item(self, sku: str) -> ItemRef | None:
        """Return the item with this SKU, or None."""
        return self.items.get(sku)

    def organization(self, key: int | str) -> OrganizationRef | None:
        """Return the organisation, or None."""
        return self.organizations.get(key)


def raw_shipments(rows: list[dict], headings=COLUMNS) -> list:
    """Read rows of cells (by column name) as a sheet of these headings would be read: row 2 onwards."""
    sheet = [(number, [cells.get(name, "") for name in headings]) for number, cells in enumerate(rows, 2)]
    return list(group_shipments(read_rows(sheet, read_columns(headings))))


def raw_shipment(*rows: dict) -> RawShipment:
    """Read the rows of one shipment."""
    (found,) = raw_shipments(list(rows))
    assert isinstance(found, RawShipment), found
    return found


def checked(*rows: dict, catalogue=None) -> ImportShipment:
    """Read and check the rows of one shipment that must be accepted."""
    result = check_shipment(raw_shipment(*rows), catalogue or MemoryCatalogue())
    assert isinstance(result, ImportShipment), result
    return result
