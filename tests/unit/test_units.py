"""Quantities: parsing, exact normalising, packs, units of the trade, and every refusal."""
from __future__ import annotations

import time
from decimal import Decimal

import pytest

from logistics.units import (
    CANONICAL_UNIT, MAX_BASE_VALUE, SCALE, Dimension, ItemUnits, Normalized, Quantity, QuantityError,
    base_estimate, canonical_symbol, check_base_unit, estimate_base, estimate_mass, format_decimal,
    format_grouped, from_micro, lookup_unit, mass_estimate, normalize, parse_decimal, parse_quantity,
    resolve_pack, round_estimate, to_micro, unece_code,
)


def make_item(base_unit: str, unit_mass_kg: str | None = None, packs: tuple = ()) -> ItemUnits:
    """Return an item's units with its packs resolved in order, as the catalogue does."""
    units = ItemUnits(base_unit, Decimal(unit_mass_kg) if unit_mass_kg else None)
    for name, definition in packs:
        units.packs[name] = resolve_pack(units, name, parse_quantity(definition))
    return units


ITEMS = {
    "coverall": lambda: make_item("piece", "0.35", (("box", "25 piece"), ("carton", "4 box"))),
    "n95": lambda: make_item("piece", "0.012", (("box", "20 piece"), ("carton", "24 box"))),
    "gloves": lambda: make_item("pair", "0.008", (("box", "50 pair"),)),
    "gel": lambda: make_item("L", "1.1", (("bottle", "0.5 L"), ("carton", "12 bottle"))),
    "bulk": lambda: make_item("kg"),
    "loose": lambda: make_item("piece"),
}


def measure(raw, item: str = "coverall", **kwargs) -> Normalized:
    """Parse and normalise a quantity of one of the demo items."""
    allow_zero = kwargs.pop("allow_zero", False)
    return normalize(parse_quantity(raw, allow_zero=allow_zero), ITEMS[item](),
                     allow_zero=allow_zero, **kwargs)


def refusal(raw, item: str = "coverall") -> str:
    """Return the message of the QuantityError a quantity is refused with."""
    with pytest.raises(QuantityError) as caught:
        measure(raw, item)
    return str(caught.value)


# --- the one shape of a quantity ---------------------------------------------------------

@pytest.mark.parametrize("raw", [
    {"value": "22.5", "unit": "t"},
    "22.5 t",
    "22.5t",
    "  22.5   t  ",
    {"value": " 22.5 ", "unit": " t "},
    {"value": Decimal("22.5"), "unit": "t"},
])
def test_quantity_is_accepted_as_a_dict_or_as_a_string(raw):
    quantity = parse_quantity(raw)
    assert quantity == Quantity(Decimal("22.5"), "t")
    assert quantity.as_dict() == {"value": "22.5", "unit": "t"}


def test_json_integer_value_is_accepted_because_it_is_exact():
    assert parse_quantity({"value": 22, "unit": "t"}) == Quantity(Decimal(22), "t")


def test_quantity_as_entered_prints_plain_digits_and_its_unit():
    quantity = Quantity(Decimal("22500.000"), "kg")
    assert quantity.as_dict() == {"value": "22500", "unit": "kg"}
    assert str(quantity) == "22500 kg"


def test_normalized_quantity_is_output_as_decimal_string_and_canonical_symbol():
    normalized = measure("22.5 t")
    assert normalized.as_dict() == {"value": "22500", "unit": "kg"}


def test_normalized_output_of_a_pack_is_in_base_units():
    assert measure("1,200 box").as_dict() == {"value": "30000", "unit": "piece"}


@pytest.mark.parametrize(("value", "text"), [
    (Decimal("2.25E+4"), "22500"),
    (Decimal("1E+2"), "100"),
    (Decimal("100"), "100"),
    (Decimal("22.500"), "22.5"),
    (Decimal("22500.000000"), "22500"),
    (Decimal("0.000001"), "0.000001"),
    (Decimal("1E-6"), "0.000001"),
    (Decimal("0"), "0"),
    (Decimal("0E-6"), "0"),
    (Decimal("-0"), "0"),
    (Decimal("123456789012.123456"), "123456789012.123456"),
    (Decimal("1E+12"), "1000000000000"),
])
def test_format_decimal_never_gives_exponent_form_and_strips_trailing_zeros(value, text):
    assert format_decimal(value) == text


@pytest.mark.parametrize(("value", "places", "text"), [
    (Decimal("30000"), None, "30,000"),
    (Decimal("345000.000000"), None, "345,000"),
    (Decimal("22.5"), None, "22.5"),
    (Decimal("1234567.125"), 2, "1,234,567.12"),
    (Decimal("-1234.5"), None, "-1,234.5"),
    (Decimal("999.9996"), 3, "1,000"),
])
def test_format_grouped_separates_thousands_for_documents(value, places, text):
    assert format_grouped(value, places) == text


