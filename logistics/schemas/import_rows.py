"""Checking an import's rows: a shipment's cells as read -> typed values, by the API's own rules.

Checking is the second of an import's stages (read, check, plan, apply). It lives with the
schemas because it is the API's contract applied to cells: the shipment's columns go through
the API's schema, each line's cells through the API's fields, quantities through the same
normaliser. It uses only public marshmallow API (``Schema.load``, the ``fields`` of a schema
instance) and reads nothing from the database itself: items and organisations come from a
``Catalogue``, so it can be tested with plain values.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import UTC, date, datetime
from decimal import Decimal
from typing import Any, cast

from marshmallow import ValidationError

from logistics.domain.import_rows import (
    Catalogue,
    Cell,
    ImportLine,
    ImportShipment,
    ItemRef,
    LineValues,
    RawRow,
    RawShipment,
    ShipmentHeader,
)
from logistics.domain.inputs import excerpt, looks_like_id, parse_id, whole_number
from logistics.domain.organizations import counterparty_refusal
from logistics.domain.shipments import CUSTOMS_FIELDS, CreateShipment
from logistics.domain.texts import E_
from logistics.domain.timeline import ACTUAL_FIELDS, parse_moment
from logistics.domain.transfer import HEADER_COLUMNS, Refusal
from logistics.domain.workflow import HEADER_FIELDS, Direction, Kind, Status
from logistics.money import Money, MoneyError, money
from logistics.schemas.fields import Whole
from logistics.schemas.shipments import LineInSchema, ReceivedSchema, ShipmentInSchema
from logistics.services.events import measure_received
from logistics.units import (
    ItemUnits,
    Normalized,
    Quantity,
    QuantityError,
    format_decimal,
    measure,
    parse_decimal,
    parse_quantity,
    unit_quantity,
)

_HEADER_SCHEMA = ShipmentInSchema()
_HEADER_REQUIRED = frozenset(name for name, field in _HEADER_SCHEMA.load_fields.items() if field.required)
# The API's schema limited to the fields a row gives and the required ones, one per set of
# fields (a sheet has one or a few): the fields left out would only have found nothing to load,
# at several microseconds each, per shipment (10% of the header's check). Kept in the schema's
# order, so errors come in it; at most _SCHEMAS_KEPT sets (blanks in odd places make more).
_HEADER_SCHEMAS: dict[frozenset[str], ShipmentInSchema] = {}
_SCHEMAS_KEPT = 64
_LINE_FIELDS = {**LineInSchema().fields, "received_note": ReceivedSchema().fields["note"],
                "received_reason": ReceivedSchema().fields["reason"]}
_LINE_CELLS = ("lot", "expiry", "country_of_origin", "received_note", "received_reason")
_NET_MASS = ItemUnits(base_unit="kg")
_PLACE_COLUMNS = {("origin", "country"): "origin_country", ("origin", "place"): "origin_place",
                  ("destination", "country"): "destination_country",
                  ("destination", "place"): "destination_place"}
_STATUSES = frozenset(member.value for member in Status)
_COLUMN_ORDER = {name: index for index, name in enumerate(HEADER_COLUMNS)}
Measured = tuple[Quantity, Normalized]  # a quantity as kept and normalised (``units.measure``)


def check_shipment(raw: RawShipment, catalogue: Catalogue) -> ImportShipment | tuple[Refusal, ...]:
    """Check a shipment's rows with the API's rules: its typed values, or every refused cell."""
    refusals: list[Refusal] = []
    first = raw.rows[0]
    header: ShipmentHeader | None = None
    checked = check_header(first, catalogue)
    if isinstance(checked, list):
        refusals.extend(checked)
    else:
        header = checked
    status = header.status if header else None
    lines: list[ImportLine] = []
    line_rows: dict[int, int] = {}  # line_no -> its row
    for row in raw.rows:
        if header is not None and row is not first and row.header != first.header:
            refusals.extend(_differences(row, header, first, catalogue))
        if not row.has_line:
            refusals.extend(_no_lines(row, status, first.number, bool(lines)))
            continue
        line = check_line(row, status, catalogue)
        if isinstance(line, list):
            refusals.extend(line)
            continue
        number = line.values.line_no
        if number in line_rows:
            refusals.append(Refusal(row.number, "line_no", str(number),
                                    E_("line %(line)s of %(reference)s is also in row %(row)s", line=number,
                                       reference=raw.reference, row=line_rows[number])))
        else:
            line_rows[number] = row.number
            lines.append(line)
    if refusals or header is None:
        return tuple(refusals)
    return ImportShipment(first.number, header, tuple(lines))


def check_header(row: RawRow, catalogue: Catalogue) -> ShipmentHeader | list[Refusal]:
    """Check a row's shipment columns with the API's schema: the typed header, or its refused cells."""
    cells = row.cells
    data: dict[str, Any] = {}
    for name in ("reference", *HEADER_COLUMNS):
        value = cells.get(name)
        if value in ("", None) or name == "counterparty":
            continue
        data[name] = value.isoformat() if isinstance(value, date) else value
    for end in ("origin", "destination"):
        place = {key: data.pop(f"{end}_{key}") for key in ("country", "place") if f"{end}_{key}" in data}
        if place:
            data[end] = place
    status = str(data.pop("status", Status.DRAFT.value)).strip().lower()
    for name in ("direction", "kind", "transport_mode"):
        if isinstance(data.get(name), str):
            data[name] = data[name].strip().lower()
    if isinstance(data.get("incoterm"), str):
        data["incoterm"] = data["incoterm"].strip().upper()
    for name in CUSTOMS_FIELDS[1:]:  # a number typed as a number cell (an invoice 2020417) is text here
        if isinstance(data.get(name), (int, Decimal)):
            data[name] = str(data[name])
    errors: dict[str, str] = {}
    actual: dict[str, datetime] = {}
    for name in ACTUAL_FIELDS:  # not in the API's command: they come from events, kept on import
        if name in data:
            try:
                actual[name] = parse_moment(str(data.pop(name)), datetime.now(UTC))
            except ValueError as error:
                errors[name] = str(error)
    counterparty = _organization(cells.get("counterparty"), catalogue)
    if isinstance(counterparty, str):
        errors["counterparty"] = counterparty
    else:
        data["counterparty_id"] = counterparty
    command: CreateShipment | None = None
    try:
        command = _header_schema(data).load(data)  # the API's own command for a new shipment
    except ValidationError as error:
        for column, message in _flatten(error.messages_dict):
            errors.setdefault(column, _missing(column) if cells.get(column) in ("", None) else message)
    if status not in _STATUSES:
        errors["status"] = E_("must be one of %(choices)s",
                              choices=", ".join(member.value for member in Status))
    if errors or command is None:
        return [Refusal(row.number, column, _shown(cells.get(column)), message)
                for column, message in errors.items()]
    return ShipmentHeader(
        reference=str(cells["reference"]).upper(), status=Status(status), direction=command.direction,
        kind=command.kind, counterparty_id=command.counterparty_id,
        origin_country=command.origin.country, origin_place=command.origin.place,
        destination_country=command.destination.country, destination_place=command.destination.place,
        carrier=command.carrier, transport_mode=command.transport_mode,
        tracking_number=command.tracking_number, planned_departure=command.planned_departure,
        expected_arrival=command.expected_arrival, notes=command.notes,
        **{name: getattr(command, name) for name in CUSTOMS_FIELDS},
        dispatched_at=actual.get("dispatched_at"), delivered_at=actual.get("delivered_at"),
        received_at=actual.get("received_at"))


def _header_schema(data: Mapping[str, object]) -> ShipmentInSchema:
    """Return the API's shipment schema for the fields given (those it has) and the required ones."""
    key = frozenset(data)
    schema = _HEADER_SCHEMAS.get(key)
    if schema is None:
        wanted = (key & _HEADER_SCHEMA.load_fields.keys()) | _HEADER_REQUIRED  # unknown ones refused as ever
        schema = ShipmentInSchema(only=tuple(name for name in _HEADER_SCHEMA.load_fields if name in wanted))
        for name in ("origin", "destination"):  # a sheet names a few places, on shipment after shipment
            place = schema.load_fields.get(name)
            if isinstance(place, Whole):
                place.answers = {}  # this schema's own field: the API's schemas keep none
        if len(_HEADER_SCHEMAS) >= _SCHEMAS_KEPT:
            _HEADER_SCHEMAS.clear()
        _HEADER_SCHEMAS[key] = schema
    return schema


