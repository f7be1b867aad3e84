"""The packing rules and package numbers, as plain Python (no app, no database)."""
from __future__ import annotations

from decimal import Decimal

import pytest
from stdnum import ean

from logistics.domain.package_numbers import (
    NumberError,
    capacity,
    check_company_prefix,
    check_sscc,
    internal_number,
    sscc_of,
)
from logistics.domain.packages import (
    MAX_DEPTH,
    ContentSpec,
    LineAmount,
    Node,
    PackageSpec,
    check_packable,
    check_packed,
    check_parent,
    check_spec,
    depth_of,
    flatten,
    packing,
    rolled_up,
    volume_m3,
)
from logistics.domain.workflow import Status
from logistics.errors import Conflict, Invalid
from logistics.units import parse_quantity

CARTON = PackageSpec("carton", 40, contents=(ContentSpec(1, parse_quantity("4 box")),))
PALLETS = PackageSpec("pallet", 14, children=(CARTON,))


def test_a_spec_counts_its_packages_children_included():
    assert (PALLETS.total, PALLETS.depth) == (14 * 41, 2)


def test_flatten_puts_every_carton_after_its_own_pallet():
    planned = list(flatten(PackageSpec("pallet", 2, children=(PackageSpec("carton", 2),))))
    assert [(index, parent, spec.type) for index, parent, spec in planned] == [
        (0, None, "pallet"), (1, 0, "carton"), (2, 0, "carton"), (3, None, "pallet"), (4, 3, "carton"),
        (5, 3, "carton")]


@pytest.mark.parametrize(("spec", "parent_depth", "field"), [
    (PackageSpec("pallet", 250, children=(CARTON,)), 0, "count"),  # 250 x 41 = 10,250
    (PackageSpec("pallet", children=(PackageSpec("carton", children=(PackageSpec("box"),)),)), 1, "parent"),
    (PackageSpec("a", children=(PackageSpec("b", children=(PackageSpec("c", children=(PackageSpec("d"),)),)),)),
     0, "children"),
    (PackageSpec("crate", 2, sscc="340123450000000017"), 0, "sscc"),
])
def test_specs_too_large_too_deep_or_with_one_sscc_for_many_are_refused(spec, parent_depth, field):
    with pytest.raises(Invalid) as refused:
        check_spec(spec, parent_depth)
    assert field in refused.value.fields


def test_a_spec_of_exactly_ten_thousand_packages_three_deep_is_accepted():
    check_spec(PackageSpec("pallet", 10, children=(PackageSpec("carton", 9, children=(PackageSpec("box", 110),)),)))
    assert PackageSpec("pallet", 10, children=(PackageSpec("carton", 9, children=(PackageSpec("box", 110),)),)).total \
        == 10 * (1 + 9 * 111)


def test_packing_stops_once_goods_are_dispatched():
    check_packable(Status.DRAFT, "OUT-1")
    check_packable(Status.CONFIRMED, "OUT-1")
    for status in (Status.IN_TRANSIT, Status.DELIVERED, Status.RECEIVED, Status.CANCELLED):
        with pytest.raises(Conflict):
            check_packable(status, "OUT-1")


def test_a_line_packed_exactly_full_passes_and_one_millionth_more_is_refused():
    lines = {1: LineAmount(1, "PPE-COV", "piece", 56_000 * 10**6)}
    check_packed(lines, {1: 56_000 * 10**6})
    with pytest.raises(Invalid) as refused:
        check_packed(lines, {1: 56_000 * 10**6 + 1})
    assert "0.000001 more than the line" in refused.value.fields["contents"][1][0]


def test_what_is_not_packed_is_reported_per_line():
    lines = [LineAmount(2, "PPE-N95", "piece", 100), LineAmount(1, "PPE-COV", "piece", 50)]
    result = packing(lines, {1: 50, 2: 30})
    assert [(p.line.line_no, p.packed_micro, p.unpacked_micro) for p in result] == [(1, 50, 0), (2, 30, 70)]