@pytest.mark.parametrize(("text", "value"), [
    ("22.5", Decimal("22.5")),
    ("1,200", Decimal("1200")),
    ("1,200,000.25", Decimal("1200000.25")),
    (" 7 ", Decimal("7")),
])
def test_parse_decimal_reads_a_plain_amount_exactly(text, value):
    assert parse_decimal(text) == value


def test_parse_decimal_accepts_zero_only_when_asked():
    assert parse_decimal("0", allow_zero=True) == Decimal(0)
    with pytest.raises(QuantityError, match="greater than zero"):
        parse_decimal("0")


# --- exactness ---------------------------------------------------------------------------

def test_a_tenth_and_two_tenths_of_a_tonne_are_exactly_300_kg():
    parts = [measure("0.1 t"), measure("0.2 t")]
    assert sum(part.value for part in parts) == Decimal("300")
    assert format_decimal(sum(part.value for part in parts)) == "300"


def test_micro_integers_of_normalised_quantities_sum_exactly():
    parts = [measure("0.1 t"), measure("0.2 t")] + [measure("0.1 kg")] * 10
    micros = [part.micro for part in parts]
    assert micros[:3] == [100_000_000, 200_000_000, 100_000]
    assert all(isinstance(micro, int) for micro in micros)
    assert sum(micros) == 301_000_000
    assert from_micro(sum(micros)) == Decimal("301")


def test_extreme_amount_stays_exact_through_micro_and_back():
    normalized = measure("123456789012.123456 kg")
    assert normalized.value == Decimal("123456789012.123456")
    assert normalized.micro == 123_456_789_012_123_456
    assert from_micro(normalized.micro) == Decimal("123456789012.123456")
    assert format_decimal(from_micro(normalized.micro)) == "123456789012.123456"


def test_largest_accepted_amount_is_exactly_ten_to_the_twelve_base_units():
    normalized = measure("1000000000 t")
    assert normalized.value == MAX_BASE_VALUE
    assert normalized.micro == 10**18
    assert measure("999999999999.999999 kg").micro == 999_999_999_999_999_999


def test_from_micro_turns_one_millionth_into_an_exact_decimal():
    assert from_micro(1) == Decimal("0.000001")
    assert from_micro(0) == Decimal(0)


# --- packs -------------------------------------------------------------------------------

@pytest.mark.parametrize(("item", "raw", "value", "unit"), [
    ("coverall", "1,200 box", "30000", "piece"),
    ("coverall", "1200 boxes", "30000", "piece"),
    ("coverall", "1,200 BOX", "30000", "piece"),
    ("coverall", "3 Boxes", "75", "piece"),
    ("coverall", "1 carton", "100", "piece"),
    ("coverall", "2 Cartons", "200", "piece"),
    ("coverall", {"value": "1,200", "unit": "box"}, "30000", "piece"),
    ("n95", "145 carton", "69600", "piece"),
    ("n95", "145 cartons", "69600", "piece"),
    ("n95", "145 CARTONS", "69600", "piece"),
    ("n95", "1 box", "20", "piece"),
    ("gloves", "2 boxes", "100", "pair"),
    ("gel", "3 carton", "18", "L"),
    ("gel", "3 bottles", "1.5", "L"),
    ("gel", "1 bottle", "0.5", "L"),
    ("coverall", "0.04 carton", "4", "piece"),
])
def test_packs_resolve_to_the_items_base_units(item, raw, value, unit):
    normalized = measure(raw, item)
    assert (normalized.value, normalized.unit) == (Decimal(value), unit)
    assert normalized.dimension is ITEMS[item]().base.dimension
    assert normalized.rounded is False


def test_a_pack_defined_by_another_pack_is_resolved_through_it():
    coverall = ITEMS["coverall"]()
    assert coverall.packs["box"].base_value == Decimal(25)
    assert coverall.packs["carton"].base_value == Decimal(100)
    assert coverall.packs["carton"].quantity == Quantity(Decimal(4), "box")


def test_same_pack_name_holds_a_different_number_per_item():
    assert ITEMS["coverall"]().packs["box"].base_value == Decimal(25)
    assert ITEMS["n95"]().packs["box"].base_value == Decimal(20)


def test_pack_names_are_stored_in_lower_case():
    units = make_item("piece")
    pack = resolve_pack(units, "Box", parse_quantity("25 piece"))
    assert pack.name == "box"


