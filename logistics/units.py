"""Unit-aware quantities: the one pint registry, parsing, exact normalising, estimates and formatting.

Only this module creates or configures pint objects. Everything else sees plain
values: a ``Quantity`` (Decimal value + unit symbol) as entered, and a
``Normalized`` quantity in the item's canonical unit, exact to 10**-6.

It is also the one home of two rules every layer needs: the storage scale (``SCALE``,
``to_micro``, ``from_micro``: integers of millionths) and the mass estimate across
dimensions (``mass_estimate``, ``base_estimate``, ``round_estimate``).
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import ROUND_HALF_EVEN, Decimal
from enum import StrEnum
from functools import lru_cache
from pathlib import Path
from typing import cast

import pint

from logistics.domain.inputs import excerpt, non_ascii_digit
from logistics.domain.texts import E_, Figure, TextError, figure

# Quantities are stored as integers of one millionth of the canonical unit
# (1 mg, 1 µL, a millionth of a piece): exact on SQLite and PostgreSQL, and SQL sums them.
SCALE = 10**6
MAX_DECIMALS = 6
MAX_BASE_VALUE = Decimal(10) ** 12

_REGISTRY: pint.UnitRegistry = pint.UnitRegistry(
    filename=str(Path(__file__).with_name("units.txt")), non_int_type=Decimal
)


_NOT_POSITIVE = E_("amount must be greater than zero")


class QuantityError(TextError, ValueError):
    """A quantity or unit that cannot be accepted; the message says what would be right."""


class Dimension(StrEnum):
    """What a quantity measures; totals of different dimensions are never added."""

    COUNT = "count"
    MASS = "mass"
    VOLUME = "volume"


CANONICAL_UNIT = {Dimension.COUNT: "piece", Dimension.MASS: "kg", Dimension.VOLUME: "L"}

# pint unit name -> (our symbol, UN/ECE Recommendation 20 code)
_SYMBOLS = {
    "piece": ("piece", "H87"),
    "pair": ("pair", "PR"),
    "dozen": ("dozen", "DZN"),
    "kilogram": ("kg", "KGM"),
    "gram": ("g", "GRM"),
    "tonne": ("t", "TNE"),
    "pound": ("lb", "LBR"),
    "short_ton": ("short_ton", "STN"),
    "long_ton": ("long_ton", "LTN"),
    "liter": ("L", "LTR"),
    "milliliter": ("mL", "MLT"),
    "cubic_meter": ("m³", "MTQ"),
}
_DIMENSIONS = {
    "[count]": Dimension.COUNT,
    "[mass]": Dimension.MASS,
    "[volume]": Dimension.VOLUME,
}
_CANONICAL_PINT = {
    Dimension.COUNT: _REGISTRY.Unit("piece"),
    Dimension.MASS: _REGISTRY.Unit("kilogram"),
    Dimension.VOLUME: _REGISTRY.Unit("liter"),
}
_TOKEN_ALIASES = {"m³": "m3", "m^3": "m3", "M³": "m3", "M^3": "m3", "l": "L"}
_AMBIGUOUS = frozenset({"ton"})  # names that mean different masses to different readers: refused
_HINTS = {"mt": "t", "tn": "t", "tons": "t", "tonnes": "t", "kgs": "kg", "pieces": "piece"}


# Digits are 0-9 only: \d would also take "٢" or "２", which Decimal reads as 2 (domain/inputs.py).
_NUMBER = r"(?P<int>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<frac>[0-9]+))?"
MAX_TEXT = 64  # characters of a quantity as typed; "1,000,000,000,000.000001 long_ton" is 33
_QUANTITY_RE = re.compile(rf"^\s*{_NUMBER}\s*(?P<unit>[^\W\d][\w³^]*)\s*$")
_VALUE_RE = re.compile(rf"^\s*{_NUMBER}\s*$")
_UNIT_RE = re.compile(r"[^\W\d][\w³^]*")  # what may stand after the amount (checked again below)
_NAME_RE = re.compile(r"[^\W\d]\w{0,39}")


@dataclass(frozen=True)
class UnitInfo:
    """A unit the tracker knows: symbol, dimension and exact factor to the canonical unit."""

    symbol: str
    dimension: Dimension
    factor: Decimal
    unece: str


# Slots: a bulk import makes several quantities per line, hundreds of thousands in all, and a
# slotted frozen dataclass is made in two thirds of the time and is smaller.
@dataclass(frozen=True, slots=True)
class Quantity:
    """A quantity as entered: an exact positive decimal and a unit token (unit or pack name)."""

    value: Decimal
    unit: str

    def as_dict(self) -> dict[str, str]:
        """Return the JSON shape every boundary uses."""
        return {"value": format_decimal(self.value), "unit": self.unit}

    def __str__(self) -> str:
        return f"{format_decimal(self.value)} {self.unit}"


@dataclass(frozen=True, slots=True)
class Normalized:
    """A quantity in its dimension's canonical unit for one item (piece/pair, kg or L)."""

    dimension: Dimension
    value: Decimal
    unit: str
    rounded: bool = False

    @property
    def micro(self) -> int:
        """Return the stored integer: millionths of the canonical unit."""
        return to_micro(self.value)

    def as_dict(self) -> dict[str, str]:
        """Return the JSON shape every boundary uses."""
        return {"value": format_decimal(self.value), "unit": self.unit}


