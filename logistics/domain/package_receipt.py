"""Receiving by package: each package arrived, missing or damaged, and what the lines then hold.

A receiver checks packages (by their label's QR code, or by scanning or typing their numbers),
marks each arrived, missing or damaged, and the receipt's line quantities are pre-filled from
what the packages that arrived (damaged ones included: damaged goods still arrived) hold, in the
unit they were packed in ("12 carton", not "5760 piece"). A package not marked takes the state
of the package it is on (cartons on a missing pallet are missing); an outermost one not marked
arrived. Plain values only: the services read and write the rows.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from decimal import Decimal
from enum import StrEnum

from logistics.domain.inputs import excerpt
from logistics.domain.receipt import DiscrepancyReason, reason_label
from logistics.domain.texts import E_, figure

MAX_SCANNED = 2_000        # numbers in one scan field (a shipment of 1,000 packages, twice over)
MAX_SCAN_TEXT = 60_000     # characters of the scan field, read before anything else
_SEPARATORS = re.compile(r"[\s,;]+")
_SSCC_WITH_AI = re.compile(r"^(?:\(00\)|00)?(\d{18})$")


class PackageState(StrEnum):
    """What the receiver found of a package."""

    ARRIVED = "arrived"
    MISSING = "missing"
    DAMAGED = "damaged"


ARRIVING = (PackageState.ARRIVED, PackageState.DAMAGED)  # their contents count as arrived
DEFAULT_REASON = {PackageState.MISSING: DiscrepancyReason.SHORT,
                  PackageState.DAMAGED: DiscrepancyReason.DAMAGED}


@dataclass(frozen=True)
class MarkPackage:
    """A receiver's word on one package, named by its number or SSCC."""

    number: str
    state: PackageState
    reason: DiscrepancyReason | None = None
    note: str | None = None


@dataclass(frozen=True)
class PackageMark:
    """A package's settled receipt state: its own mark, or the one it inherits from its parent."""

    state: PackageState
    reason: DiscrepancyReason | None
    note: str | None
    inherited_from: str | None = None  # the number of the package whose mark it carries

    @property
    def text(self) -> str:
        """Return the state as people read it: "damaged (damaged: lid torn)", "missing (with PAL-1)"."""
        said = ": ".join(part for part in (reason_label(self.reason), self.note or "") if part)
        if self.inherited_from:
            said = f"with {self.inherited_from}" + (f", {said}" if said else "")
        return f"{self.state.value} ({said})" if said else self.state.value


def check_mark(mark: MarkPackage) -> dict[str, list[str]]:
    """Return what is wrong with a package's mark ({} when it may be recorded), naming the package."""
    number = mark.number
    if mark.state is PackageState.ARRIVED:
        if mark.reason is not None:
            return {"reason": [E_("package %(number)s arrived: a reason goes with missing or damaged",
                                  number=number)]}
        return {}
    if mark.reason is DiscrepancyReason.OVER:
        return {"reason": [E_("package %(number)s: reason over is for a line that arrived with more than was "
                              "sent, not a package", number=number)]}
    reason = mark.reason or DEFAULT_REASON[mark.state]
    if not (mark.note or "").strip() and (mark.state is PackageState.DAMAGED
                                          or reason is DiscrepancyReason.OTHER):
        if mark.state is PackageState.DAMAGED:
            return {"note": [E_("package %(number)s is %(state)s: say in the note what is damaged",
                                number=number, state=mark.state.value)]}
        return {"note": [E_("package %(number)s is %(state)s: say in the note what happened", number=number,
                            state=mark.state.value)]}
    return {}


def with_default_reason(mark: MarkPackage) -> MarkPackage:
    """Return the mark with the reason its state implies when none was given (missing: short)."""
    if mark.state is PackageState.ARRIVED or mark.reason is not None:
        return mark
    return MarkPackage(mark.number, mark.state, DEFAULT_REASON[mark.state], mark.note)


def settle(parents: Mapping[int, int | None], numbers: Mapping[int, str],
           own: Mapping[int, PackageMark]) -> dict[int, PackageMark]:
    """Return every package's state: its own mark, else its parent's (inherited), else arrived.

    ``parents`` maps each package id to its parent's id; ids are in creation order, so a parent
    is settled before its children (a child is created after the package it goes on).
    """
    settled: dict[int, PackageMark] = {}
    for package_id in sorted(parents):
        if package_id in own:
            settled[package_id] = own[package_id]
            continue
        parent = parents[package_id]
        above = settled.get(parent) if parent is not None else None
        if above is None:
            settled[package_id] = PackageMark(PackageState.ARRIVED, None, None)
        else:
            source = above.inherited_from or (numbers.get(parent) if parent is not None else None)
            settled[package_id] = PackageMark(above.state, above.reason, above.note, source)
    return settled


def arrived_per_line(contents: Mapping[int, Mapping[int, int]],
                     states: Mapping[int, PackageMark]) -> dict[int, int]:
    """Return, per line id, the millionths of its unit in the packages that arrived (or damaged).

    ``contents`` is each package's own contents: package id -> line id -> millionths.
    """
    arrived: dict[int, int] = {}
    for package_id, by_line in contents.items():
        mark = states.get(package_id)
        if mark is not None and mark.state not in ARRIVING:
            continue
        for line_id, micro in by_line.items():
            arrived[line_id] = arrived.get(line_id, 0) + micro
    return arrived


def parse_numbers(text: str) -> list[str]:
    """Split a scan field into package numbers: one a line or separated by spaces, commas, semicolons.

    A scanned GS1-128 code reads "00" + the SSCC (or "(00)" + it, typed); both give the SSCC.
    Numbers are upper-cased as stored; repeats are kept once.
    """
    found: list[str] = []
    for token in _SEPARATORS.split(text[:MAX_SCAN_TEXT].strip()):
        if not token:
            continue
        match = _SSCC_WITH_AI.fullmatch(token)
        number = match.group(1) if match else token.upper()
        if number not in found:
            found.append(number)
    return found


def too_many(numbers: Iterable[str]) -> str | None:
    """Say why a scan field holds too many numbers (None when it may be read)."""
    count = sum(1 for _ in numbers)
    if count <= MAX_SCANNED:
        return None
    return E_("%(count)s numbers: at most %(most)s at once", count=count, most=figure(MAX_SCANNED))


def unknown_number_message(number: str, reference: str) -> str:
    """Say that a number names no package of this shipment (another's is not told apart)."""
    return E_("no package %(number)s is on shipment %(reference)s", number=excerpt(number),
              reference=reference)


def amount_in(micro: int, per_unit: Iterable[tuple[str, int]]) -> tuple[Decimal, str] | None:
    """Return micro as a whole-or-exact amount of the first unit that divides it, or None.

    ``per_unit`` gives (unit, millionths of the line's unit in one of it), best first.
    """
    for unit, size in per_unit:
        if size > 0 and micro % size == 0:
            return Decimal(micro // size), unit
    return None