def test_demo_osijek_n95_line_totals_70000_pieces():
    total = measure("145 carton", "n95").value + measure("400 piece", "n95").value
    assert total == Decimal(70_000)


@pytest.mark.parametrize("name", ["kg", "t", "piece", "pcs", "L", "ton", "tons"])
def test_a_unit_cannot_name_a_pack(name):
    with pytest.raises(QuantityError) as caught:
        resolve_pack(make_item("piece"), name, parse_quantity("25 piece"))
    assert str(caught.value) == f"'{name}' is a unit already and cannot name a pack"


def test_a_pack_of_a_fraction_of_a_piece_is_refused():
    with pytest.raises(QuantityError, match="whole number of piece"):
        resolve_pack(make_item("piece"), "box", parse_quantity("2.5 piece"))


def test_a_pack_of_a_counted_item_cannot_be_defined_by_mass():
    with pytest.raises(QuantityError, match=r"cannot be measured in kg \(mass\)"):
        resolve_pack(make_item("piece", "0.35"), "box", parse_quantity("10 kg"))


def test_a_pack_that_is_not_an_exact_number_of_base_units_is_refused():
    with pytest.raises(QuantityError) as caught:
        resolve_pack(make_item("kg"), "bag", parse_quantity("1 lb"))
    assert str(caught.value) == "a bag must be an exact number of kg"


def test_an_unknown_pack_names_the_items_packs_in_the_message():
    message = refusal("5 pallet", "coverall")
    assert "unknown unit 'pallet'" in message
    assert "(box, carton for this item)" in message


def test_a_pack_of_another_item_is_not_a_unit_of_an_item_without_packs():
    assert "unknown unit 'box'" in refusal("5 box", "loose")


# --- units of the trade ------------------------------------------------------------------

@pytest.mark.parametrize(("item", "raw", "value", "unit", "dimension"), [
    ("bulk", "500 g", "0.5", "kg", Dimension.MASS),
    ("bulk", "2 kg", "2", "kg", Dimension.MASS),
    ("bulk", "2 KG", "2", "kg", Dimension.MASS),
    ("bulk", "1.5 t", "1500", "kg", Dimension.MASS),
    ("bulk", "2 tonne", "2000", "kg", Dimension.MASS),
    ("bulk", "2 tonnes", "2000", "kg", Dimension.MASS),
    ("bulk", "1 short_ton", "907.18474", "kg", Dimension.MASS),
    ("coverall", "22.5 t", "22500", "kg", Dimension.MASS),
    ("coverall", "5 piece", "5", "piece", Dimension.COUNT),
    ("coverall", "5 pcs", "5", "piece", Dimension.COUNT),
    ("coverall", "5 PCS", "5", "piece", Dimension.COUNT),
    ("coverall", "5 pieces", "5", "piece", Dimension.COUNT),
    ("coverall", "5 each", "5", "piece", Dimension.COUNT),
    ("coverall", "5 ea", "5", "piece", Dimension.COUNT),
    ("coverall", "1 pair", "2", "piece", Dimension.COUNT),
    ("coverall", "1 dozen", "12", "piece", Dimension.COUNT),
    ("coverall", "1.5 dozen", "18", "piece", Dimension.COUNT),
    ("gloves", "3 pair", "3", "pair", Dimension.COUNT),
    ("gloves", "3 pr", "3", "pair", Dimension.COUNT),
    ("gel", "500 mL", "0.5", "L", Dimension.VOLUME),
    ("gel", "500 ml", "0.5", "L", Dimension.VOLUME),
    ("gel", "2 L", "2", "L", Dimension.VOLUME),
    ("gel", "2 l", "2", "L", Dimension.VOLUME),
    ("gel", "2 litre", "2", "L", Dimension.VOLUME),
    ("gel", "1 m³", "1000", "L", Dimension.VOLUME),
    ("gel", "1 m3", "1000", "L", Dimension.VOLUME),
    ("gel", "1 m^3", "1000", "L", Dimension.VOLUME),
    ("gel", "1 M3", "1000", "L", Dimension.VOLUME),
    ("gel", "1 M³", "1000", "L", Dimension.VOLUME),
    ("gel", "2.2 kg", "2.2", "kg", Dimension.MASS),
])
def test_units_of_the_trade_normalise_exactly(item, raw, value, unit, dimension):
    normalized = measure(raw, item)
    assert normalized == Normalized(dimension, Decimal(value), unit, rounded=False)


def test_mass_is_always_valid_for_a_counted_item():
    normalized = measure("22.5 t", "coverall")
    assert normalized == Normalized(Dimension.MASS, Decimal("22500"), "kg")


