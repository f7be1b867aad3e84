"""Checking, the second stage of an import: a shipment's cells to typed values, or every refused cell.

No database: items and organisations come from a catalogue in memory.
"""
from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.schemas.import_rows import check_header, check_line, check_shipment
from logistics.schemas.shipments import ShipmentInSchema
from logistics.money import Money
from logistics.units import Dimension, Normalized, Quantity
from tests.transfer.files import row
from tests.transfer.stages import MemoryCatalogue, checked, raw_shipment

NO_LINE = {"line_no": "", "sku": "", "quantity": "", "unit": ""}


def test_a_shipments_columns_become_typed_values():
    header = checked(row(reference="imp-0001", direction=" Outbound", transport_mode="ROAD", status="",
                         planned_departure="2020-03-02", expected_arrival=date(2020, 3, 9),
                         origin_country="cz", carrier="")).header

    assert (header.reference, header.status, header.direction, header.kind) == (
        "IMP-0001", Status.DRAFT, Direction.OUTBOUND, Kind.DONATION)
    assert (header.counterparty_id, header.origin_country, header.transport_mode) == (
        7, "CZ", TransportMode.ROAD)
    assert (header.planned_departure, header.expected_arrival) == (date(2020, 3, 2), date(2020, 3, 9))
    assert header.carrier is None and header.destination_place == "Bratislava"


def test_a_partner_is_named_by_its_catalogue_name_or_by_its_id():
    assert checked(row(counterparty="8")).header.counterparty_id == 8
    assert checked(row(counterparty="Zlín Textiles")).header.counterparty_id == 8


def test_a_lines_cells_become_exact_typed_values_with_the_unit_spelled_as_kept():
    shipment = checked(row(line_no="1", quantity="3 cartons", unit="", lot=" L-7 ", expiry="2027-03-31",
                           declared_value="4,250.50", currency="eur"),
                       row(line_no="2", sku="RICE", quantity="22.5", unit="t"))

    first, second = (line.values for line in shipment.lines)
    assert (first.line_no, first.item_id, first.quantity) == (1, 1, Quantity(Decimal(3), "carton"))
    assert first.normalized == Normalized(Dimension.COUNT, Decimal(300), "piece")
    assert (first.lot, first.expiry, first.value) == ("L-7", date(2027, 3, 31), Money("EUR", Decimal("4250.5")))
    assert (second.quantity, second.normalized.value, second.normalized.unit) == (
        Quantity(Decimal("22.5"), "t"), Decimal(22500), "kg")
    assert first.received is None and first.received_base is None
    assert [line.row for line in shipment.lines] == [2, 3]


def test_a_received_line_without_receipt_cells_arrived_in_full_and_one_with_them_as_given():
    full, short = (line.values for line in checked(
        row(status="received", line_no="1", quantity="2 box", unit=""),
        row(status="received", line_no="2", quantity="40", unit="piece", received_quantity="1",
            received_unit="box", received_note="torn")).lines)

    assert (full.received, full.received_base) == (Quantity(Decimal(2), "box"), Decimal(50))
    assert (short.received, short.received_base, short.received_note) == (
        Quantity(Decimal(1), "box"), Decimal(25), "torn")


def test_every_refused_cell_of_a_row_is_returned_with_its_row_column_value_and_reason():
    refusals = check_shipment(raw_shipment(
        row(counterparty="Nobody", destination_country="XX", status="lost", line_no="first",
            quantity="5", unit="ton", declared_value="10")), MemoryCatalogue())

    assert [(r.row, r.column, r.value) for r in refusals] == [
        (2, "counterparty", "Nobody"), (2, "destination_country", "XX"), (2, "status", "lost"),
        (2, "line_no", "first"), (2, "currency", ""), (2, "quantity", "5")]
    assert "ambiguous" in refusals[-1].reason and refusals[-1].reason.startswith("PPE-COV: ")


