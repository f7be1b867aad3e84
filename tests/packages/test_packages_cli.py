"""`logistics packages add/list`: the same bulk request as the API, its errors on standard error."""
from __future__ import annotations

import json

import pytest


@pytest.fixture
def shipment(make):
    make.coverall()
    return make.shipment(lines=(("PPE-COV", "60,000 piece"),))


def test_pallets_of_cartons_are_added_from_json_and_listed(runner, shipment, tmp_path):
    spec = tmp_path / "pallets.json"
    spec.write_text(json.dumps({"type": "pallet", "count": 2, "gross_mass": "310 kg",
                                "children": [{"type": "carton", "count": 3, "gross_mass": "7 kg",
                                              "contents": [{"line_no": 1, "quantity": "4 box"}]}]}))
    added = runner.invoke(args=["packages", "add", shipment.reference, "--json", f"@{spec}"])
    assert added.exit_code == 0, added.output
    assert added.stdout.split() == [f"PKG-{n:08d}" for n in range(1, 9)]
    listed = runner.invoke(args=["packages", "list", shipment.reference.lower()])
    assert listed.exit_code == 0, listed.output
    assert "PKG-00000001\tpallet\t310 kg" in listed.output
    assert "  PKG-00000002\tcarton\t7 kg\t-\tline 1 PPE-COV 4 box" in listed.output
    assert "pallet: 2 (620 kg weighed)" in listed.output and "carton: 6 (42 kg weighed)" in listed.output
    assert "unpacked: line 1 PPE-COV 59,400 piece of 60,000" in listed.output


def test_a_simple_request_takes_options_and_a_refusal_names_the_field(runner, shipment):
    added = runner.invoke(args=["packages", "add", shipment.reference, "--type", "carton", "--count", "2",
                                "--dimensions", "600x400x400", "--content", "1:4 box"])
    assert added.exit_code == 0, added.output
    refused = runner.invoke(args=["packages", "add", shipment.reference, "--type", "carton",
                                  "--content", "1:4 parsec"])
    assert refused.exit_code == 1
    assert "contents.0.quantity: line 1 (PPE-COV): unknown unit 'parsec'" in refused.stderr
    too_much = runner.invoke(args=["packages", "add", shipment.reference, "--type", "carton", "--count", "1000",
                                   "--content", "1:1 carton"])
    assert too_much.exit_code == 1 and "contents.1" in too_much.stderr
    listed = runner.invoke(args=["packages", "list", shipment.reference])
    assert "total: 2 package(s)" in listed.output