def test_mass_is_refused_for_a_counted_item_when_the_caller_forbids_it():
    with pytest.raises(QuantityError, match=r"cannot be measured in t \(mass\)"):
        measure("22.5 t", "coverall", allow_mass=False)


def test_capital_t_is_read_as_tonne_not_tesla():
    # The registry has no tesla; an unknown spelling is retried in lower case, so "T" is "t".
    assert measure("5 T", "bulk") == Normalized(Dimension.MASS, Decimal("5000"), "kg")
    assert lookup_unit("T").symbol == "t"
    assert unece_code("T") == "TNE"


def test_pcs_is_pieces_not_parsecs():
    assert measure("5 pcs") == Normalized(Dimension.COUNT, Decimal(5), "piece")
    info = lookup_unit("pcs")
    assert (info.symbol, info.dimension, info.factor) == ("piece", Dimension.COUNT, Decimal(1))


def test_a_pound_is_rounded_half_even_to_a_millionth_of_a_kilogram_and_flagged():
    # 1 lb = 0.45359237 kg exactly; stored values keep 6 decimals, so it becomes 0.453592 kg.
    normalized = measure("1 lb", "bulk")
    assert normalized == Normalized(Dimension.MASS, Decimal("0.453592"), "kg", rounded=True)
    assert normalized.micro == 453_592


def test_a_kilogram_is_not_rounded():
    assert measure("1 kg", "bulk").rounded is False


@pytest.mark.parametrize(("raw", "value"), [
    ("0.0025 g", "0.000002"),  # a tie goes to the even millionth, not up
    ("0.0035 g", "0.000004"),
    ("0.0015 g", "0.000002"),
    ("0.0006 g", "0.000001"),
    ("1 long_ton", "1016.046909"),  # 2240 lb = 1016.0469088 kg
])
def test_rounding_to_a_millionth_is_half_even(raw, value):
    normalized = measure(raw, "bulk")
    assert (normalized.value, normalized.rounded) == (Decimal(value), True)


def test_an_amount_that_rounds_to_nothing_is_refused():
    assert refusal("0.0005 g", "bulk") == (
        "0.0005 g is below the smallest amount recorded (0.000001 kg)")


# --- estimates across dimensions ---------------------------------------------------------

def test_tonnes_of_coveralls_are_estimated_in_pieces_from_the_unit_mass():
    estimate = estimate_base(measure("22.5 t"), ITEMS["coverall"]())
    assert estimate.quantize(Decimal("0.000001")) == Decimal("64285.714286")
    assert round_estimate(estimate, Dimension.COUNT) == Decimal(64286)


def test_pieces_of_coveralls_are_estimated_in_kilograms_from_the_unit_mass():
    assert estimate_mass(measure("30000 piece"), ITEMS["coverall"]()) == Decimal(10500)


def test_a_mass_needs_no_estimate_of_its_mass():
    assert estimate_mass(measure("22.5 t"), ITEMS["coverall"]()) == Decimal(22500)


def test_a_count_is_its_own_base_estimate():
    assert estimate_base(measure("1,200 box"), ITEMS["coverall"]()) == Decimal(30000)


def test_litres_of_gel_are_estimated_from_kilograms():
    assert estimate_base(measure("11 kg", "gel"), ITEMS["gel"]()) == Decimal(10)
    assert estimate_mass(measure("3 carton", "gel"), ITEMS["gel"]()) == Decimal("19.8")


def test_a_count_times_its_unit_mass_is_its_exact_mass_in_kg():
    assert mass_estimate(Decimal(30000), Decimal("0.35")) == Decimal(10500)
    assert mass_estimate(Decimal("0.000001"), Decimal("0.000001")) == Decimal("1E-12")


def test_a_mass_over_the_unit_mass_is_the_unrounded_count_it_stands_for():
    assert base_estimate(Decimal(22500), Decimal("0.35")).quantize(Decimal("0.001")) == Decimal("64285.714")
    assert base_estimate(Decimal(11), Decimal("1.1")) == Decimal(10)


def test_an_estimate_is_rounded_only_when_asked_and_then_once():
    exact = mass_estimate(Decimal(1), Decimal("0.0000005")) + mass_estimate(Decimal(1), Decimal("0.0000005"))
    assert round_estimate(exact, Dimension.MASS) == Decimal("0.000001")


def test_the_stored_scale_is_millionths_both_ways():
    assert SCALE == 10**6
    assert to_micro(Decimal("22.5")) == 22_500_000
    assert to_micro(Decimal("0.000001")) == 1
    assert from_micro(to_micro(Decimal("123456789012.123456"))) == Decimal("123456789012.123456")


