"""A known data set for flow reports: shipments in and out, three countries, five items, many months."""
from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from tests.answers import expect  # noqa: F401  (the report tests import it from here)

REPORTS = "/api/v1/reports/flows"


@pytest.fixture
def flow_data(make):
    """Create the known data set and return its organisations by short name.

    Moved (counted by default): S1, S2, S3, S4, S5, S9, S10. Not moved: S6 (cancelled),
    S7 (draft), S8 (confirmed). S10 has no planned departure. Each moved shipment was dispatched
    on its planned departure (S10: now), so both date bases give the same figures but for S10.
    """
    alpha = make.org(name="Alpha Supplies", country="CN", kind="supplier")
    brat = make.org(name="Bratislava Hospital", country="SK")
    krak = make.org(name="Kraków Aid", country="PL")
    make.item("COV", "piece", "0.35 kg", name="Coverall", category="ppe")
    make.item("N95", "piece", "0.012 kg", name="N95 respirator", category="ppe")
    make.item("GEL", "L", "0.9 kg", name="Hand gel", category="hygiene")
    make.item("RICE", "kg", name="Rice", category="food")
    make.item("TENT", "piece", name="Tent")  # no unit mass, no category
    plan = [
        ("S1", alpha, "inbound", "purchase", "2020-01-15", "received",
         [("COV", "1000 piece"), ("GEL", "250.5 L")]),
        ("S2", alpha, "inbound", "donation", "2020-02-10", "delivered",
         [("N95", "5,000 piece"), ("RICE", "1.5 t")]),
        ("S3", brat, "outbound", "donation", "2020-04-03", "received",
         [("COV", "400 piece"), ("COV", "50 kg"), ("TENT", "10 piece")]),
        ("S4", krak, "outbound", "donation", "2020-05-20", "in_transit",
         [("N95", "1200 piece"), ("RICE", "200.25 kg"), ("GEL", "10 L")]),
        ("S5", brat, "outbound", "transfer", "2020-11-30", "received",
         [("COV", "100 piece"), ("RICE", "0.75 t")]),
        ("S6", krak, "outbound", "donation", "2020-04-10", "cancelled", [("COV", "999 piece")]),
        ("S7", brat, "outbound", "donation", "2020-06-01", "draft", [("COV", "7 piece")]),
        ("S8", brat, "outbound", "donation", "2020-07-07", "confirmed", [("N95", "300 piece")]),
        ("S9", krak, "outbound", "donation", "2021-01-05", "received", [("COV", "10 piece")]),
        ("S10", alpha, "inbound", "donation", None, "received", [("RICE", "5 kg")]),
    ]
    for reference, org, direction, kind, departure, status, lines in plan:
        day = date.fromisoformat(departure) if departure else None
        make.shipment(org, lines, direction, status, reference=f"REP-{reference}", kind=kind,
                      planned_departure=day, dates=dispatched_on(day))
    return {"alpha": alpha, "brat": brat, "krak": krak}


def dispatched_on(day: date | None) -> dict:
    """Return the moves' dates of a shipment dispatched on its planned day (confirmed the day before).

    The actual dispatch then falls on the planned departure, so the figures by actual date (the
    default) equal those by planned date; a shipment without a day is dispatched now.
    """
    if day is None:
        return {}
    noon = datetime(day.year, day.month, day.day, 12, tzinfo=UTC)
    return {"confirmed": noon - timedelta(days=1), "in_transit": noon}


def _key(value):
    if isinstance(value, dict):
        return value.get("sku") or value["name"]
    return value


def brief(report: dict) -> list[tuple]:
    """Return each row as (keys..., "total unit", lines, shipments, exact, estimated, gross, unweighed)."""
    rows = []
    for row in report["rows"]:
        mass = row["gross_mass"]
        rows.append((*(_key(row[key]) for key in report["group_by"]),
                     f'{row["total"]["value"]} {row["unit"]}', row["lines"], row["shipments"],
                     mass["exact"]["value"], mass["estimated"]["value"], mass["total"]["value"],
                     mass["unweighed_lines"]))
    return rows
