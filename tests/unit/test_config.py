"""Numeric settings are read one way: ASCII digits, bounded, and a refusal names the variable."""
from __future__ import annotations

import pytest

from logistics import config


@pytest.mark.parametrize(("variable", "value", "setting", "expected"), [
    ("LOGISTICS_IMPORT_MAX_ROWS", "1_000", "IMPORT_MAX_ROWS", 1000),
    ("LOGISTICS_MAX_UPLOAD_MB", "1.5", "MAX_CONTENT_LENGTH", 1572864),
    ("LOGISTICS_MAX_JSON_KB", "64", "MAX_JSON_BYTES", 65536),
    ("LOGISTICS_DB_MAX_OVERFLOW", "0", "DB_MAX_OVERFLOW", 0),
    ("LOGISTICS_SESSION_MAX_DAYS", " 2.5 ", "SESSION_MAX_DAYS", 2.5),
])
def test_a_numeric_setting_is_read_from_the_environment(variable, value, setting, expected):
    assert config.from_environment({variable: value})[setting] == expected


@pytest.mark.parametrize(("variable", "value", "wanted"), [
    ("LOGISTICS_MAX_UPLOAD_MB", "lots", "give a number, above 0"),
    ("LOGISTICS_MAX_UPLOAD_MB", "0", "give a number, above 0"),
    ("LOGISTICS_IMPORT_MAX_ROWS", "\uff12\uff10", "give a whole number, above 0"),  # fullwidth 20
    ("LOGISTICS_IMPORT_MAX_ROWS", "1.5", "give a whole number, above 0"),
    ("LOGISTICS_DB_POOL_SIZE", "\u0663", "give a whole number, at least 1"),  # Arabic-Indic 3
    ("LOGISTICS_MAX_JSON_KB", "1e999", "give a number, above 0"),
    ("LOGISTICS_SESSION_MAX_DAYS", "2000000", "at most 1e+06"),
    ("LOGISTICS_MAX_JSON_KB", "nan", "give a number, above 0"),
])
def test_a_bad_numeric_setting_stops_the_start_naming_the_variable_and_what_is_wanted(variable, value, wanted):
    with pytest.raises(config.ConfigurationError) as raised:
        config.from_environment({variable: value})
    message = str(raised.value)
    assert message.startswith(f"{variable} is {value[:20]!r}: ")
    assert wanted in message


def test_the_start_warns_when_no_public_url_is_configured_and_not_when_one_is():
    from logistics.cli.server import public_url_warning

    unset = public_url_warning({"PUBLIC_URL": config.DEFAULT_PUBLIC_URL})
    assert unset is not None and "LOGISTICS_PUBLIC_URL" in unset and config.DEFAULT_PUBLIC_URL in unset
    configured = config.from_environment({"LOGISTICS_PUBLIC_URL": "https://aid.example.org/"})
    assert public_url_warning(configured) is None and configured["PUBLIC_URL"] == "https://aid.example.org"
