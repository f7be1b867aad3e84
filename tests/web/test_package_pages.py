"""The shipment page's Packages section: counts by type, unpacked lines, the packing form and its errors."""
from __future__ import annotations

import re

import pytest

from tests.web.test_shipment_pages import _detail, _html, _main


@pytest.fixture
def shipment(make):
    make.coverall()
    make.mask()
    return make.shipment(reference="OUT-2020-0001", lines=(("PPE-COV", "60,000 piece"), ("PPE-N95", "100 carton")))


def test_staff_pack_pallets_of_cartons_from_the_page_and_see_them_counted(signed_in, shipment):
    staff = signed_in("staff")
    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Create packages", {
        "type": "pallet", "count": "14", "gross_mass": "310 kg", "dimensions_mm": "1200 x 800 x 1500",
        "children.0.type": "carton", "children.0.count": "40", "children.0.gross_mass": "7 kg",
        "children.0.contents.0.line_no": "1", "children.0.contents.0.quantity": "4 box"})
    assert response.status_code == 302, _main(response)
    text = _main(_detail(staff, "OUT-2020-0001"))
    assert "Pallet 14 4,340 kg 20.16 m³" in text and "Carton 560 3,920 kg 0 m³ (560 not measured)" in text
    assert "14 outer of 574" in text
    assert "Not packed: line 1 PPE-COV 4,000 pieces of 60,000 pieces; line 2 PPE-N95 48,000 pieces of 48,000" \
        in text
    assert "PKG-00000001 Pallet 310 kilograms 1200 × 800 × 1500 line 1 PPE-COV 4,000 pieces 40 packages" in text
    assert "Packages PKG-00000001 to PKG-00000100: 100 of 574, in the order packed" in text


def test_the_package_table_shows_a_hundred_packages_a_page_and_pages_on(make, signed_in, shipment):
    make.packages(shipment, {"type": "pallet", "count": 5, "children": [
        {"type": "carton", "count": 49, "contents": [{"line_no": 1, "quantity": "4 box"}]}]})  # 250 packages
    staff = signed_in("staff")
    pages, response = [], _detail(staff, "OUT-2020-0001")
    while True:
        html = _html(response)
        pages.append(re.findall(r'data-package="(PKG-\d+)"', html))
        following = re.search(r'<a rel="next" href="([^"]+)"', html)
        if not following:
            break
        response = staff.get(following.group(1).replace("&amp;", "&"))
        assert response.status_code == 200
    assert [len(page) for page in pages] == [100, 100, 50]
    assert [number for page in pages for number in page] == [f"PKG-{n:08d}" for n in range(1, 251)]
    assert "PKG-00000002 Carton PKG-00000001" in _main(_detail(staff, "OUT-2020-0001"))  # a carton names its pallet
    assert "Pallet 5" in _main(response) and "250 outer" not in _main(response)  # totals: the whole shipment's
    garbled = staff.get("/shipments/OUT-2020-0001?packages=nope")
    assert garbled.status_code == 200 and len(re.findall(r'data-package="', _html(garbled))) == 100


def test_a_refused_packing_marks_the_field_and_creates_nothing(signed_in, shipment):
    staff = signed_in("staff")
    response = staff.submit(_detail(staff, "OUT-2020-0001"), "Create packages", {
        "type": "pallet", "count": "2", "dimensions_mm": "1200 x 800",
        "children.0.type": "carton", "children.0.count": "40",
        "children.0.contents.0.line_no": "2", "children.0.contents.0.quantity": "3 kg"})
    assert response.status_code == 422
    html = _html(response)
    assert 'aria-describedby="dimensions_mm-error"' in html
    assert 'id="children.0.contents.0.quantity-error"' not in html or "by count" in html
    assert "No packages yet." in _main(_detail(staff, "OUT-2020-0001"))
    wrong_kind = staff.submit(_detail(staff, "OUT-2020-0001"), "Create packages", {
        "type": "carton", "contents.0.line_no": "2", "contents.0.quantity": "3 kg"})
    assert wrong_kind.status_code == 422
    assert 'id="contents.0.quantity-error"' in _html(wrong_kind) and "by count" in _html(wrong_kind)


def test_a_package_is_removed_from_the_page_and_partners_see_packages_without_forms(make, signed_in, shipment):
    make.packages(shipment, {"type": "pallet", "count": 2, "contents": [{"line_no": 2, "quantity": "10 carton"}]})
    staff = signed_in("staff")
    page = _detail(staff, "OUT-2020-0001")
    removed = staff.submit(page, "Remove", where=lambda form: "PKG-00000001" in form.action)
    assert removed.status_code == 302
    html = _html(_detail(staff, "OUT-2020-0001"))
    assert 'data-package="PKG-00000001"' not in html and 'data-package="PKG-00000002"' in html
    make.confirm(shipment)  # a partner sees no draft
    partner = signed_in("partner", org=shipment.counterparty)
    seen = _detail(partner, "OUT-2020-0001")
    assert "PKG-00000002" in _main(seen) and "Create packages" not in _html(seen)