def test_a_parent_holds_its_own_contents_and_its_childrens():
    nodes = {1: Node(1, 7, None, {1: 5}), 2: Node(2, 7, 1, {1: 10, 2: 3}), 3: Node(3, 7, 2, {2: 4}),
             4: Node(4, 7, None, {})}
    assert rolled_up(nodes) == {1: {1: 15, 2: 7}, 2: {1: 10, 2: 7}, 3: {2: 4}, 4: {}}


def test_a_package_nests_only_on_the_same_shipment_never_in_itself_and_not_too_deep():
    nodes = {1: Node(1, 7, None), 2: Node(2, 7, 1), 3: Node(3, 7, 2), 4: Node(4, 8, None), 5: Node(5, 7, None)}
    check_parent(nodes[5], nodes[1], nodes)
    with pytest.raises(Invalid, match="same shipment"):
        check_parent(nodes[5], nodes[4], nodes)
    with pytest.raises(Invalid, match="into itself"):
        check_parent(nodes[1], nodes[3], nodes)
    with pytest.raises(Invalid, match=f"{MAX_DEPTH} levels"):
        check_parent(nodes[5], nodes[3], nodes)


def test_a_cycle_in_stored_nesting_is_reported_not_looped_over():
    with pytest.raises(Conflict, match="nested in itself"):
        depth_of(1, {1: Node(1, 7, 2), 2: Node(2, 7, 1)})


def test_volume_is_exact_in_cubic_metres():
    assert volume_m3((1200, 800, 1500)) == Decimal("1.44")
    assert volume_m3((1, 1, 1)) == Decimal("1E-9") and volume_m3(None) is None


@pytest.mark.parametrize("prefix", ["4012345", "40123456", "401234567", "4012345678"])
def test_ssccs_are_eighteen_digits_with_a_valid_gs1_check_digit(prefix):
    first, last = sscc_of(prefix, 0), sscc_of(prefix, capacity(prefix) - 1)
    assert first == f"0{prefix}{'0' * (16 - len(prefix))}" + ean.calc_check_digit(first[:17])
    assert len(last) == 18 and last.startswith(f"9{prefix}") \
        and last[-1] == ean.calc_check_digit(last[:17])
    assert check_sscc(first) == first
    with pytest.raises(NumberError, match="no SSCC serials left"):
        sscc_of(prefix, capacity(prefix))


def test_gs1s_published_example_sscc_is_built_and_accepted():
    # GS1 General Specifications' example: (00) 1 0614141 123456789 7.
    assert sscc_of("0614141", 10**9 + 123_456_789) == "106141411234567897"
    assert check_sscc("(00)106141411234567897") == "106141411234567897"


def test_the_serial_runs_on_into_the_extension_digit():
    room = 10 ** (16 - 7)
    assert sscc_of("4012345", room)[:9] == "140123450"


@pytest.mark.parametrize("text", ["(00) 340123450000000017", "00340123450000000017", "3401 2345 0000 0000 17"])
def test_an_sscc_is_read_with_its_application_identifier_or_spaces(text):
    assert check_sscc(text) == "340123450000000017"


@pytest.mark.parametrize(("text", "message"), [
    ("340123450000000018", "check digit"),
    ("34012345000000001", "18 digits"),
    ("３40123450000000017", "18 digits"),
    ("PKG-00000001", "18 digits"),
])
def test_a_wrong_sscc_is_refused_saying_why(text, message):
    with pytest.raises(NumberError, match=message):
        check_sscc(text)


@pytest.mark.parametrize("prefix", ["123456", "12345678901", "12345a7", "１２３４５６７"])
def test_a_company_prefix_is_seven_to_ten_ascii_digits(prefix):
    with pytest.raises(NumberError):
        check_company_prefix(prefix)


def test_internal_numbers_are_pkg_and_the_zero_padded_id():
    assert (internal_number(1), internal_number(123_456_789)) == ("PKG-00000001", "PKG-123456789")
