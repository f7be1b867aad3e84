"""What an entry holds, as plain rules: secrets masked, values as JSON, every audited table named."""
from __future__ import annotations

import json
from datetime import date, datetime, timezone
from decimal import Decimal

import pytest

from logistics.domain.audit import ENTITIES, MASK, as_json, masked
from logistics.services.audit import AUDITED


@pytest.mark.parametrize("column", ["password_hash", "token_hash", "tracking_token"])
def test_a_secret_column_is_masked_and_an_empty_one_stays_empty(column):
    assert masked({column: "pbkdf2:sha256$abc", "email": "a@example.org"}) == {
        column: MASK, "email": "a@example.org"}
    assert masked({column: None}) == {column: None}


def test_values_become_json_with_dates_in_iso_8601_and_decimals_as_strings():
    values = {"expiry": date(2027, 1, 31), "at": datetime(2026, 3, 1, 8, 30, tzinfo=timezone.utc),
              "value": Decimal("1234.50"), "name": "Łódź", "count": 3, "rounded": False, "lot": None}

    assert json.loads(as_json(values)) == {
        "expiry": "2027-01-31", "at": "2026-03-01T08:30:00+00:00", "value": "1234.50", "name": "Łódź",
        "count": 3, "rounded": False, "lot": None}
    assert "Łódź" in as_json(values)
    assert as_json(None) is None


def test_every_audited_model_is_a_named_entity():
    assert sorted(model.__tablename__ for model in AUDITED) == sorted(ENTITIES)
