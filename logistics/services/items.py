"""Use cases for the item catalogue, and the bridge from stored items to unit rules."""
from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from sqlmodel import Session, col, func, select

from logistics.domain.access import Actor
from logistics.domain.item_translations import LANGUAGES as TRANSLATED
from logistics.domain.item_translations import TranslationError, check_translations
from logistics.domain.items import CreateItem, PackSpec, UpdateItem
from logistics.domain.texts import E_, figure, message_of
from logistics.errors import Conflict, Invalid, NotFound, summarize
from logistics.models import Item, ItemPack, ShipmentLine
from logistics.services.common import get_or_404, save_changes, unique
from logistics.unit_of_work import writing
from logistics.units import (
    Dimension,
    ItemUnits,
    Pack,
    Quantity,
    QuantityError,
    format_decimal,
    from_micro,
    lookup_unit,
    normalize,
    resolve_pack,
    to_micro,
)

FIELDS = frozenset({"sku", "name", "category", "hs_code"})  # set as given; units and packs are checked


def units_of(item: Item) -> ItemUnits:
    """Return what an item can be measured in, from its stored definition."""
    units = ItemUnits(
        base_unit=item.base_unit,
        unit_mass_kg=from_micro(item.unit_mass_micro_kg) if item.unit_mass_micro_kg else None,
    )
    for pack in item.packs:
        units.packs[pack.name] = Pack(
            name=pack.name,
            quantity=Quantity(Decimal(pack.quantity_value), pack.quantity_unit),
            base_value=from_micro(pack.base_micro),
        )
    return units


def create_item(session: Session, actor: Actor, command: CreateItem) -> Item:
    """Add an item to the catalogue, resolving its packs and unit mass exactly."""
    units = ItemUnits(base_unit=command.base_unit)
    errors: dict = {}
    _set_unit_mass(units, command.unit_mass, errors)
    packs = _resolve_packs(units, command.packs, errors)
    translations = _checked_translations(command.translations, units, errors)
    if errors:
        raise Invalid(E_("the item was not saved: %(problems)s", problems=summarize(errors)), errors)
    with writing(session, actor):
        item = Item(sku=command.sku, name=command.name, base_unit=units.base_unit,
                    category=command.category, hs_code=command.hs_code, translations=translations)
        _store_unit_mass(item, command.unit_mass, units)
        item.packs = packs
        session.add(item)
        with unique("sku", E_("an item with SKU %(sku)s exists already", sku=repr(command.sku))):
            session.flush()
    return item


def update_item(session: Session, actor: Actor, item_id: int, command: UpdateItem) -> Item:
    """Change an item, re-checking its packs and unit mass; packs in use keep their size."""
    given = command.given
    with writing(session, actor):
        item = get_or_404(session, Item, item_id, "item")
        used = session.exec(
            select(func.count()).select_from(ShipmentLine).where(col(ShipmentLine.item_id) == item.id)
        ).one() > 0
        base_unit = command.base_unit if "base_unit" in given and command.base_unit else item.base_unit
        if used and base_unit != item.base_unit:
            raise Conflict(E_("the base unit of an item on shipment lines cannot change"),
                           {"base_unit": [E_("item is used on shipment lines")]})
        unit_mass = command.unit_mass if "unit_mass" in given else item.unit_mass
        pack_specs = command.packs if "packs" in given and command.packs is not None else tuple(
            PackSpec(pack.name, pack.quantity) for pack in item.packs)
        units = ItemUnits(base_unit=base_unit)
        errors: dict = {}
        _set_unit_mass(units, unit_mass, errors)
        new_packs = _resolve_packs(units, pack_specs, errors)
        if used:
            _check_packs_kept(item, new_packs, errors)
        if "translations" in given:
            translations = _checked_translations(command.translations, units, errors)
        else:  # a pack taken away takes its translations along
            translations = _kept_translations(item.translations, units)
        if errors:
            raise Invalid(E_("the item was not saved: %(problems)s", problems=summarize(errors)), errors)
        item.base_unit = base_unit
        _store_unit_mass(item, unit_mass, units)
        _replace_packs(item, new_packs)
        for name in given & FIELDS:
            setattr(item, name, getattr(command, name))
        if translations != item.translations:
            item.translations = translations
        save_changes(session, item, "sku",
                     E_("an item with SKU %(sku)s exists already", sku=repr(command.sku)))
    return item


def _checked_translations(given: dict | None, units: ItemUnits, errors: dict) -> dict | None:
    """Return an item's translations checked against its packs and each language's unit words."""
    from logistics.typed_quantities import typed_words

    taken = {language: typed_words(language, units.packs) for language in TRANSLATED}
    try:
        return check_translations(given, units.packs, taken)
    except TranslationError as error:
        errors["translations"] = error.fields
        return None


