"""Quantities in the reader's language: written with babel's locale data, typed back strictly."""
from __future__ import annotations

from decimal import Decimal

import pytest

from logistics.local_quantities import format_amount, format_quantity, form_quantity
from logistics.typed_quantities import TypedQuantityError, parse_typed, typed_words
from logistics.unit_names import LANGUAGES, PACKS, unit_label
from logistics.units import Quantity

NBSP = "\u00a0"


def q(value: str, unit: str) -> Quantity:
    return Quantity(Decimal(value), unit)


# --- written for a reader --------------------------------------------------------------------

@pytest.mark.parametrize(("language", "quantity", "short", "long"), [
    ("cs", q("22.5", "t"), "22,5 t", "22,5 tuny"),
    ("cs", q("1200", "box"), f"1{NBSP}200 krabic", f"1{NBSP}200 krabic"),
    ("cs", q("2", "box"), "2 krabice", "2 krabice"),
    ("cs", q("1", "carton"), "1 karton", "1 karton"),
    ("cs", q("30000", "piece"), f"30{NBSP}000 ks", f"30{NBSP}000 kusů"),
    ("en", q("22.5", "t"), "22.5 t", "22.5 tonnes"),
    ("en", q("1200", "box"), "1,200 box", "1,200 boxes"),
    ("en", q("30000", "piece"), "30,000 piece", "30,000 pieces"),
    ("en", q("1", "kg"), "1 kg", "1 kilogram"),
    ("en", q("5", "L"), "5 L", "5 litres"),
    ("en", q("12", "dozen"), "12 dozen", "12 dozen"),
    ("en", q("3", "sachet"), "3 sachet", "3 sachets"),
    ("sk", q("5", "carton"), "5 kartónov", "5 kartónov"),
    ("pl", q("5760", "piece"), f"5{NBSP}760 szt.", f"5{NBSP}760 sztuk"),
    ("pl", q("22", "carton"), "22 kartony", "22 kartony"),
    ("pl", q("25", "carton"), "25 kartonów", "25 kartonów"),
    ("pl", q("1", "pallet"), "1 paleta", "1 paleta"),
    ("hr", q("1200.5", "kg"), "1.200,5 kg", "1.200,5 kilograma"),
    ("hr", q("21", "box"), "21 kutija", "21 kutija"),
    ("hr", q("3", "box"), "3 kutije", "3 kutije"),
    ("hr", q("40", "piece"), "40 kom", "40 komada"),
    ("zh", q("1200", "carton"), "1,200箱", "1,200箱"),
    ("zh", q("30000", "piece"), "30,000件", "30,000件"),
    ("zh", q("22.5", "t"), "22.5 t", "22.5公吨"),
])
def test_a_quantity_is_written_in_the_readers_language(language, quantity, short, long):
    assert format_quantity(quantity, language) == short
    assert format_quantity(quantity, language, length="long") == long


def test_every_digit_is_kept_and_thousands_take_the_locales_separator():
    value = Decimal("1234567.123456")
    assert format_amount(value, "cs") == f"1{NBSP}234{NBSP}567,123456"
    assert format_amount(value, "hr") == "1.234.567,123456"
    assert format_amount(value, "en") == "1,234,567.123456"
    assert format_amount(Decimal("22.500"), "pl") == "22,5"


def test_an_items_own_translation_of_a_pack_comes_before_the_catalog():
    translations = {"cs": {"packs": {"carton": ["velká krabice", "velké krabice", "velkých krabic"],
                                     "sachet": "sáček"}}}
    assert format_quantity(q("5", "carton"), "cs", translations=translations) == "5 velkých krabic"
    assert format_quantity(q("2", "carton"), "cs", translations=translations) == "2 velké krabice"
    assert format_quantity(q("2", "sachet"), "cs", translations=translations) == "2 sáček"
    assert format_quantity(q("2", "carton"), "pl", translations=translations) == "2 kartony"


