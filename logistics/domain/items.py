"""The item catalogue's commands: an item with its base unit, unit mass and packs."""
from __future__ import annotations

from dataclasses import dataclass

from logistics.units import Quantity


@dataclass(frozen=True)
class PackSpec:
    """A pack as sent: its name and its size in the base unit or another pack (carton = 4 box)."""

    name: str
    quantity: Quantity


@dataclass(frozen=True)
class CreateItem:
    """A new item for the catalogue."""

    sku: str
    name: str
    base_unit: str  # a base unit's symbol, already checked: piece, pair, dozen, kg or L
    category: str | None = None
    unit_mass: Quantity | None = None  # the mass of one base unit
    packs: tuple[PackSpec, ...] = ()
    hs_code: str | None = None
    translations: dict | None = None  # checked by the service against the packs


@dataclass(frozen=True)
class UpdateItem:
    """A change to an item: only the fields named in ``given`` change (null clears, packs go whole)."""

    given: frozenset[str]
    sku: str | None = None
    name: str | None = None
    base_unit: str | None = None
    category: str | None = None
    unit_mass: Quantity | None = None
    packs: tuple[PackSpec, ...] | None = None
    hs_code: str | None = None
    translations: dict | None = None