def check_line(row: RawRow, status: Status | None, catalogue: Catalogue) -> ImportLine | list[Refusal]:
    """Check a row's line cells with the API's fields and normaliser: the typed line, or its refused cells.

    ``status`` is the shipment's (None when its columns were refused): received quantities go
    with status received, and a received line without them arrived in full.
    """
    cells = row.cells
    errors: dict[str, str] = {}
    line_no = _whole(cells.get("line_no"))
    if line_no is None:
        errors["line_no"] = E_("give the line's number: a whole number from 1, unique within the shipment")
    checked: dict[str, Any] = {}
    for name in _LINE_CELLS:
        value = cells.get(name)
        found = None if value in ("", None) else _cell(name, value)
        if isinstance(found, _Bad):
            errors[name] = found.message
        else:
            checked[name] = found
    declared = _value(cells.get("declared_value"), cells.get("currency"), errors)
    net_mass = _net_mass(cells.get("net_mass"), cells.get("net_mass_unit"), errors)
    sku = str(cells.get("sku") or "").strip()
    item = catalogue.item(sku) if sku else None
    quantities = None
    if item is None:
        errors["sku"] = E_("no item with SKU %(sku)s", sku=repr(sku)) if sku else E_("give the item's SKU")
    else:
        quantities = _quantities(cells, status, item, errors)
    if errors or item is None or quantities is None or line_no is None:
        return [Refusal(row.number, column, _shown(cells.get(column)), message)
                for column, message in errors.items()]
    (kept, normalized), received = quantities
    reason = checked["received_reason"]
    return ImportLine(row.number, LineValues(  # by position: a NamedTuple made by keyword takes twice as long
        line_no, item.id, kept, normalized, checked["lot"], checked["expiry"], declared,
        checked["country_of_origin"],
        net_mass[0] if net_mass else None, net_mass[1].value if net_mass else None,  # as kept, in kg
        received[0] if received else None, received[1].value if received else None,  # as kept, in base units
        checked["received_note"], reason.value if reason else None))