def test_a_locale_object_or_tag_names_the_language():
    from babel import Locale

    assert format_quantity(q("22.5", "t"), Locale.parse("cs_CZ")) == "22,5 t"
    assert format_quantity(q("22.5", "t"), "zh_Hans_CN") == "22.5 t"
    assert format_quantity(q("22.5", "t"), "fr") == "22.5 t"  # not one of ours: English


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_word_names_two_units_in_one_language(language):
    words = typed_words(language, packs=list(PACKS))
    assert not [word for word, symbol in words.items() if not symbol], "a word names two units"


@pytest.mark.parametrize("language", LANGUAGES)
@pytest.mark.parametrize("unit", ["piece", "pair", "dozen", "kg", "g", "t", "lb", "L", "mL", "m³",
                                  "short_ton", "long_ton", *PACKS])
@pytest.mark.parametrize("value", ["1", "2", "5", "22", "1200", "1234567.5"])
def test_what_a_form_shows_reads_back_as_the_same_quantity(language, unit, value):
    quantity = q(value, unit)
    words = typed_words(language, packs=list(PACKS))
    shown = form_quantity(quantity, language)
    assert parse_typed(shown, language, words) == quantity, shown
    # English pages pass what is typed to the API's own parser; Croatian writes 1200 as "1.200",
    # which is refused when typed (test_croatian_grouping_of_one_point_is_refused_as_typed).
    if language != "en" and not (language == "hr" and value == "1200"):
        written = format_quantity(quantity, language, length="long")
        assert parse_typed(written, language, words) == quantity, written


# --- typed by a reader -----------------------------------------------------------------------

@pytest.mark.parametrize(("language", "typed", "value", "unit"), [
    ("pl", "5 760 szt.", "5760", "piece"),
    ("pl", f"5{NBSP}760 szt.", "5760", "piece"),
    ("pl", "5\u202f760 szt", "5760", "piece"),
    ("pl", "5760 sztuk", "5760", "piece"),
    ("pl", "12 kartonów", "12", "carton"),
    ("cs", "22,5 t", "22.5", "t"),
    ("cs", "22,5 tuny", "22.5", "t"),
    ("cs", "1 200 krabic", "1200", "box"),
    ("cs", "1,2 t", "1.2", "t"),
    ("cs", "1,2000 t", "1.2", "t"),
    ("cs", "1 200 box", "1200", "box"),
    ("cs", "12 KS", "12", "piece"),
    ("sk", "40 ks", "40", "piece"),
    ("hr", "40 kom", "40", "piece"),
    ("hr", "1.200.000,5 kg", "1200000.5", "kg"),
    ("hr", "1 200,5 kg", "1200.5", "kg"),
    ("zh", "10件", "10", "piece"),
    ("zh", "10 个", "10", "piece"),
    ("zh", "1,200.5 公斤", "1200.5", "kg"),
    ("zh", "3吨", "3", "t"),
    ("en", "1,200 box", "1200", "box"),
    ("en", "1.200 t", "1.2", "t"),
    ("en", "5 760 piece", "5760", "piece"),
])
def test_a_typed_quantity_is_read_in_the_readers_language(language, typed, value, unit):
    words = typed_words(language, packs=["box", "carton"])
    assert parse_typed(typed, language, words) == q(value, unit)


