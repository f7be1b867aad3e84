"""Flow reports are dumped by plain functions (schemas/report_json.py): exactly what the schema's fields give."""
from __future__ import annotations

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.schemas.reports import FlowReportSchema
from logistics.services import reports
from tests.reports.conftest import REPORTS, expect

GROUPINGS = [
    ["direction"], ["kind", "country"], ["counterparty", "item"], ["category", "period"],
    ["item", "period"], ["direction", "kind", "country", "counterparty", "item", "category", "period"],
]


OPTIONS = [{}, {"values": True, "mass_unit": "t"}, {"date_basis": "planned", "period": "quarter"},
           {"statuses": ["cancelled"]}]


def test_every_report_is_dumped_as_the_report_schemas_fields_would(app, make, flow_data):
    make.shipment(flow_data["brat"], [("COV", "3 piece", "12.5 EUR"), ("GEL", "2 L", "300 CZK")],
                  status="in_transit", reference="REP-V1")
    schema = FlowReportSchema()
    compared = 0
    with app.app_context(), db.new_session(app) as session:
        for group_by in GROUPINGS:
            for options in OPTIONS:
                report = reports.flows(session, SYSTEM, group_by, **options)
                ours, fields = schema.dump(report), schema.dump_by_fields(report)
                assert ours == fields, (group_by, options)
                # the same order of fields, in the report and in each row
                assert [list(ours), *map(list, ours["rows"])] == [list(fields), *map(list, fields["rows"])]
                compared += len(report.rows)
    assert compared > 100


def test_the_endpoint_answers_the_fields_dump_for_a_partner(app, make, flow_data):
    partner = make.api("partner", org=flow_data["krak"])
    answer = expect(partner.get(f"{REPORTS}?group_by=country,item,period&values=1"))
    assert answer["rows"] and answer["group_by"] == ["direction", "country", "item", "period"]
    assert all(set(row) >= {"direction", "country", "item", "period", "gross_mass"} for row in answer["rows"])