@dataclass(frozen=True)
class Pack:
    """A named pack of an item, resolved to a number of the item's base units."""

    name: str
    quantity: Quantity
    base_value: Decimal


@dataclass
class ItemUnits:
    """What an item can be measured in: its base unit, packs and optional unit mass (kg)."""

    base_unit: str
    unit_mass_kg: Decimal | None = None
    packs: dict[str, Pack] = field(default_factory=dict)

    @property
    def base(self) -> UnitInfo:
        """Return the base unit's description."""
        return lookup_unit(self.base_unit)

    def pack(self, token: str) -> Pack | None:
        """Return the pack a token names (any case, singular or plural), if any."""
        packs = self.packs
        if not packs:
            return None
        low = token.lower()  # then the singular: "boxes" -> "boxe", "box"; never an empty name
        if low and low in packs:
            return packs[low]
        if low.endswith("s"):
            if low[:-1] and low[:-1] in packs:
                return packs[low[:-1]]
            if low.endswith("es") and low[:-2] and low[:-2] in packs:
                return packs[low[:-2]]
        return None

    def describe(self) -> str:
        """Say in words what this item may be measured in, for error messages."""
        base = self.base
        parts = [f"{base.dimension.value} units such as {base.symbol}"]
        if self.packs:
            parts.append("its packs " + ", ".join(self.packs))
        if base.dimension is not Dimension.MASS:
            parts.append("mass (kg, t, g, lb)")
        return ", ".join(parts)


def format_decimal(value: Decimal) -> str:
    """Return a decimal as plain digits: no exponent, no trailing zeros."""
    if value == 0:
        return "0"
    text = format(value.normalize(), "f")
    return text


def format_grouped(value: Decimal, places: int | None = None) -> str:
    """Return a decimal with thousands separators, e.g. 30,000 or 22.5 (for documents)."""
    if places is not None:
        value = value.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_EVEN)
    plain = format_decimal(value)
    whole, _, frac = plain.partition(".")
    sign = "-" if whole.startswith("-") else ""
    whole = whole.lstrip("-")
    grouped = f"{int(whole):,}"
    return f"{sign}{grouped}.{frac}" if frac else f"{sign}{grouped}"


def parse_decimal(text: str, *, allow_zero: bool = False) -> Decimal:
    """Parse a plain amount ("22.5", "1,200") into an exact Decimal, or refuse it."""
    text = str(text)
    if len(text) > MAX_TEXT:
        raise QuantityError(E_("an amount has at most %(most)s characters (got %(count)s)", most=MAX_TEXT,
                               count=figure(len(text))))
    match = _VALUE_RE.match(text)
    if not match:
        raise QuantityError(_bad_number_message(str(text)))
    return _checked_decimal(match, allow_zero=allow_zero)