def _value(amount: object, currency: object, errors: dict[str, str]) -> Money | None:
    """Read a declared value from its amount and currency cells (both or neither), or say why not."""
    given, priced = amount not in ("", None), currency not in ("", None)
    if not (given or priced):
        return None
    if not (given and priced):
        errors["currency" if given else "declared_value"] = E_("give declared_value and currency together")
        return None
    if isinstance(amount, float):  # a typed number cell: its exact decimal text
        amount = str(Decimal(repr(amount)))
    try:
        return money(amount, currency)
    except MoneyError as error:
        errors["currency" if error.field == "currency" else "declared_value"] = str(error)
        return None


def _net_mass(value: object, unit: object, errors: dict[str, str]) -> Measured | None:
    """Read a net mass from its cell ("480 kg", or 480 with kg in net_mass_unit), or say why not."""
    if value in ("", None):
        if unit not in ("", None):
            errors["net_mass"] = E_("give the net mass with its unit, e.g. 480 kg")
        return None
    try:
        return measure(_quantity(value, unit), _NET_MASS)
    except QuantityError as error:
        errors["net_mass"] = E_("%(error)s (a net mass is in kg, t, g or lb)", error=str(error))
        return None


def _quantities(cells: Mapping[str, Cell], status: Status | None, item: ItemRef,
                errors: dict[str, str]) -> tuple[Measured, Measured | None] | None:
    """Measure what was sent and what arrived (None until received), or say why not in ``errors``."""
    try:
        quantity = _quantity(cells.get("quantity"), cells.get("unit"))
        sent = measure(quantity, item.units, readings=item.readings)  # the item's unit tokens read once
    except QuantityError as error:
        errors["quantity"] = E_("%(sku)s: %(error)s", sku=item.sku, error=str(error))
        return None
    received = cells.get("received_quantity")
    if received in ("", None):
        return sent, (sent if status is Status.RECEIVED else None)
    if status is not None and status is not Status.RECEIVED:
        errors["received_quantity"] = E_("received quantities go with status received")
        return None
    kept, normalized = sent
    described = {"line_no": cells.get("line_no"), "dimension": normalized.dimension.value,
                 "quantity_value": format_decimal(kept.value), "quantity_unit": kept.unit}
    try:
        arrived = _quantity(received, cells.get("received_unit"), allow_zero=True)
        return sent, measure_received(item.units, described, arrived)
    except QuantityError as error:
        errors["received_quantity"] = E_("%(sku)s: %(error)s", sku=item.sku, error=str(error))
        return None