def _kept_translations(stored: dict | None, units: ItemUnits) -> dict | None:
    """Return stored translations without the packs the item no longer has."""
    if not stored:
        return stored
    kept = {}
    for language, entry in stored.items():
        packs = {name: forms for name, forms in (entry.get("packs") or {}).items() if name in units.packs}
        cleaned = {key: value for key, value in (("name", entry.get("name")), ("packs", packs)) if value}
        if cleaned:
            kept[language] = cleaned
    return kept or None


def _replace_packs(item: Item, new_packs: list[ItemPack]) -> None:
    """Update the item's packs in place by name, so an unchanged pack keeps its row."""
    current = {pack.name: pack for pack in item.packs}
    kept = []
    for new in new_packs:
        row = current.get(new.name)
        if row is None:
            kept.append(new)
            continue
        row.position, row.quantity_value = new.position, new.quantity_value
        row.quantity_unit, row.base_micro = new.quantity_unit, new.base_micro
        kept.append(row)
    item.packs = kept


def _set_unit_mass(units: ItemUnits, quantity: Quantity | None, errors: dict) -> None:
    if quantity is None:
        return
    try:
        info = lookup_unit(quantity.unit)
        if info.dimension is not Dimension.MASS:
            raise QuantityError(E_("a unit mass is a mass (e.g. 0.35 kg), not %(unit)s", unit=info.symbol))
        if units.base.dimension is Dimension.MASS:
            raise QuantityError(E_("an item measured by mass has no separate unit mass"))
        units.unit_mass_kg = normalize(quantity, ItemUnits("kg")).value
    except QuantityError as error:
        errors["unit_mass"] = [message_of(error)]


def _store_unit_mass(item: Item, quantity: Quantity | None, units: ItemUnits) -> None:
    if quantity is None:
        item.unit_mass_value = item.unit_mass_unit = item.unit_mass_micro_kg = None
        return
    item.unit_mass_value = format_decimal(quantity.value)
    item.unit_mass_unit = lookup_unit(quantity.unit).symbol
    assert units.unit_mass_kg is not None  # _set_unit_mass set it from this same quantity
    item.unit_mass_micro_kg = to_micro(units.unit_mass_kg)


def _resolve_packs(units: ItemUnits, packs: Iterable[PackSpec], errors: dict) -> list[ItemPack]:
    rows = []
    for position, pack in enumerate(packs):
        name = pack.name.strip().lower()
        try:
            if name in units.packs:
                raise QuantityError(E_("pack %(pack)s is defined twice", pack=repr(name)))
            resolved = resolve_pack(units, name, pack.quantity)
        except QuantityError as error:
            errors.setdefault("packs", {})[position] = {"quantity": [message_of(error)]}
            continue
        units.packs[name] = resolved
        # item_id comes from the item the pack is attached to (SQLModel's type asks for it here).
        rows.append(ItemPack(position=position, name=name,  # type: ignore[call-arg]
                             quantity_value=format_decimal(pack.quantity.value),
                             quantity_unit=_unit_label(units, pack.quantity.unit),
                             base_micro=to_micro(resolved.base_value)))
    return rows


def _unit_label(units: ItemUnits, token: str) -> str:
    pack = units.pack(token)
    return pack.name if pack else lookup_unit(token).symbol


def _check_packs_kept(item: Item, new_packs: list[ItemPack], errors: dict) -> None:
    new = {p.name: p.base_micro for p in new_packs}
    for pack in item.packs:
        if new.get(pack.name) != pack.base_micro:
            errors.setdefault("packs", {})["_schema"] = [
                E_("pack %(pack)s is used by shipment lines and must stay %(quantity)s; add new packs "
                   "instead", pack=repr(pack.name),
                   quantity=figure(Decimal(pack.quantity_value), pack.quantity_unit,
                            english=" ".join((pack.quantity_value, pack.quantity_unit))))]


def get_item(session: Session, item_id: int) -> Item:
    """Return one item."""
    return get_or_404(session, Item, item_id, "item")


def find_item(session: Session, *, item_id: int | None = None, sku: str | None = None) -> Item:
    """Return an item by id or SKU, or raise NotFound."""
    if item_id is not None:
        return get_item(session, item_id)
    item = session.exec(select(Item).where(Item.sku == sku)).first()
    if item is None:
        raise NotFound(E_("no item with SKU %(sku)s", sku=repr(sku)))
    return item


def list_items(session: Session, *, category: str | None = None, q: str | None = None):
    """Return a query of items, filtered, ordered by SKU."""
    query = select(Item).order_by(Item.sku)
    if category:
        query = query.where(Item.category == category)
    if q:
        query = query.where(col(Item.sku).icontains(q, autoescape=True)
                            | col(Item.name).icontains(q, autoescape=True))
    return query