def test_nothing_is_estimated_without_a_unit_mass():
    loose = ITEMS["loose"]()
    assert estimate_mass(measure("30 piece", "loose"), loose) is None
    assert estimate_base(measure("3 kg", "loose"), loose) is None


# --- refusals ----------------------------------------------------------------------------

@pytest.mark.parametrize("raw", [
    "5 ton", "5 tons", "5 TON", "5 Tons", "5 TONS", {"value": "5", "unit": "ton"},
])
def test_ton_is_refused_as_ambiguous_naming_tonne_short_ton_and_long_ton(raw):
    message = refusal(raw)
    assert "ambiguous" in message
    assert "'t'" in message
    assert "short_ton" in message
    assert "long_ton" in message
    assert "907.18474" in message


@pytest.mark.parametrize(("raw", "unit"), [
    ("5 parsec", "parsec"),
    ("5 xyz", "xyz"),
    ({"value": "5", "unit": "parsec"}, "parsec"),
    ("5 tesla", "tesla"),
    ("5 kt", "kt"),
])
def test_unknown_units_are_refused_listing_the_known_ones(raw, unit):
    message = refusal(raw, "loose")
    assert message.startswith(f"unknown unit '{unit}'")
    assert "piece, pair, dozen, g, kg, t, lb, mL, L, m³" in message


def test_mt_is_refused_with_a_hint_to_write_t():
    assert "unknown unit 'mt' (did you mean 't'?)" in refusal("5 mt", "loose")


@pytest.mark.parametrize(("raw", "words"), [
    ("5 s", "'s' measures time"),
    ("5 sec", "'sec' measures time"),
    ("5 h", "'h' measures time"),
    ("5 m", "'m' measures length"),
    ("5 km", "'km' measures length"),
])
def test_units_that_measure_no_amount_of_goods_are_refused(raw, words):
    message = refusal(raw)
    assert message.startswith(words)
    assert "not an amount of goods" in message


@pytest.mark.parametrize(("item", "raw", "words"), [
    ("coverall", "5 L", "cannot be measured in L (volume): use count units such as piece, "
                        "its packs box, carton, mass (kg, t, g, lb)"),
    ("coverall", "5 litre", "cannot be measured in L (volume)"),
    ("coverall", "5 m³", "cannot be measured in m³ (volume)"),
    ("gloves", "5 mL", "cannot be measured in mL (volume): use count units such as pair"),
    ("gel", "5 piece", "cannot be measured in piece (count): use volume units such as L"),
    ("bulk", "5 piece", "cannot be measured in piece (count): use mass units such as kg"),
    ("bulk", "5 L", "cannot be measured in L (volume): use mass units such as kg"),
])
def test_units_of_the_wrong_dimension_for_the_item_are_refused(item, raw, words):
    assert words in refusal(raw, item)


@pytest.mark.parametrize("raw", [
    "0 kg", "0.0 kg", "0,000 kg", {"value": "0", "unit": "kg"}, {"value": 0, "unit": "kg"},
])
def test_zero_is_refused(raw):
    assert refusal(raw, "bulk") == "amount must be greater than zero"


def test_zero_is_accepted_only_when_the_caller_allows_it():
    assert measure("0 kg", "bulk", allow_zero=True) == Normalized(Dimension.MASS, Decimal(0), "kg")


@pytest.mark.parametrize("raw", [
    "-3 kg", " -3 kg", "-0.5 kg", "-inf kg", {"value": "-3", "unit": "kg"},
    {"value": -3, "unit": "kg"}, {"value": Decimal("-3"), "unit": "kg"},
])
def test_negative_amounts_are_refused(raw):
    assert refusal(raw, "bulk") == "amount must be greater than zero"


@pytest.mark.parametrize(("raw", "shown"), [
    ("nan kg", "nan kg"),
    ("NaN kg", "NaN kg"),
    ("inf kg", "inf kg"),
    ("Infinity kg", "Infinity kg"),
    ("+inf kg", "+inf kg"),
    ({"value": "nan", "unit": "kg"}, "nan"),
    ({"value": "NaN", "unit": "kg"}, "NaN"),
    ({"value": "Infinity", "unit": "kg"}, "Infinity"),
    ({"value": "inf", "unit": "kg"}, "inf"),
    ({"value": Decimal("NaN"), "unit": "kg"}, "NaN"),
    ({"value": Decimal("Infinity"), "unit": "kg"}, "Infinity"),
])
def test_nan_and_infinity_are_refused_as_not_a_number(raw, shown):
    assert refusal(raw, "bulk") == f"'{shown}' is not a number: write an amount such as 22.5"