def _differences(row: RawRow, header: ShipmentHeader, first_row: RawRow,
                 catalogue: Catalogue) -> list[Refusal]:
    """Refuse a row whose shipment columns differ from those of the shipment's first row.

    A cell left blank (a continuation row written as people do, the shipment's cells once) is
    asked for as in the first row, naming its column: every such cell at once.
    """
    first = first_row.number
    other = check_header(row, catalogue)
    if isinstance(other, list):
        refused = {refusal.column for refusal in other}
        other += [Refusal(row.number, column, _shown(row.cells.get(column)), "") for column in HEADER_COLUMNS
                  if column not in refused and row.cells.get(column) in ("", None)
                  and first_row.cells.get(column) not in ("", None)
                  and (column != "status" or _status(first_row) != Status.DRAFT.value)]  # blank is draft
        other.sort(key=lambda refusal: _COLUMN_ORDER.get(refusal.column or "", 0))
        return [_as_in_first(refusal, row, first_row, header.reference) for refusal in other]
    refusals = []
    for name in (*HEADER_FIELDS, "status", "reference"):
        if getattr(other, name) != getattr(header, name):
            column = "counterparty" if name == "counterparty_id" else name
            refusals.append(_as_in_first(Refusal(
                row.number, column, _shown(row.cells.get(column)),
                E_("differs from row %(first)s, the first row of shipment %(reference)s (a shipment's "
                   "columns repeat unchanged on each line)", first=first, reference=header.reference)),
                row, first_row, header.reference))
    return refusals


def _status(row: RawRow) -> str:
    """Return a row's status as written (blank: draft), to compare."""
    return str(row.cells.get("status") or Status.DRAFT.value).strip().lower()


def _as_in_first(refusal: Refusal, row: RawRow, first: RawRow, reference: str) -> Refusal:
    """Ask for a blank shipment cell of a shipment's later row as its first row gives it."""
    column = refusal.column
    if column is None or row.cells.get(column) not in ("", None) or (
            first.cells.get(column) in ("", None) and column != "status"):
        return refusal
    return Refusal(refusal.row, refusal.column, refusal.value,
                   E_("give %(column)s as in row %(first)s, the first row of shipment %(reference)s (a "
                      "shipment's columns repeat unchanged on each of its lines)", column=column,
                      first=first.number, reference=reference))


def _missing(column: str) -> str:
    """Say what to give in a blank cell the API's schema requires (its message names no column)."""
    if column in ("direction", "kind"):
        choices = Direction if column == "direction" else Kind
        return E_("give %(column)s: one of %(choices)s", column=column,
                  choices=", ".join(member.value for member in choices))
    if column.endswith("_country"):
        return E_("give %(column)s: the country's ISO 3166-1 alpha-2 code (e.g. CZ, SK, PL, HR, CN)",
                  column=column)
    return E_("give %(column)s: it is required", column=column)


def _no_lines(row: RawRow, status: Status | None, first: int, has_lines: bool) -> list[Refusal]:
    """Refuse a row without line cells, unless it stands alone for a draft or cancelled shipment."""
    if status not in (None, Status.DRAFT, Status.CANCELLED):
        return [Refusal(row.number, "line_no", "",
                        E_("a %(status)s shipment has lines: give line_no, sku and quantity (only a draft or "
                           "cancelled one may have none)", status=str(status)))]
    if has_lines or row.number != first:
        return [Refusal(row.number, "line_no", "",
                        E_("give line_no, sku and quantity: a row without them stands only for a shipment "
                           "with no lines at all"))]
    return []