@pytest.mark.parametrize(("language", "typed", "message"), [
    ("cs", "1,200 krabic", "„1,200 krabic“"),
    ("cs", "1,200 krabic", "dá se číst jako 1200 i jako 1,2"),
    ("cs", "1.200 krabic", "dá se číst jako 1200 i jako 1,2"),
    ("hr", "1.200 kom", "može se čitati kao 1200 ili kao 1,2"),
    ("hr", "1,250 t", "može se čitati kao 1250 ili kao 1,25"),
    ("pl", "1,500 szt.", "można je odczytać jako 1500 albo jako 1,5"),
    ("cs", "22.5 t", "napište např. 22,5 nebo 1\u00a0200\u00a0000"),
    ("pl", "12,345,678 szt.", "nie jest liczbą zapisaną po polsku"),
    ("hr", "12.5 kg", "nije broj zapisan na hrvatskom"),
    ("cs", "1 20 t", "není číslo zapsané česky"),
    ("cs", "1 200,000,5 t", "není číslo zapsané česky"),
    ("en", "22,5 t", "is not an amount as written here: write e.g. 22.5 or 1,200,000"),
    ("en", "1 200,000 t", "is not an amount as written here"),
    ("pl", "٣ szt.", "zawiera cyfrę '٣'"),
    ("pl", "５ szt.", "zawiera cyfrę '５'"),
    ("pl", "5 760", "nie ma jednostki"),
    ("pl", "", "podaj ilość"),
    ("pl", "-5 szt.", "większa od zera"),
    ("pl", "0 szt.", "większa od zera"),
    ("pl", "1,1234567 t", "najwyżej 6 miejsc po przecinku"),
    ("pl", "12345678901234 szt.", "za duża"),
    ("pl", "5 szt. " + "x" * 80, "najwyżej 64 znaków"),
    ("pl", "nan szt.", "to nie ilość"),
    ("pl", "5 kg/s", "to nie ilość"),
    ("pl", "5 worków ziemniaków", "nie jest jednostką tego towaru"),
    ("zh", "1.200,5 kg", "的写法不正确"),
])
def test_what_could_be_misread_is_refused_in_the_readers_language(language, typed, message):
    words = typed_words(language, packs=["box", "carton"])
    with pytest.raises(TypedQuantityError) as refused:
        parse_typed(typed, language, words)
    shown = str(refused.value).replace("'", "„", 1).replace("'", "“", 1) if message.startswith("„") \
        else str(refused.value)
    assert message in shown


def test_croatian_grouping_of_one_point_is_refused_as_typed():
    """CLDR writes 1200 as "1.200" in Croatian; typed, it could be the English papers' 1.2."""
    assert format_amount(Decimal(1200), "hr") == "1.200"
    with pytest.raises(TypedQuantityError, match="1200 ili kao 1,2"):
        parse_typed("1.200 kom", "hr", typed_words("hr"))
    assert parse_typed("1.200.000 kom", "hr", typed_words("hr")) == q("1200000", "piece")


def test_a_refusal_echoes_only_a_short_excerpt():
    with pytest.raises(TypedQuantityError) as refused:
        parse_typed("1,200 " + "k" * 50, "cs", {})
    assert len(str(refused.value)) < 200


def test_a_word_two_packs_of_an_item_share_is_refused_as_ambiguous():
    translations = {"cs": {"packs": {"box": "krabice", "carton": "krabice"}}}
    words = typed_words("cs", packs=["box", "carton"], translations=translations)
    with pytest.raises(TypedQuantityError, match="může znamenat více jednotek"):
        parse_typed("3 krabice", "cs", words)


def test_an_items_translated_pack_name_is_accepted_when_typed():
    translations = {"pl": {"packs": {"carton": ["karton zbiorczy", "kartony zbiorcze", "kartonów zbiorczych"]}}}
    words = typed_words("pl", packs=["carton"], translations=translations)
    assert parse_typed("7 kartonów zbiorczych", "pl", words) == q("7", "carton")


def test_a_pack_the_item_does_not_have_passes_as_typed_for_the_item_to_refuse():
    words = typed_words("cs", packs=["box"])
    assert parse_typed("3 palety", "cs", words) == q("3", "palety")


def test_unit_labels_follow_each_languages_plural_rule():
    assert [unit_label("box", Decimal(n), "pl") for n in (1, 2, 5, 12, 22, 25, 102)] == [
        "pudełko", "pudełka", "pudełek", "pudełek", "pudełka", "pudełek", "pudełka"]
    assert [unit_label("box", Decimal(n), "hr") for n in (1, 2, 5, 11, 21, 22)] == [
        "kutija", "kutije", "kutija", "kutija", "kutija", "kutije"]