@pytest.mark.parametrize("raw", [
    "1.1234567 kg", "0.0000001 t", {"value": "0.0000001", "unit": "kg"},
])
def test_more_than_six_decimal_places_are_refused(raw):
    assert refusal(raw, "bulk") == "at most 6 decimal places are accepted (got 7)"


def test_six_decimal_places_are_accepted():
    assert measure("1.123456 kg", "bulk").value == Decimal("1.123456")


@pytest.mark.parametrize(("raw", "message"), [
    ("1000000000001 piece", "1000000000001 piece is more than 10^12 piece: check the amount"),
    ("1000000000.000001 t", "1000000000.000001 t is more than 10^12 kg: check the amount"),
    ("40000000001 box", "40000000001 box is more than 10^12 piece: check the amount"),
    ("9999999999999.999999 carton",
     "9999999999999.999999 carton is more than 10^12 piece: check the amount"),
    ("10000000000000 piece", "amount is too large: at most 10^12 base units per quantity"),
    ({"value": 10**13, "unit": "piece"}, "amount is too large: at most 10^12 base units per quantity"),
])
def test_amounts_beyond_ten_to_the_twelve_base_units_are_refused(raw, message):
    assert refusal(raw) == message


def test_a_huge_number_of_huge_packs_is_refused_not_crashed():
    # 10^25 base units has more digits than Decimal's context can quantize to millionths.
    units = make_item("piece", packs=(("pallet", "1000000000000 piece"),))
    with pytest.raises(QuantityError, match="more than 10\\^12 piece"):
        normalize(parse_quantity("9999999999999.999999 pallet"), units)


@pytest.mark.parametrize(("raw", "message"), [
    ("abc", "'abc' is not a quantity: write an amount and a unit, "
            'e.g. "22.5 t", "1,200 box" or "345000 piece"'),
    ("five kg", "'five kg' is not a quantity"),
    ("kg 5", "'kg 5' is not a quantity"),
    ("22.5", "'22.5' has no unit: write e.g. '22.5 kg', '22.5 piece' or '22.5 box'"),
    ("", 'a quantity is required, e.g. "22.5 t", "1,200 box" or "345000 piece"'),
    ("   ", "a quantity is required"),
    ({"value": "abc", "unit": "kg"}, "'abc' is not an amount: write digits with an optional decimal point"),
    ({"value": "+5", "unit": "kg"}, "'+5' is not an amount"),
    ({"value": "", "unit": "kg"}, "'' is not an amount"),
])
def test_non_numeric_text_is_refused(raw, message):
    assert refusal(raw, "bulk").startswith(message)


@pytest.mark.parametrize(("raw", "shown"), [
    ("22,5 t", "22,5 t"),
    ("22,50 t", "22,50 t"),
    ("1,2000 kg", "1,2000 kg"),
])
def test_decimal_comma_is_refused_as_ambiguous_asking_for_a_point(raw, shown):
    assert refusal(raw, "bulk") == (
        f"'{shown}' is ambiguous: write decimals with a point (22.5 t); "
        "a comma may only separate thousands (1,200 box)")


def test_decimal_comma_in_the_dict_form_is_refused_as_ambiguous_asking_for_a_point():
    message = refusal({"value": "22,5", "unit": "t"}, "bulk")
    assert message.startswith("'22,5' is ambiguous: write decimals with a point (22.5)")


@pytest.mark.parametrize(("raw", "value"), [
    ("1,200 box", Decimal(1200)),
    ("1,200,000 piece", Decimal(1_200_000)),
    ("12,000.5 kg", Decimal("12000.5")),
    ("22,500 t", Decimal(22500)),  # a comma before three digits always separates thousands
])
def test_comma_followed_by_three_digits_separates_thousands(raw, value):
    assert parse_quantity(raw).value == value


def test_power_expression_is_refused_quickly_without_reaching_pint():
    started = time.perf_counter()
    message = refusal("9**9**9 kg", "bulk")
    assert time.perf_counter() - started < 1.0
    assert message == ("'9**9**9 kg' is not a single quantity: write an amount and one unit, "
                       "e.g. 22.5 t")


@pytest.mark.parametrize(("raw", "message"), [
    ("3 kg/s", "'3 kg/s' is not a single quantity: write an amount and one unit, e.g. 22.5 t"),
    ("3 kg*s", "'3 kg*s' is not a single quantity"),
    ("22.5 metric ton", "'22.5 metric ton' is not a single quantity"),
    ("1e3 kg", "'1e3 kg' is not a quantity"),
    ("5 kg 3 g", "'5 kg 3 g' is not a single quantity"),
    ({"value": "3", "unit": "kg/s"}, "'kg/s' is not a unit: write one symbol such as kg, t, piece or box"),
    ({"value": "1e3", "unit": "kg"}, "'1e3' is not an amount"),
    ({"value": Decimal("1E+3"), "unit": "kg"}, "'1E+3' is not an amount"),
    ({"value": "5", "unit": "9kg"}, "'9kg' is not a unit"),
])
def test_compound_units_and_exponent_notation_are_refused(raw, message):
    assert refusal(raw, "bulk").startswith(message)


