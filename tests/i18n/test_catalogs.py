"""Every translation catalog, of every domain and language, is complete, current and compiled.

Generic over logistics.i18n.DOMAINS and the languages: a domain's catalogs are checked as soon
as its first .po exists (a domain with none yet is fine), so each helper's catalog is held to
the same rules without a test of its own.
"""
from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po

from logistics.domain.languages import LANGUAGES
from logistics.i18n import DOMAINS

ROOT = Path(__file__).resolve().parents[2]
TRANSLATIONS = ROOT / "logistics" / "translations"  # the catalogs, their configs and the tool
TRANSLATED = [code for code in LANGUAGES if code != "en"]  # English is the source language
# %(name)s, %s, %d (python-format) and {name} (brace) placeholders; %% is a literal percent sign.
PLACEHOLDER = re.compile(r"%\([A-Za-z_]\w*\)[-#0 +]*\d*(?:\.\d+)?[sdifr]|%[sdifr]|\{[A-Za-z_]\w*\}")


def _tool():
    spec = importlib.util.spec_from_file_location("catalogs", TRANSLATIONS / "catalogs.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _po(language: str, domain: str) -> Path:
    return TRANSLATIONS / language / "LC_MESSAGES" / f"{domain}.po"


def _read(path: Path, language: str | None = None) -> Catalog:
    with path.open("rb") as handle:
        return read_po(handle, locale=language)


def _domains_with_catalogs() -> list[str]:
    return [domain for domain in DOMAINS if any(_po(code, domain).exists() for code in TRANSLATED)]


def _catalogs() -> list[tuple[str, str]]:
    return [(domain, code) for domain in _domains_with_catalogs() for code in TRANSLATED]


def _key(message) -> tuple:
    return (message.context, message.id)


def _placeholders(text: str) -> list[str]:
    return sorted(PLACEHOLDER.findall(text.replace("%%", "")))


def test_the_messages_domain_has_catalogs():
    assert "messages" in _domains_with_catalogs()


@pytest.mark.parametrize("domain", _domains_with_catalogs())
def test_every_language_has_a_catalog_of_each_domain_and_a_config_to_extract_it(domain):
    assert (TRANSLATIONS / f"{domain}.cfg").is_file(), f"logistics/translations/{domain}.cfg is missing"
    assert [code for code in TRANSLATED if not _po(code, domain).exists()] == []


@pytest.mark.parametrize("domain", _domains_with_catalogs())
def test_catalogs_hold_exactly_what_the_code_marks(domain, tmp_path):
    pot = tmp_path / f"{domain}.pot"
    _tool().extract_to(domain, pot)
    marked = {_key(m) for m in _read(pot) if m.id}
    for code in TRANSLATED:
        held = {_key(m) for m in _read(_po(code, domain), code) if m.id}
        assert sorted(marked - held, key=str) == [], f"{code}/{domain}.po lacks these: run make translations"
        assert sorted(held - marked, key=str) == [], f"{code}/{domain}.po holds messages no code marks"


@pytest.mark.parametrize("domain, language", _catalogs())
def test_every_message_is_translated_with_the_same_placeholders(domain, language):
    catalog = _read(_po(language, domain), language)
    assert catalog.num_plurals >= 1
    problems = []
    for message in catalog:
        if not message.id:
            continue
        name = message.id if isinstance(message.id, str) else message.id[0]
        if message.fuzzy:
            problems.append(f"fuzzy: {name!r}")
        ids = [message.id] if isinstance(message.id, str) else list(message.id)
        forms = [message.string] if isinstance(message.string, str) else list(message.string)
        if isinstance(message.id, tuple) and len(forms) != catalog.num_plurals:
            problems.append(f"{len(forms)} plural forms instead of {catalog.num_plurals}: {name!r}")
        expected = sorted(set().union(*(_placeholders(text) for text in ids)))
        for form in forms:
            if not form or not form.strip():
                problems.append(f"untranslated: {name!r}")
            elif sorted(set(_placeholders(form))) != expected:
                problems.append(f"placeholders {_placeholders(form)} instead of {expected}: {name!r}")
    assert problems == []


@pytest.mark.parametrize("domain, language", _catalogs())
def test_each_catalog_is_compiled_and_not_older_than_its_source(domain, language):
    po = _po(language, domain)
    mo = po.with_suffix(".mo")
    assert mo.is_file(), f"{mo.relative_to(ROOT)} is missing: run make translations-compile"
    assert mo.stat().st_mtime >= po.stat().st_mtime, f"{mo.name} is older than its .po: recompile"


def test_a_placeholder_left_out_or_renamed_is_noticed():
    assert _placeholders("%(count)d of %(total)s, {name}; 100%%") == ["%(count)d", "%(total)s", "{name}"]
    assert _placeholders("%(počet)d") != _placeholders("%(count)d")
