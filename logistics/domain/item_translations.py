"""An item's name and pack names in other languages: their shape, and the words they may not take.

Stored as ``items.translations``: {"cs": {"name": "Ochranný overal", "packs": {"carton":
["karton", "kartony", "kartonů"]}}}. A pack's name is one form for every count, or one form per
plural form of the language (cs, sk, pl, hr: 3; zh: 1), in the catalog's order. Each form is
also accepted when typed in that language, so no form may be a unit's word or another pack's.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from logistics.domain.inputs import excerpt, forbidden_character
from logistics.domain.texts import E_, TextError
from logistics.units import lookup_unit_or_none

LANGUAGES = ("cs", "sk", "pl", "hr", "zh")  # English is the item's own name and packs
MAX_NAME = 300
MAX_FORM = 40
_FORM = re.compile(r"[^\W\d_][^\W\d_ .\-]*(?:[ .\-][^\W\d_]+)*\.?")


class TranslationError(TextError, ValueError):
    """Translations that cannot be stored; ``fields`` holds per-field messages, nested like the input."""

    def __init__(self, fields: dict):
        super().__init__(E_("the translations were not saved"))
        self.fields = fields


def check_translations(value: object, packs: Iterable[str], taken: Mapping[str, Mapping[str, str]]
                       ) -> dict | None:
    """Return translations cleaned for storing, or raise TranslationError naming each bad field.

    ``packs`` are the item's pack names; ``taken`` maps each language to the words its units
    and the item's packs already use (``typed_quantities.typed_words``), each to its symbol: a
    pack may take only its own.
    """
    if value is None or value == {}:
        return None
    if not isinstance(value, Mapping):
        raise TranslationError({"_schema": [E_('an object by language, e.g. {"cs": {"name": "..."}}')]})
    errors: dict = {}
    cleaned: dict = {}
    names = set(packs)
    for language, entry in value.items():
        if language not in LANGUAGES:
            errors[str(language)[:10]] = [E_("a language among %(languages)s",
                                             languages=", ".join(LANGUAGES))]
            continue
        result = _entry(entry, names, taken.get(language, {}), errors.setdefault(language, {}))
        if result:
            cleaned[language] = result
        if not errors[language]:
            del errors[language]
    if errors:
        raise TranslationError(errors)
    return cleaned or None


def _entry(entry: object, packs: set[str], taken: Mapping[str, str], errors: dict) -> dict:
    if not isinstance(entry, Mapping) or set(entry) - {"name", "packs"}:
        errors["_schema"] = [E_('{"name": "...", "packs": {"carton": "..."}}')]
        return {}
    result: dict = {}
    name = entry.get("name")
    if name is not None:
        if not isinstance(name, str) or not name.strip() or len(name) > MAX_NAME:
            errors["name"] = [E_("a name of 1 to %(most)s characters", most=MAX_NAME)]
        elif problem := forbidden_character(name):
            errors["name"] = [E_("the name has %(problem)s", problem=problem)]
        else:
            result["name"] = name.strip()
    given = entry.get("packs") or {}
    if not isinstance(given, Mapping):
        errors["packs"] = [E_('an object by pack name, e.g. {"carton": "karton"}')]
        return result
    seen: dict[str, str] = {}
    forms_by_pack = {}
    for pack, forms in given.items():
        problem = _pack_problem(pack, forms, packs, taken, seen)
        if problem:
            errors.setdefault("packs", {})[str(pack)[:MAX_FORM]] = [problem]
        else:
            forms_by_pack[pack] = forms.strip() if isinstance(forms, str) else [f.strip() for f in forms]
    if forms_by_pack:
        result["packs"] = forms_by_pack
    return result


def _pack_problem(pack: object, forms: object, packs: set[str], taken: Mapping[str, str],
                  seen: dict[str, str]) -> str | None:
    """Say what is wrong with one pack's translated forms (None when they are fine)."""
    if pack not in packs:
        return E_("not a pack of this item (%(packs)s)", packs=", ".join(sorted(packs)) or E_("it has none"))
    listed = [forms] if isinstance(forms, str) else forms
    if not isinstance(listed, list) or not 1 <= len(listed) <= 3 or \
            not all(isinstance(form, str) for form in listed):
        return E_("a word, or a list of up to 3 plural forms")
    for form in listed:
        text = form.strip()
        if not 1 <= len(text) <= MAX_FORM or not _FORM.fullmatch(text):
            return E_("%(form)s is not a pack name: letters, one or a few words", form=excerpt(form))
        key = text.casefold()
        if (key in packs and key != pack) or taken.get(key, pack) != pack \
                or lookup_unit_or_none(text) is not None:
            return E_("%(form)s already names a unit or another pack", form=excerpt(text))
        if seen.setdefault(key, str(pack)) != pack:
            return E_("%(form)s already names the pack %(pack)s", form=excerpt(text), pack=repr(seen[key]))
    return None