@pytest.mark.parametrize("value", [22.5, 22.0, 1e3])
def test_json_float_value_is_refused_as_inexact(value):
    assert refusal({"value": value, "unit": "t"}, "bulk") == (
        'value must be a decimal string such as "22.5" (a JSON float would not be exact)')


@pytest.mark.parametrize("value", [True, False, None, ["22.5"]])
def test_bool_and_other_non_decimal_values_are_refused(value):
    assert refusal({"value": value, "unit": "t"}, "bulk").startswith(
        'value must be a decimal string such as "22.5"')


@pytest.mark.parametrize("unit", [True, 5, None, "", "   "])
def test_a_unit_that_is_not_a_symbol_is_refused(unit):
    assert refusal({"value": "5", "unit": unit}, "bulk") == (
        "unit must be a unit symbol such as kg, t, piece, L or a pack name")


@pytest.mark.parametrize("raw", [
    {"value": "22.5"},
    {"unit": "t"},
    {},
    {"value": "22.5", "unit": "t", "note": "x"},
    {"value": "22.5", "unit": "t", "dimension": "mass"},
])
def test_missing_or_extra_keys_are_refused_showing_the_expected_shape(raw):
    assert refusal(raw, "bulk") == (
        'expected {"value": "22.5", "unit": "t"} or a string such as "22.5 t"')


@pytest.mark.parametrize("raw", [22.5, 22, None, ["22.5 t"], b"22.5 t"])
def test_a_quantity_that_is_neither_a_string_nor_a_dict_is_refused(raw):
    assert refusal(raw, "bulk") == (
        'expected a string such as "22.5 t" or {"value": "22.5", "unit": "t"}')


@pytest.mark.parametrize(("item", "raw", "message"), [
    ("coverall", "2.5 piece", "2.5 piece: a count must be a whole number of piece"),
    ("coverall", "0.5 box", "0.5 box is 12.5 piece: a count must be a whole number of piece"),
    ("gloves", "1.5 pair", "1.5 pair: a count must be a whole number of pair"),
])
def test_fractional_counts_are_refused(item, raw, message):
    assert refusal(raw, item) == message


@pytest.mark.parametrize("raw", ["100 piece", "100 pcs", "100 each", "100 ea", "100 unit", "1 dozen",
                                 "10 dz"])
def test_an_item_counted_in_pairs_refuses_pieces_and_dozens_as_ambiguous(raw):
    """UN/ECE Rec 20: PR pair, H87 piece, DZN dozen; '100 pcs' of gloves is read both ways in trade."""
    message = refusal(raw, "gloves")
    assert "this item is counted in pairs, so write pair or one of its packs" in message
    assert message.startswith(f"'{raw.split()[1]}' could mean")


@pytest.mark.parametrize("definition", ["100 piece", "10 dozen"])
def test_a_pack_of_an_item_counted_in_pairs_is_defined_in_pairs(definition):
    units = make_item("pair", "0.008")
    with pytest.raises(QuantityError, match="counted in pairs"):
        resolve_pack(units, "box", parse_quantity(definition))
    assert resolve_pack(units, "box", parse_quantity("50 pair")).base_value == 50


def test_a_pair_of_an_item_counted_in_pieces_is_two_pieces():
    assert measure("3 pair", "coverall").value == 6


def test_fractional_dozens_that_make_whole_pieces_are_accepted():
    assert measure("1.5 dozen").value == Decimal(18)


# --- unit lookup, codes and base units ---------------------------------------------------

def test_lookup_unit_is_cached_and_returns_the_identical_object():
    lookup_unit.cache_clear()
    first = lookup_unit("kg")
    second = lookup_unit("kg")
    assert first is second
    info = lookup_unit.cache_info()
    assert (info.hits, info.misses) == (1, 1)
    lookup_unit("kg")
    assert lookup_unit.cache_info().hits == 2


@pytest.mark.parametrize("token", ["kg/s", "9**9**9", "(", "kg kg", "2*kg", "", "1", "piece/piece"])
def test_lookup_unit_refuses_expressions_before_pint_evaluates_them(token):
    with pytest.raises(QuantityError) as caught:
        lookup_unit(token)
    assert str(caught.value) == f"'{token}' is not a unit: write one symbol such as kg, t, piece or box"


