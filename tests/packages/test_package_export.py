"""Packages in the export: the workbook's second sheet and the packages CSV, a partner's own only."""
from __future__ import annotations

import csv
import io

from openpyxl import load_workbook

API = "/api/v1/shipments"
HEADINGS = ["reference", "package", "sscc", "type", "parent", "gross_mass", "length_mm", "width_mm",
            "height_mm", "line_no", "quantity"]


def _packed(make):
    make.coverall()
    make.mask()
    partner = make.org()
    shipment = make.shipment(partner, lines=(("PPE-COV", "60,000 piece"), ("PPE-N95", "10 carton")),
                             reference="OUT-2020-0001")
    make.packages(shipment, {"type": "pallet", "gross_mass": "310 kg", "dimensions_mm": [1200, 800, 1500],
                             "children": [{"type": "carton", "count": 2, "gross_mass": "36.5 kg",
                                           "contents": [{"line_no": 1, "quantity": "4 box"},
                                                        {"line_no": 2, "quantity": "1 carton"}]}]})
    other = make.shipment(lines=(("PPE-COV", "1 carton"),), reference="OUT-2020-0002")
    make.packages(other, {"type": "carton", "contents": [{"line_no": 1, "quantity": "1 carton"}]})
    return partner


EXPECTED = [
    ["OUT-2020-0001", "PKG-00000001", None, "pallet", None, "310 kg", 1200, 800, 1500, None, None],
    ["OUT-2020-0001", "PKG-00000002", None, "carton", "PKG-00000001", "36.5 kg", None, None, None, 1, "4 box"],
    ["OUT-2020-0001", "PKG-00000002", None, "carton", "PKG-00000001", "36.5 kg", None, None, None, 2, "1 carton"],
    ["OUT-2020-0001", "PKG-00000003", None, "carton", "PKG-00000001", "36.5 kg", None, None, None, 1, "4 box"],
    ["OUT-2020-0001", "PKG-00000003", None, "carton", "PKG-00000001", "36.5 kg", None, None, None, 2, "1 carton"],
]


def test_the_workbook_has_a_packages_sheet_one_row_per_package_and_line(make):
    _packed(make)
    response = make.api("staff").get(f"{API}/export.xlsx")
    assert response.status_code == 200
    workbook = load_workbook(io.BytesIO(response.data), read_only=True)
    assert workbook.sheetnames == ["Shipments", "Packages"]
    rows = [list(row) + [None] * (len(HEADINGS) - len(row))  # a read-only sheet drops trailing blanks
            for row in workbook["Packages"].iter_rows(values_only=True)]
    assert rows[0] == HEADINGS
    assert rows[1:6] == EXPECTED
    assert rows[6][:2] == ["OUT-2020-0002", "PKG-00000004"] and len(rows) == 7


def test_the_packages_csv_is_filtered_like_the_list_and_a_partner_reads_their_own(make):
    partner = _packed(make)
    staff = make.api("staff")
    version = staff.get(f"{API}/OUT-2020-0001").get_json()["version"]
    confirmed = staff.post(f"{API}/OUT-2020-0001/events", json={"status": "confirmed"},
                           headers={"If-Match": f'"{version}"'})  # a partner sees no draft
    assert confirmed.status_code == 201, confirmed.get_json()
    text = make.api("partner", org=partner).get(f"{API}/export-packages.csv").get_data(as_text=True)
    rows = list(csv.reader(io.StringIO(text.removeprefix("\ufeff"))))
    assert rows[0] == HEADINGS
    assert [row[:2] for row in rows[1:]] == [["OUT-2020-0001", f"PKG-0000000{n}"] for n in (1, 2, 2, 3, 3)]
    assert rows[2] == ["OUT-2020-0001", "PKG-00000002", "", "carton", "PKG-00000001", "36.5 kg", "", "", "", "1",
                       "4 box"]
    only = staff.get(f"{API}/export-packages.csv?q=0002").get_data(as_text=True)
    assert "OUT-2020-0001" not in only and "PKG-00000004" in only


def test_a_workbook_with_its_packages_sheet_imports_back_unchanged(make):
    _packed(make)
    staff = make.api("staff")
    workbook = staff.get(f"{API}/export.xlsx").data
    response = staff.post(f"{API}/import", data={"file": (io.BytesIO(workbook), "shipments.xlsx")},
                          content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    body = response.get_json()
    assert (body["accepted"], body["shipments_created"], body["lines_created"]) == (True, 0, 0)
    assert len(staff.get("/api/v1/shipments/OUT-2020-0001/packages").get_json()["packages"]) == 3
