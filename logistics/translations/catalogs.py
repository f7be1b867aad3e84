"""Extract, update and compile the translation catalogs, one domain at a time (make translations).

A domain is a ``<domain>.cfg`` beside this file naming the files that speak it; its catalogs are
``logistics/translations/<lang>/LC_MESSAGES/<domain>.po``, one per language but English (the
source). ``extract`` writes ``build/translations/<domain>.pot``; ``update`` merges it into each
language's catalog (creating missing ones); ``compile`` turns every .po into its .mo.
The suite's tests/i18n/test_catalogs.py extracts the same way (``extract_to``).
"""
from __future__ import annotations

import contextlib
import sys
from pathlib import Path

from babel.messages.frontend import CommandLineInterface

ROOT = Path(__file__).resolve().parents[2]  # the repository: extraction paths are relative to it
CONFIGS = CATALOGS = Path(__file__).resolve().parent  # the configs live beside the catalogs they make
TEMPLATES = ROOT / "build" / "translations"
SOURCE_LANGUAGE = "en"
# The calls that mark text, besides Babel's defaults (_, gettext, ngettext, pgettext, ...).
KEYWORDS = ("lazy_gettext", "lazy_ngettext:1,2", "lazy_pgettext:1c,2",
            # the documents domain's markers (logistics/document_language.py: D_, DN_ plural, DC_ context)
            "D_", "DN_:1,2", "DC_:1c,2")
# A domain extracted with its own markers only (Babel's defaults off): the errors catalog takes the
# E_/EN_ messages of whatever file makes them (logistics/domain/texts.py), and no other catalog does.
OWN_KEYWORDS = {"errors": ("E_", "EN_:1,2")}


def languages() -> list[str]:
    """Return the languages with catalogs (every supported one but the source language)."""
    sys.path.insert(0, str(ROOT))
    from logistics.domain.languages import LANGUAGES

    return [code for code in LANGUAGES if code != SOURCE_LANGUAGE]


ONLY: list[str] = []  # domains named on the command line (none: every domain)


def domains() -> list[str]:
    """Return the domains that have an extraction config (only those asked for, if any were)."""
    return sorted(path.stem for path in CONFIGS.glob("*.cfg") if not ONLY or path.stem in ONLY)


def po_path(language: str, domain: str) -> Path:
    """Return where a language's catalog of a domain lives."""
    return CATALOGS / language / "LC_MESSAGES" / f"{domain}.po"


def pybabel(*arguments: str) -> None:
    """Run one pybabel command in this process (quietly), failing loudly."""
    if CommandLineInterface().run(["pybabel", "-q", *arguments]):
        raise SystemExit(f"pybabel {arguments[0]} failed (see above)")


def extract_to(domain: str, pot: Path) -> None:
    """Write the messages the code marks for a domain into a .pot (sorted, no line numbers: stable diffs)."""
    pot = pot.resolve()
    pot.parent.mkdir(parents=True, exist_ok=True)
    own = OWN_KEYWORDS.get(domain)
    keywords = [argument for keyword in own or KEYWORDS for argument in ("-k", keyword)]
    if own:
        keywords.insert(0, "--no-default-keywords")
    with contextlib.chdir(ROOT):  # locations relative to the repository, the same on every machine
        pybabel("extract", "-F", str(CONFIGS / f"{domain}.cfg"), *keywords, "--add-location=file",
                "--sort-output", "--no-wrap", "--project=logistics", "--copyright-holder=logistics",
                "-o", str(pot), ".")


def extract() -> None:
    """Write every domain's .pot under build/translations/."""
    for domain in domains():
        extract_to(domain, TEMPLATES / f"{domain}.pot")


def update() -> None:
    """Merge each domain's .pot into every language's catalog, creating the catalogs a language lacks."""
    for domain in domains():
        pot = TEMPLATES / f"{domain}.pot"
        for language in languages():
            po = po_path(language, domain)
            if po.exists():
                pybabel("update", "-i", str(pot), "-o", str(po), "-l", language, "-D", domain,
                        "--no-fuzzy-matching", "--ignore-obsolete", "--no-wrap", "--init-missing",
                        "--ignore-pot-creation-date")  # an unchanged catalog stays byte for byte
            else:
                pybabel("init", "-i", str(pot), "-o", str(po), "-l", language, "-D", domain, "--no-wrap")


def compile_all() -> None:
    """Compile every catalog to its .mo (refusing fuzzy entries: an unchecked guess is not shipped)."""
    for po in sorted(CATALOGS.glob("*/LC_MESSAGES/*.po")):
        pybabel("compile", "-i", str(po), "-o", str(po.with_suffix(".mo")), "-D", po.stem,
                "-l", po.parent.parent.name)


if __name__ == "__main__":
    # e.g. `catalogs.py extract update messages`: the steps, then the domains (default: all of both)
    steps = {"extract": extract, "update": update, "compile": compile_all}
    ONLY.extend(argument for argument in sys.argv[1:] if argument not in steps)
    for step in [argument for argument in sys.argv[1:] if argument in steps] or list(steps):
        steps[step]()