def _organization(raw: object, catalogue: Catalogue) -> int | str:
    """Return the id of the counterparty a cell names (by name, or by id); or why not."""
    text = "" if raw is None else str(raw).strip()
    if not text:
        return E_("give the organisation's name (as in the catalogue) or its id")
    if looks_like_id(text):  # ASCII digits: an id (one too long to be one names nothing)
        row_id = parse_id(text)
        found = catalogue.organization(row_id) if row_id is not None else None
        if found is None:
            return E_("no organisation with id %(id)s", id=excerpt(text, quote=False))
    else:
        found = catalogue.organization(text)
        if found is None:
            return E_("no organisation named %(name)s: give the name exactly as in the catalogue, or its id",
                      name=excerpt(text))
    return counterparty_refusal(found.name, found.kind) or found.id


class _Bad:
    """A cell the API's field refused, with the field's message (cached like a good value)."""

    __slots__ = ("message",)

    def __init__(self, message: str):
        self.message = message


# Answers of the fields by (column, cell): lots, values and dates repeat down a sheet. A plain dict
# emptied when full, not functools.lru_cache: the cache's entries are made and dropped at the
# rate of rows, and lru_cache's linked nodes are objects the garbage collector must keep
# visiting (the import was 10% slower with it), while this dict holds only plain values.
_CELLS: dict[tuple[str, object], object] = {}
_CELLS_KEPT = 4_096
_WHOLES: dict[object, object] = {}  # line numbers by cell, kept the same way


def _cell(name: str, value: object) -> object:
    """Check one line cell with the API's own field: its value, or _Bad (the answers are cached)."""
    key = (name, value)
    found = _CELLS.get(key, _CELLS)
    if found is _CELLS:
        try:
            found = _LINE_FIELDS[name].deserialize(value.isoformat() if isinstance(value, date) else value)
        except ValidationError as error:
            found = _Bad(_first(error.messages))
        if len(_CELLS) >= _CELLS_KEPT:
            _CELLS.clear()
        _CELLS[key] = found
    return found


def _quantity(value: object, unit: object, *, allow_zero: bool = False) -> Quantity:
    """Read a quantity from its cell ("22.5 t"), or from an amount and a unit cell."""
    text = "" if value is None else str(value).strip()
    unit = "" if unit is None else str(unit).strip()
    if not text:
        raise QuantityError(E_("give the quantity, e.g. 22.5 t (or 22.5 with t in the unit column)"))
    if unit:
        try:
            amount = parse_decimal(text, allow_zero=allow_zero)
        except QuantityError:
            if not any(char.isalpha() for char in text):
                raise
            raise QuantityError(E_("%(text)s is not an amount: the unit column says %(unit)s, so give the "
                                   "amount alone (e.g. 22.5), or leave the unit column empty",
                                   text=repr(text), unit=repr(unit))) from None
        return unit_quantity(amount, unit)  # as parse_quantity({"value": text, "unit": unit}), parsed once
    return parse_quantity(text, allow_zero=allow_zero)


def _whole(value: object) -> int | None:
    """Return the line number a cell gives, or None (the answers are cached: numbers repeat down a sheet)."""
    found = _WHOLES.get(value, _WHOLES)
    if found is _WHOLES:
        number = whole_number(str(value or "").strip(), max_digits=7)
        found = number if number is not None and 0 < number <= 1_000_000 else None
        if len(_WHOLES) >= _CELLS_KEPT:
            _WHOLES.clear()
        _WHOLES[value] = found
    return cast(int | None, found)


def _shown(value: object) -> str | None:
    """Return a cell as a refusal shows it."""
    return None if value is None else str(value)


def _first(messages: Any) -> str:
    while isinstance(messages, (list, dict)):
        messages = next(iter(messages.values() if isinstance(messages, dict) else messages), "")
    return str(messages)


def _flatten(messages: dict) -> Iterable[tuple[str, str]]:
    """Map the schema's messages to the sheet's columns: origin.country is origin_country.

    A place the schema refuses whole (none given: no origin_country and no origin_place) is
    its country's column, the one it requires.
    """
    for name, value in messages.items():
        if name in ("origin", "destination"):
            inner = value if isinstance(value, dict) else {"country": value}
            for key, message in inner.items():
                yield _PLACE_COLUMNS.get((name, key), f"{name}_country"), _first(message)
        else:
            yield "counterparty" if name == "counterparty_id" else name, _first(value)