def test_a_row_that_writes_the_shipments_columns_differently_is_refused_column_by_column():
    refusals = check_shipment(raw_shipment(
        row(line_no="1"), row(line_no="2", carrier="DHL", destination_country="sk"),
        row(line_no="3", counterparty="8")), MemoryCatalogue())

    assert [(r.row, r.column, r.value) for r in refusals] == [(3, "carrier", "DHL"), (4, "counterparty", "8")]
    assert "differs from row 2, the first row of shipment IMP-0001" in refusals[0].reason


def test_a_line_number_given_twice_is_refused_naming_the_first_row():
    (refusal,) = check_shipment(raw_shipment(row(line_no="1"), row(line_no="1", sku="RICE", quantity="1 t",
                                                                   unit="")), MemoryCatalogue())

    assert (refusal.row, refusal.column, refusal.value) == (3, "line_no", "1")
    assert refusal.reason == "line 1 of IMP-0001 is also in row 2"


@pytest.mark.parametrize(("status", "accepted"), [("draft", True), ("cancelled", True), ("confirmed", False),
                                                  ("received", False)])
def test_only_a_draft_or_cancelled_shipment_may_be_one_row_without_lines(status, accepted):
    result = check_shipment(raw_shipment(row(status=status, **NO_LINE)), MemoryCatalogue())

    assert (result.lines == () if accepted else result[0].column == "line_no"), result


def test_a_row_without_line_cells_beside_rows_with_lines_is_refused():
    (refusal,) = check_shipment(raw_shipment(row(line_no="1"), row(**NO_LINE)), MemoryCatalogue())

    assert (refusal.row, refusal.column) == (3, "line_no") and "stands only for" in refusal.reason


def test_received_quantities_go_only_with_status_received_and_by_the_dimension_sent():
    catalogue = MemoryCatalogue()
    raw = raw_shipment(row(received_quantity="5", received_unit="piece"))
    by_mass = raw_shipment(row(status="received", received_quantity="5", received_unit="kg"))

    assert "status received" in check_line(raw.rows[0], Status.DRAFT, catalogue)[0].reason
    assert "give what arrived by count" in check_line(by_mass.rows[0], Status.RECEIVED, catalogue)[0].reason


def test_a_header_and_a_line_are_checked_alone_too():
    raw = raw_shipment(row(sku="RICE", quantity="1.25 lb", unit=""))

    header = check_header(raw.rows[0], MemoryCatalogue())
    line = check_line(raw.rows[0], header.status, MemoryCatalogue())

    assert header.reference == "IMP-0001"
    assert (line.values.normalized.value, line.values.normalized.rounded) == (Decimal("0.566990"), True)


def test_a_line_cell_refused_once_is_refused_again_from_the_cache():
    catalogue = MemoryCatalogue()
    rows = [row(line_no=str(n), lot="L" * 101) for n in (1, 2)]

    refusals = check_shipment(raw_shipment(*rows), catalogue)

    assert [(r.row, r.column) for r in refusals] == [(2, "lot"), (3, "lot")]
    assert refusals[0].reason == refusals[1].reason


def test_a_place_accepted_once_is_read_again_from_the_cache_and_a_refused_one_is_refused_again():
    catalogue = MemoryCatalogue()
    places = [row(reference=f"IMP-000{n}", origin_country="cz", origin_place=" Brno ") for n in (1, 2)]
    refused = [row(reference=f"IMP-000{n}", origin_country="XX") for n in (3, 4)]

    headers = [check_shipment(raw_shipment(cells), catalogue).header for cells in places]
    refusals = [check_shipment(raw_shipment(cells), catalogue) for cells in refused]

    assert [(header.origin_country, header.origin_place) for header in headers] == [("CZ", "Brno")] * 2
    assert [[(r.column, r.value) for r in found] for found in refusals] == [[("origin_country", "XX")]] * 2
    assert refusals[0][0].reason == refusals[1][0].reason
    assert ShipmentInSchema().load_fields["origin"].answers is None  # the API's own schemas keep none
