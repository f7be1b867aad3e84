"""The managers' dashboard: what is moving, what arrived this month, totals in and out."""
from __future__ import annotations

from functools import partial

from flask import Blueprint, render_template, request

from logistics import db
from logistics.domain.access import STAFF_ROLES
from logistics.errors import Invalid
from logistics.models.types import utcnow
from logistics.schemas.fields import country_name
from logistics.schemas.shipments import PeriodQuerySchema
from logistics.services import dashboard, reports
from logistics.web import unit_name
from logistics.web.charts import bar_chart
from logistics.web.forms import load
from logistics.web.session import requires, web_actor

bp = Blueprint("dashboard", __name__)


@bp.get("/dashboard")
@requires(*STAFF_ROLES)
def index():
    """Show the dashboard."""
    session = db.session()
    by_country = dashboard.totals_by(session, "country")
    by_item = dashboard.totals_by(session, "item")
    series: dict[tuple[str, str], list] = {}
    for row in by_country:
        series.setdefault((row["direction"], row["unit"]), []).append(
            (f"{country_name(row['key'])} ({row['key']})", row["value"]))
    # Units spelled out, as everywhere on the pages: "22,500 kilograms", not "22,500 kg".
    charts = [bar_chart(f"{direction.capitalize()} — {unit_name(unit)}", values,
                        partial(unit_name, unit))
              for (direction, unit), values in sorted(series.items())]
    start, end = dashboard.month_of(utcnow().date())
    errors: dict = {}
    try:
        period = load(PeriodQuerySchema(), {k: v for k, v in request.args.items() if v})
        start, end = period.get("date_from", start), period.get("date_to", end)
    except Invalid as error:
        errors = error.fields
    if start > end:
        errors.setdefault("to", f"must not be before from ({start})")
        start, end = dashboard.month_of(utcnow().date())
    return render_template("dashboard/index.html", moving=dashboard.in_transit(session),
                           arrived=dashboard.arrived_between(session, start, end), start=start, end=end,
                           errors=errors,
                           by_country=by_country, by_item=by_item, charts=charts,
                           flows=reports.flows(session, web_actor(), ["direction"]),
                           country_name=country_name)