def parse_quantity(raw: object, *, allow_zero: bool = False) -> Quantity:
    """Parse "22.5 t" or {"value": "22.5", "unit": "t"} into a Quantity (syntax only)."""
    if isinstance(raw, dict):
        unknown = set(raw) - {"value", "unit"}
        if unknown or "value" not in raw or "unit" not in raw:
            raise QuantityError(E_('expected {"value": "22.5", "unit": "t"} or a string such as "22.5 t"'))
        value, unit = raw["value"], raw["unit"]
        if isinstance(value, bool) or not isinstance(value, (str, int, Decimal)):
            raise QuantityError(
                E_('value must be a decimal string such as "22.5" (a JSON float would not be exact)'))
        if not isinstance(unit, str) or not unit.strip():
            raise QuantityError(E_("unit must be a unit symbol such as kg, t, piece, L or a pack name"))
        return unit_quantity(parse_decimal(str(value), allow_zero=allow_zero), unit)
    if not isinstance(raw, str):
        raise QuantityError(E_('expected a string such as "22.5 t" or {"value": "22.5", "unit": "t"}'))
    if len(raw) > MAX_TEXT:
        raise QuantityError(E_('a quantity has at most %(most)s characters (got %(count)s), e.g. "22.5 t"',
                               most=MAX_TEXT, count=figure(len(raw))))
    match = _QUANTITY_RE.match(raw)
    if not match:
        raise QuantityError(_bad_quantity_message(raw))
    return Quantity(_checked_decimal(match, allow_zero=allow_zero), match["unit"])


def unit_quantity(amount: Decimal, unit: str) -> Quantity:
    """Return a parsed amount with a unit given apart (a JSON object's, a unit column's), or refuse it."""
    token = unit.strip()
    if len(token) > MAX_TEXT or not _UNIT_RE.fullmatch(token):
        raise QuantityError(E_("%(unit)s is not a unit: write one symbol such as kg, t, piece or box",
                               unit=excerpt(unit)))
    return Quantity(amount, token)


def _checked_decimal(match: re.Match, *, allow_zero: bool) -> Decimal:
    whole = match["int"].replace(",", "")
    frac = match["frac"] or ""
    if len(frac) > MAX_DECIMALS:
        raise QuantityError(E_("at most %(most)s decimal places are accepted (got %(count)s)",
                               most=MAX_DECIMALS, count=len(frac)))
    if len(whole.lstrip("0")) > 13:
        raise QuantityError(E_("amount is too large: at most 10^12 base units per quantity"))
    value = Decimal(f"{whole}.{frac}" if frac else whole)
    if value == 0 and not allow_zero:
        raise QuantityError(_NOT_POSITIVE)
    return value


def _bad_number_message(text: str) -> str:
    stripped = text.strip()
    if digit := non_ascii_digit(stripped):
        return _non_ascii_message(stripped, digit, "22.5")
    if stripped.startswith("-"):
        return _NOT_POSITIVE
    if stripped.lower().lstrip("+") in {"nan", "inf", "infinity"}:
        return E_("%(text)s is not a number: write an amount such as 22.5", text=excerpt(stripped))
    if re.fullmatch(r"\d+,\d{1,2}|\d+,\d{4,}", stripped):
        return E_("%(text)s is ambiguous: write decimals with a point (22.5); "
                  "a comma may only separate thousands (1,200)", text=excerpt(stripped))
    return E_("%(text)s is not an amount: write digits with an optional decimal point, e.g. 22.5 or 1,200",
              text=excerpt(stripped))


def _non_ascii_message(text: str, digit: str, example: str) -> str:
    return E_("%(text)s has the digit %(digit)s: write amounts with the digits 0-9 only, e.g. %(example)s",
              text=excerpt(text), digit=repr(digit), example=example)