@pytest.mark.parametrize("token", ["kg^2", "kg^9^9^9", "kg^0^0", "m^4"])
def test_lookup_unit_refuses_powers_without_evaluating_them(token):
    with pytest.raises(QuantityError) as caught:
        lookup_unit(token)
    assert str(caught.value) == f"'{token}' is not a unit: write one symbol such as kg, t, piece or box"


@pytest.mark.parametrize(("token", "code"), [
    ("piece", "H87"),
    ("pcs", "H87"),
    ("kg", "KGM"),
    ("g", "GRM"),
    ("t", "TNE"),
    ("lb", "LBR"),
    ("pair", "PR"),
    ("dozen", "DZN"),
    ("L", "LTR"),
    ("mL", "MLT"),
    ("m³", "MTQ"),
    ("m3", "MTQ"),
    ("short_ton", "STN"),
    ("long_ton", "LTN"),
])
def test_unece_code_follows_recommendation_20(token, code):
    assert unece_code(token) == code


@pytest.mark.parametrize(("token", "symbol"), [
    ("pcs", "piece"), ("each", "piece"), ("m3", "m³"), ("m^3", "m³"), ("l", "L"),
    ("litre", "L"), ("ml", "mL"), ("kgs", "kg"), ("tonne", "t"), ("lbs", "lb"), ("dz", "dozen"),
])
def test_canonical_symbol_is_what_documents_print(token, symbol):
    assert canonical_symbol(token) == symbol


@pytest.mark.parametrize(("token", "symbol"), [
    ("piece", "piece"), ("pcs", "piece"), ("pair", "pair"), ("dozen", "dozen"),
    ("kg", "kg"), ("Kg", "kg"), ("L", "L"), ("l", "L"), ("litre", "L"),
])
def test_check_base_unit_accepts_counts_kilograms_and_litres(token, symbol):
    assert check_base_unit(token) == symbol


@pytest.mark.parametrize(("token", "message"), [
    ("t", "a base unit must be piece, pair, dozen, kg or L; for t use kg"),
    ("g", "a base unit must be piece, pair, dozen, kg or L; for g use kg"),
    ("lb", "a base unit must be piece, pair, dozen, kg or L; for lb use kg"),
    ("mL", "a base unit must be piece, pair, dozen, kg or L; for mL use L"),
    ("m³", "a base unit must be piece, pair, dozen, kg or L; for m³ use L"),
    ("s", "'s' measures time, not an amount of goods: use a count, mass or volume unit"),
    ("ton", "'ton' is ambiguous"),
    ("parsec", "unknown unit 'parsec'"),
    ("kg/s", "'kg/s' is not a unit"),
    ("(", "'(' is not a unit"),
])
def test_check_base_unit_refuses_other_units(token, message):
    with pytest.raises(QuantityError) as caught:
        check_base_unit(token)
    assert str(caught.value).startswith(message)


def test_canonical_units_are_piece_kilogram_and_litre():
    assert CANONICAL_UNIT == {Dimension.COUNT: "piece", Dimension.MASS: "kg", Dimension.VOLUME: "L"}


@pytest.mark.parametrize(("item", "text"), [
    ("coverall", "count units such as piece, its packs box, carton, mass (kg, t, g, lb)"),
    ("gel", "volume units such as L, its packs bottle, carton, mass (kg, t, g, lb)"),
    ("gloves", "count units such as pair, its packs box, mass (kg, t, g, lb)"),
    ("bulk", "mass units such as kg"),
])
def test_an_item_describes_what_it_may_be_measured_in(item, text):
    assert ITEMS[item]().describe() == text


@pytest.mark.parametrize("raw", ["3 cartons", "22.5 t", "1,000 pcs", "0.5 kg", "7 box", "1.5 lb"])
def test_a_unit_token_read_once_for_an_item_measures_as_if_read_again(raw):
    from logistics.units import measure as measure_kept

    units, readings = ITEMS["coverall"](), {}
    quantity = parse_quantity(raw)

    first = measure_kept(quantity, units, readings=readings)
    again = measure_kept(quantity, units, readings=readings)

    assert first == again == measure_kept(quantity, units)
    assert list(readings) == [quantity.unit]


def test_a_unit_token_refused_for_an_item_is_not_kept_and_is_refused_again():
    from logistics.units import measure as measure_kept

    units, readings = ITEMS["gloves"](), {}

    for _ in range(2):
        with pytest.raises(QuantityError, match="counted in pairs"):
            measure_kept(parse_quantity("4 piece"), units, readings=readings)
    assert readings == {}
