"""Country names from ISO 3166-1 alpha-2 codes, for every layer that shows a country (services too)."""
from __future__ import annotations

from functools import lru_cache

import pycountry


@lru_cache(maxsize=512)  # lists name the same few countries on every row
def country_name(code: str | None) -> str | None:
    """Return the English short name of a country code (the code itself when unknown)."""
    if not code:
        return None
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code