def _bad_quantity_message(text: str) -> str:
    stripped = text.strip()
    head = stripped.split()[0] if stripped.split() else ""
    if digit := non_ascii_digit(stripped):
        return _non_ascii_message(stripped, digit, "22.5 t")
    if not stripped:
        return E_('a quantity is required, e.g. "22.5 t", "1,200 box" or "345000 piece"')
    if head.startswith("-"):
        return _NOT_POSITIVE
    if head.lower().lstrip("+") in {"nan", "inf", "infinity"} or stripped.lower().startswith(("nan", "inf")):
        return E_("%(text)s is not a number: write an amount such as 22.5", text=excerpt(stripped))
    if re.match(r"^\d+,\d{1,2}(\D|$)", stripped) or re.match(r"^\d+,\d{4,}", stripped):
        return E_("%(text)s is ambiguous: write decimals with a point (22.5 t); "
                  "a comma may only separate thousands (1,200 box)", text=excerpt(stripped))
    if re.fullmatch(r"[\d.,]+", stripped):
        return E_("%(text)s has no unit: write e.g. '%(amount)s kg', '%(amount)s piece' or '%(amount)s box'",
                  text=excerpt(stripped), amount=stripped[:20])
    if re.search(r"[/*]|\s\S+\s", stripped):
        return E_("%(text)s is not a single quantity: write an amount and one unit, e.g. 22.5 t",
                  text=excerpt(stripped))
    return E_('%(text)s is not a quantity: write an amount and a unit, e.g. "22.5 t", "1,200 box" or '
              '"345000 piece"', text=excerpt(stripped))


@lru_cache(maxsize=512)
def lookup_unit(token: str) -> UnitInfo:
    """Resolve a unit token to a known unit (cached: repeated units cost a dict lookup)."""
    name = _TOKEN_ALIASES.get(token) or _TOKEN_ALIASES.get(token.lower()) or token
    low = name.lower()
    # pint evaluates expressions ("kg/s", "9**9**9", "kg^9^9"): only a plain name may reach it,
    # and only as a name look-up, never through its expression parser.
    if not _NAME_RE.fullmatch(name):
        raise QuantityError(E_("'%(token)s' is not a unit: write one symbol such as kg, t, piece or box",
                               token=token))
    if low in _AMBIGUOUS or low == "tons":
        raise QuantityError(E_("'%(token)s' is ambiguous (a metric tonne is 1,000 kg, a US short ton "
                               "907.18474 kg): write 't' for tonne, 'short_ton' or 'long_ton'", token=token))
    unit = _pint_unit(name)
    if unit is None:
        hint = _HINTS.get(low)
        extra = E_(" (did you mean '%(hint)s'?)", hint=hint) if hint else ""
        raise QuantityError(E_("unknown unit '%(token)s'%(hint)s: use piece, pair, dozen, g, kg, t, lb, "
                               "mL, L, m³ or one of the item's packs", token=token, hint=extra))
    dimensionality = str(unit.dimensionality)
    pint_name = str(unit)
    if dimensionality not in _DIMENSIONS or pint_name not in _SYMBOLS:
        kind = dimensionality.replace("[", "").replace("]", "") or "dimensionless"
        raise QuantityError(E_("'%(token)s' measures %(kind)s, not an amount of goods: use a count, mass or "
                               "volume unit", token=token, kind=kind))
    dimension = _DIMENSIONS[dimensionality]
    factor = _REGISTRY.Quantity(Decimal(1), unit).to(_CANONICAL_PINT[dimension]).magnitude
    symbol, unece = _SYMBOLS[pint_name]
    return UnitInfo(symbol=symbol, dimension=dimension, factor=Decimal(factor), unece=unece)


def _pint_unit(name: str):
    """Return the pint unit a plain name (or its lower case, or plural) stands for, or None."""
    for candidate in (name, name.lower()):
        try:
            matches = _REGISTRY.parse_unit_name(candidate)
        except (pint.errors.PintError, ValueError, KeyError, ArithmeticError):
            continue
        if matches:
            return _REGISTRY.Unit(matches[0][1])
    return None


def unece_code(unit_symbol: str) -> str:
    """Return the UN/ECE Recommendation 20 code of a unit symbol (e.g. piece -> H87)."""
    return lookup_unit(unit_symbol).unece


def canonical_symbol(token: str) -> str:
    """Return the symbol the tracker prints for a unit token ("pcs" -> "piece")."""
    return lookup_unit(token).symbol


def check_base_unit(token: str) -> str:
    """Return the canonical symbol of a valid item base unit, or refuse it."""
    info = lookup_unit(token)
    if info.symbol not in ("piece", "pair", "dozen", "kg", "L"):
        canonical = CANONICAL_UNIT[info.dimension]
        raise QuantityError(E_("a base unit must be piece, pair, dozen, kg or L; for %(unit)s use "
                               "%(canonical)s", unit=info.symbol, canonical=canonical))
    return info.symbol


