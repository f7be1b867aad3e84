"""The `documents` catalogs hold exactly what the code marks (D_, DN_, DC_), every entry translated."""
from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

import logistics
from logistics.document_language import DOCUMENT_LANGUAGES, Wording

PACKAGE = Path(logistics.__file__).parent
KEYWORDS = {"D_": None, "DN_": (1, 2), "DC_": ((1, "c"), 2)}
PLACEHOLDER = re.compile(r"\{[a-z_]*\}")


def _marked() -> set[tuple[str | None, str | tuple[str, ...]]]:
    found = set()
    for _file, _line, message, _comments, context in extract_from_dir(
            str(PACKAGE), method_map=[("**.py", "python")], keywords=KEYWORDS, comment_tags=()):
        found.add((context, message))
    return found


@pytest.mark.parametrize("language", [code for code in DOCUMENT_LANGUAGES if code != "en"])
def test_each_documents_catalog_holds_every_marked_string_translated_with_its_placeholders(language):
    path = PACKAGE / "translations" / language / "LC_MESSAGES" / "documents.po"
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=language)
    held = {(m.context, m.id if isinstance(m.id, str) else tuple(m.id)) for m in catalog if m.id}

    assert held == _marked()
    for message in catalog:
        if not message.id:
            continue
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        strings = [message.string] if isinstance(message.string, str) else list(message.string)
        assert all(strings) and not message.fuzzy, message.id
        wanted = set(PLACEHOLDER.findall(ids[-1]))
        for text in strings:
            assert set(PLACEHOLDER.findall(text)) == wanted, (message.id, text)


@pytest.mark.parametrize("language, value, places, printed", [
    ("en", "22.5", None, "22.5"), ("cs", "22.5", None, "22,5"), ("pl", "1200.5", None, "1\xa0200,5"),
    ("hr", "1200.5", None, "1.200,5"), ("zh", "1200.5", None, "1,200.5"), ("sk", "22500.000", 3, "22\xa0500"),
    ("sk", "0.000001", None, "0,000001"), ("en", "1234567.25", None, "1,234,567.25"),
])
def test_numbers_print_exactly_in_the_documents_language(language, value, places, printed):
    assert Wording(language).number(Decimal(value), places) == printed


def test_plural_forms_follow_the_languages_rules():
    texts = ("{count} line received", "{count} lines received")
    assert [Wording("cs").n(texts, n) for n in (1, 3, 5)] == ["Přijat 1 řádek", "Přijaty 3 řádky",
                                                             "Přijato 5 řádků"]
    assert [Wording("en").n(texts, n) for n in (1, 2)] == ["1 line received", "2 lines received"]
