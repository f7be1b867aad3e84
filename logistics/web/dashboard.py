"""The managers' dashboard: what is moving, what arrived this month, totals in and out."""
from __future__ import annotations

from collections.abc import Callable
from functools import partial

from flask import Blueprint, render_template, request
from flask_babel import gettext

from logistics import db
from logistics.domain.access import STAFF_ROLES
from logistics.errors import Invalid
from logistics.models.types import utcnow
from logistics.schemas.shipments import PeriodQuerySchema
from logistics.services import dashboard, reports
from logistics.web import labels, unit_name
from logistics.web.charts import Chart, bar_chart
from logistics.web.dates import day_text
from logistics.web.forms import load
from logistics.web.labels import country_name
from logistics.web.session import requires, web_actor

bp = Blueprint("dashboard", __name__)


def _charts(rows: list[dict], label: Callable[[dict], str]) -> list[Chart]:
    """Return a bar chart per direction and unit of dashboard totals (in and out, units never mixed)."""
    series: dict[tuple[str, str], list] = {}
    for row in rows:
        series.setdefault((row["direction"], row["unit"]), []).append((label(row), row["value"]))
    # Units spelled out, as everywhere on the pages: "22,500 kilograms", not "22,500 kg".
    return [bar_chart(f"{labels.label(direction, 'direction').capitalize()} — {unit_name(unit)}", values,
                      partial(unit_name, unit))
            for (direction, unit), values in sorted(series.items())]


@bp.get("/dashboard")
@requires(*STAFF_ROLES)
def index():
    """Show the dashboard."""
    session = db.session()
    by_country = dashboard.totals_by(session, "country")
    by_item = dashboard.totals_by(session, "item")
    charts = _charts(by_country, lambda row: f"{country_name(row['key'])} ({row['key']})")
    item_charts = _charts(by_item, lambda row: row["label"])
    start, end = dashboard.month_of(utcnow().date())
    errors: dict = {}
    try:
        period = load(PeriodQuerySchema(), {k: v for k, v in request.args.items() if v})
        start, end = period.get("date_from", start), period.get("date_to", end)
    except Invalid as error:
        errors = error.fields
    if start > end:
        errors.setdefault("to", gettext("must not be before from (%(day)s)", day=day_text(start)))
        start, end = dashboard.month_of(utcnow().date())
    return render_template("dashboard/index.html", moving=dashboard.in_transit(session),
                           arrived=dashboard.arrived_between(session, start, end), start=start, end=end,
                           errors=errors,
                           by_country=by_country, by_item=by_item, charts=charts, item_charts=item_charts,
                           flows=reports.flows(session, web_actor(), ["direction"]),
                           country_name=country_name)