def resolve_pack(units: ItemUnits, name: str, quantity: Quantity) -> Pack:
    """Resolve a pack definition ("carton" = "4 box") to a number of base units."""
    if lookup_unit_or_none(name) is not None or name.lower() in ("ton", "tons"):
        raise QuantityError(E_("'%(name)s' is a unit already and cannot name a pack", name=name))
    normalized = normalize(quantity, units, allow_mass=False)
    if normalized.rounded:
        raise QuantityError(E_("a %(name)s must be an exact number of %(unit)s", name=name,
                               unit=normalized.unit))
    return Pack(name=name.lower(), quantity=quantity, base_value=normalized.value)


def lookup_unit_or_none(token: str) -> UnitInfo | None:
    """Return a known unit, or None for a token that is not one (e.g. a pack name)."""
    try:
        return lookup_unit(token)
    except QuantityError:
        return None


_MICRO = Decimal(1).scaleb(-MAX_DECIMALS)
_WHOLE = Decimal(1)


def normalize(quantity: Quantity, units: ItemUnits, *, allow_mass: bool = True,
              allow_zero: bool = False) -> Normalized:
    """Convert a quantity of one item to its canonical unit, exactly, or say why not."""
    reading = _read_unit(quantity.unit, units, allow_mass=allow_mass)
    return _normalize(quantity, reading, allow_zero=allow_zero)


# What a unit token means for one item: its pack, or its unit (None for a pack); the unit it is
# normalised to; its spelling as a line keeps it (the pack's name, or the unit's symbol). A plain
# tuple: one is read for every quantity that is not looked up in ``measure``'s readings.
UnitReading = tuple[Pack | None, UnitInfo | None, UnitInfo, str]


def _read_unit(token: str, units: ItemUnits, *, allow_mass: bool) -> UnitReading:
    """Read a unit token for an item: one of its packs, or a unit it can be measured in; or say why not."""
    pack = units.pack(token)
    base = units.base
    if pack is not None:
        return pack, None, base, pack.name
    info = _unit_for_item(token, units, allow_mass=allow_mass)
    target = base if info.dimension is base.dimension else lookup_unit(CANONICAL_UNIT[info.dimension])
    return None, info, target, info.symbol


def _normalize(quantity: Quantity, reading: UnitReading, *, allow_zero: bool) -> Normalized:
    """Normalise a quantity whose unit is already read for its item."""
    pack, info, target, _ = reading
    if pack is not None:
        dimension, value = target.dimension, quantity.value * pack.base_value
    else:
        info = cast(UnitInfo, info)
        dimension, value = info.dimension, quantity.value * info.factor / target.factor
    # Checked before quantize, which fails on more digits than the context holds (huge packs).
    if value > MAX_BASE_VALUE:
        raise QuantityError(E_("%(quantity)s is more than 10^12 %(unit)s: check the amount",
                               quantity=_given(quantity), unit=target.symbol))
    exact = value
    value = value.quantize(_MICRO, rounding=ROUND_HALF_EVEN)
    if dimension is Dimension.COUNT and value != value.to_integral_value():
        number = figure(value, english=format_decimal(value))
        shown = number if value == exact else E_("≈ %(number)s", number=number)
        converted = "" if quantity.unit == target.symbol else \
            E_(" is %(shown)s %(unit)s", shown=shown, unit=target.symbol)
        raise QuantityError(E_("%(quantity)s%(converted)s: a count must be a whole number of %(unit)s",
                               quantity=_given(quantity), converted=converted, unit=target.symbol))
    if value == 0 and not allow_zero:
        raise QuantityError(E_("%(quantity)s is below the smallest amount recorded (0.000001 %(unit)s)",
                               quantity=_given(quantity), unit=target.symbol))
    return Normalized(dimension, value, target.symbol, value != exact)


def _given(quantity: Quantity) -> Figure:
    """Return a quantity as a refusal names it (made only for a refusal: most quantities are accepted)."""
    return figure(quantity.value, quantity.unit, english=str(quantity))


