"""Receiving by package, the pure rules: scanned numbers, inherited states, pre-filled amounts, checks."""
from __future__ import annotations

from decimal import Decimal

import pytest

from logistics.domain.package_receipt import (
    MarkPackage,
    PackageMark,
    PackageState,
    amount_in,
    arrived_per_line,
    check_mark,
    parse_numbers,
    settle,
)
from logistics.domain.receipt import DiscrepancyReason

MISSING = PackageMark(PackageState.MISSING, DiscrepancyReason.SHORT, "not on the truck")


@pytest.mark.parametrize("typed, numbers", [
    ("PKG-00000001\nPKG-00000002", ["PKG-00000001", "PKG-00000002"]),
    ("pkg-00000001, pkg-00000001;  PKG-00000003\r\n", ["PKG-00000001", "PKG-00000003"]),
    ("00340123450000000018", ["340123450000000018"]),   # as a scanner reads a GS1-128 code
    ("(00)340123450000000018", ["340123450000000018"]),
    ("340123450000000018", ["340123450000000018"]),
    ("  \n ", []),
])
def test_scanned_numbers_are_split_upper_cased_and_stripped_of_the_application_identifier(typed, numbers):
    assert parse_numbers(typed) == numbers


def test_a_package_not_marked_follows_the_one_it_is_on_and_an_outermost_one_arrived():
    parents = {1: None, 2: 1, 3: 2, 4: None, 5: 4}
    numbers = {n: f"P{n}" for n in parents}

    settled = settle(parents, numbers, {1: MISSING, 5: PackageMark(PackageState.DAMAGED, None, "wet")})

    assert settled[3] == PackageMark(PackageState.MISSING, DiscrepancyReason.SHORT, "not on the truck", "P1")
    assert settled[3].text == "missing (with P1, short: not on the truck)"
    assert settled[4] == PackageMark(PackageState.ARRIVED, None, None) and settled[4].text == "arrived"
    assert settled[5].state is PackageState.DAMAGED and settled[5].inherited_from is None


def test_damaged_goods_count_as_arrived_and_missing_ones_do_not():
    contents = {1: {10: 4_000_000}, 2: {10: 4_000_000, 11: 1_000_000}, 3: {11: 2_000_000}}
    states = {1: PackageMark(PackageState.ARRIVED, None, None), 2: PackageMark(PackageState.DAMAGED, None, "x"),
              3: MISSING}

    assert arrived_per_line(contents, states) == {10: 8_000_000, 11: 1_000_000}


@pytest.mark.parametrize("micro, per_unit, amount", [
    (1_100_000_000, [("carton", 100_000_000), ("box", 25_000_000)], (Decimal(11), "carton")),
    (1_125_000_000, [("carton", 100_000_000), ("box", 25_000_000)], (Decimal(45), "box")),
    (1_110_000_000, [("carton", 100_000_000), ("box", 25_000_000)], None),
    (0, [("carton", 100_000_000)], (Decimal(0), "carton")),
])
def test_an_amount_is_said_in_the_first_unit_that_counts_it_exactly(micro, per_unit, amount):
    assert amount_in(micro, per_unit) == amount


@pytest.mark.parametrize("mark, field", [
    (MarkPackage("P1", PackageState.ARRIVED), None),
    (MarkPackage("P1", PackageState.MISSING), None),
    (MarkPackage("P1", PackageState.DAMAGED, note="lid torn"), None),
    (MarkPackage("P1", PackageState.DAMAGED), "note"),
    (MarkPackage("P1", PackageState.DAMAGED, note="  "), "note"),
    (MarkPackage("P1", PackageState.MISSING, DiscrepancyReason.OTHER), "note"),
    (MarkPackage("P1", PackageState.ARRIVED, DiscrepancyReason.SHORT), "reason"),
    (MarkPackage("P1", PackageState.MISSING, DiscrepancyReason.OVER), "reason"),
])
def test_a_mark_is_checked_naming_the_package(mark, field):
    problems = check_mark(mark)
    assert list(problems) == ([field] if field else [])
    assert all("package P1" in message for messages in problems.values() for message in messages)
