"""Quantities on pages: written in the reader's language, and what they type read back the same way.

English pages pass a typed quantity to the API's own schema unchanged (its parser is English:
a point for decimals, a comma for thousands). In the other languages the text is read here with
``typed_quantities.parse_typed`` and handed on in the API's neutral shape, {"value": "5760",
"unit": "piece"}, so the schemas and services see one kind of quantity whatever the language.
"""
from __future__ import annotations

from collections.abc import Mapping

from logistics.errors import Invalid
from logistics.local_quantities import form_quantity, format_quantity
from logistics.typed_quantities import TypedQuantityError, parse_typed, typed_words
from logistics.units import Normalized, Quantity, format_decimal


def reader_language() -> str:
    """Return the language of this request's pages (en outside one)."""
    from logistics.i18n import current_language

    return current_language()


def item_name(item, language: str | None = None) -> str:
    """Return an item's name in the reader's language, else its own."""
    translations = getattr(item, "translations", None) or {}
    entry = translations.get(language or reader_language()) or {}
    return entry.get("name") or item.name


def shown(quantity: Quantity | Normalized, translations: Mapping | None = None) -> str:
    """Write a quantity for reading on a page: "22,5 tuny", "1 200 krabic", "30,000 pieces".

    Without ``translations``, the packs of the items on the page being shown (``named``) are
    named as those items translate them, where no two of them translate one pack differently.
    """
    if translations is None:
        from flask import g, has_request_context

        translations = g.get("pack_translations") if has_request_context() else None
    return format_quantity(quantity, reader_language(), translations=translations, length="long")


def in_field(quantity: Quantity | Normalized, translations: Mapping | None = None) -> str:
    """Write a quantity as a form field shows it and reads it back: "5760 ks", "22,5 t", "12 carton"."""
    return form_quantity(quantity, reader_language(), translations=translations)


def typed(text: str, item=None) -> str | dict:
    """Return a typed quantity as the API's schema takes it, or raise TypedQuantityError.

    ``item`` (an Item, if known) adds its pack names in the reader's language to the words read.
    """
    language = reader_language()
    if language == "en":
        return text
    packs = [pack.name for pack in item.packs] if item is not None else []
    words = typed_words(language, packs, getattr(item, "translations", None))
    quantity = parse_typed(text, language, words)
    return {"value": format_decimal(quantity.value), "unit": quantity.unit}


def read_fields(fields: dict[tuple, tuple[str, object]]) -> dict:
    """Read several typed quantities at once: {error path: (text, item)} -> {error path: API value}.

    Every refusal is gathered, each at its field's path (("received", 0, "quantity")), and raised
    together as one Invalid, so a form marks every field that could not be read.
    """
    values: dict = {}
    errors: dict = {}
    for path, (text, item) in fields.items():
        try:
            values[path] = typed(text, item)
        except TypedQuantityError as error:
            node = errors
            for key in path[:-1]:
                node = node.setdefault(key, {})
            node[path[-1]] = [str(error)]
    if errors:
        raise Invalid(_first(errors), errors)
    return values


def _first(errors: dict) -> str:
    while isinstance(errors, dict):
        errors = next(iter(errors.values()))
    return errors[0] if isinstance(errors, list) else str(errors)


QUANTITY_FIELDS = ("quantity", "net_mass")  # what a line's forms type as quantities


def typed_line(data: dict, item, path: tuple = ()) -> dict:
    """Return a line's form fields with its typed quantities in the API's shape (raises Invalid)."""
    fields = {(*path, name): (data[name], item) for name in QUANTITY_FIELDS
              if isinstance(data.get(name), str)}
    return {**data, **{field[-1]: value for field, value in read_fields(fields).items()}}


def typed_lines(specs: list[dict], path: str = "lines") -> list[dict]:
    """Return new lines' form fields with their quantities read, every refusal at its line's field."""
    fields = {(path, index, name): (spec[name], item_for_sku(spec.get("sku")))
              for index, spec in enumerate(specs) for name in QUANTITY_FIELDS
              if isinstance(spec.get(name), str)}
    values = read_fields(fields)
    return [{**spec, **{name: values[(path, index, name)] for name in QUANTITY_FIELDS
                        if (path, index, name) in values}} for index, spec in enumerate(specs)]


def typed_receipt(received: list[dict], items: Mapping[int, object]) -> list[dict]:
    """Return a receipt's lines with the received quantities read, each line's item giving its packs."""
    fields = {("received", index, "quantity"): (entry["quantity"], items.get(entry["line_id"]))
              for index, entry in enumerate(received) if isinstance(entry.get("quantity"), str)}
    values = read_fields(fields)
    return [{**entry, "quantity": values.get(("received", index, "quantity"), entry.get("quantity"))}
            for index, entry in enumerate(received)]


def item_for_sku(sku: object):
    """Return the catalogue's item with this SKU, or None (the schema and service say what is wrong)."""
    from logistics import db
    from logistics.errors import NotFound
    from logistics.services.items import find_item

    if not isinstance(sku, str) or not sku or reader_language() == "en":
        return None
    try:
        return find_item(db.session(), sku=sku)
    except NotFound:
        return None


def named(view, shipment):
    """Return a shipment's lines and totals with their items named in the reader's language."""
    from dataclasses import replace

    language = reader_language()
    items = {line.item_id: line.item for line in shipment.lines}
    if language == "en" or not any(getattr(item, "translations", None) for item in items.values()):
        return view.lines, view.totals
    _page_pack_translations(items.values(), language)
    lines = [replace(line, name=item_name(items[line.item_id], language)) if line.item_id in items else line
             for line in view.lines]
    totals = replace(view.totals, items=tuple(
        replace(total, name=item_name(items[total.item_id], language)) if total.item_id in items else total
        for total in view.totals.items))
    return lines, totals


def neutral_in_field(text: str) -> str:
    """Write a quantity kept in the API's notation ("1500.5 kg") as the reader's form field takes it."""
    from logistics.units import QuantityError, parse_quantity

    try:
        return in_field(parse_quantity(text))
    except QuantityError:
        return text


def _page_pack_translations(items, language: str) -> None:
    """Keep for this request the pack names the page's items translate, each pack only if unambiguous."""
    from flask import g

    packs: dict = {}
    clashing = set()
    for item in items:
        entry = ((getattr(item, "translations", None) or {}).get(language) or {}).get("packs") or {}
        for name, forms in entry.items():
            if packs.setdefault(name, forms) != forms:
                clashing.add(name)
    g.pack_translations = {language: {"packs": {k: v for k, v in packs.items() if k not in clashing}}}