def measure(quantity: Quantity, units: ItemUnits, *, allow_zero: bool = False,
            readings: dict[str, UnitReading] | None = None) -> tuple[Quantity, Normalized]:
    """Return a quantity of one item as kept and normalised, or say why it cannot be.

    As kept, its unit is spelled the one way a line stores it: a pack's name ("cartons" ->
    "carton") or the unit's symbol ("pcs" -> "piece"). ``readings`` keeps what each unit
    token meant for these units, to be asked again: only while the units cannot change (an
    import's catalogue, which reads each item once), never for units being built pack by pack.
    """
    token = quantity.unit
    reading = None if readings is None else readings.get(token)
    if reading is None:
        reading = _read_unit(token, units, allow_mass=True)
        if readings is not None:
            readings[token] = reading
    normalized, kept = _normalize(quantity, reading, allow_zero=allow_zero), reading[3]
    return (quantity if kept == token else Quantity(quantity.value, kept)), normalized


# Items counted in pairs (gloves, overshoes): UN/ECE Recommendation 20 has PR (pair), H87
# (piece), DZN (dozen) and DPR (dozen pairs). On invoices "100 pcs" of gloves means 100 single
# gloves as often as 100 pairs, and a dozen of gloves is a dozen pairs; units.txt reads them as
# 50 and 6 pairs. Neither reading is safe, so these are refused for such items, packs included.
_NOT_FOR_PAIRS = {
    "piece": "could mean single pieces (2 piece = 1 pair) or pairs",
    "dozen": "could mean 12 pieces (6 pair) or a dozen pairs (12 pair)",
}


def _unit_for_item(token: str, units: ItemUnits, *, allow_mass: bool) -> UnitInfo:
    try:
        info = lookup_unit(token)
    except QuantityError as error:
        if str(error).startswith("unknown unit") and units.packs:
            raise QuantityError(f"{error} ({', '.join(units.packs)} for this item)") from None
        raise
    base = units.base
    if base.symbol == "pair" and info.symbol in _NOT_FOR_PAIRS:
        raise QuantityError(f"'{token}' {_NOT_FOR_PAIRS[info.symbol]}: this item is counted in pairs, "
                            f"so write pair or one of its packs")
    if info.dimension is base.dimension or (allow_mass and info.dimension is Dimension.MASS):
        return info
    raise QuantityError(
        f"this item cannot be measured in {info.symbol} ({info.dimension.value}): use {units.describe()}")


def mass_estimate(amount: Decimal, unit_mass_kg: Decimal) -> Decimal:
    """Return the exact mass in kg of an amount of base units (count x unit mass), unrounded."""
    return amount * unit_mass_kg


def base_estimate(mass_kg: Decimal, unit_mass_kg: Decimal) -> Decimal:
    """Return the amount of base units a mass in kg stands for (mass / unit mass), unrounded."""
    return mass_kg / unit_mass_kg


def round_estimate(value: Decimal, dimension: Dimension) -> Decimal:
    """Round an estimate for showing: whole pieces for counts, millionths otherwise (half even).

    Estimates are added up exactly and rounded once, at the end, never per line.
    """
    step = _WHOLE if dimension is Dimension.COUNT else _MICRO
    return value.quantize(step, rounding=ROUND_HALF_EVEN)


def estimate_mass(normalized: Normalized, units: ItemUnits) -> Decimal | None:
    """Return the estimated mass in kg of a counted or volume quantity, if the item has a unit mass."""
    if normalized.dimension is Dimension.MASS:
        return normalized.value
    if units.unit_mass_kg is None:
        return None
    return mass_estimate(normalized.value, units.unit_mass_kg)


def estimate_base(normalized: Normalized, units: ItemUnits) -> Decimal | None:
    """Return the estimated amount in base units of a quantity logged by mass."""
    if normalized.dimension is units.base.dimension:
        return normalized.value
    if units.unit_mass_kg is None or normalized.dimension is not Dimension.MASS:
        return None
    return base_estimate(normalized.value, units.unit_mass_kg)


def to_micro(value: Decimal) -> int:
    """Turn an exact Decimal (at most six decimal places) into the stored integer of millionths."""
    return int(value * SCALE)


def from_micro(micro: int) -> Decimal:
    """Turn a stored integer of millionths back into an exact Decimal."""
    return Decimal(micro).scaleb(-MAX_DECIMALS)
