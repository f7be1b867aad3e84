"""Staff pack a new donation into pallets of cartons from its page, in a real browser (phone and desktop)."""
from __future__ import annotations

from tests.e2e.steps import STAFF, expect_text, log_donation_to_lodz, look


def test_staff_pack_pallets_of_cartons_and_see_what_is_left_unpacked(signed_in, served, device, screenshots):
    page = signed_in(served, STAFF)
    reference = log_donation_to_lodz(page, served)
    expect_text(page.locator("section.packages"), "No packages yet.")

    form = page.locator("form.pack")
    form.locator("select[name='type']").select_option("pallet")
    form.locator("input[name='count']").fill("2")
    form.locator("input[name='gross_mass']").fill("95 kg")
    form.locator("input[name='dimensions_mm']").fill("1200 x 800 x 1000")
    form.locator("select[name='children.0.type']").select_option("carton")
    form.locator("input[name='children.0.count']").fill("3")
    form.locator("select[name='children.0.contents.0.line_no']").select_option("1")
    form.locator("input[name='children.0.contents.0.quantity']").fill("3 carton")  # 18 of 12: refused
    form.get_by_role("button", name="Create packages").click()
    expect_text(page.locator("p.problem"), "The packages were not created", "line 1 (PPE-N95) has 5,760 piece")
    assert page.locator("section.packages").get_by_text("No packages yet.").count() == 1

    page.locator("form.pack input[name='children.0.contents.0.quantity']").fill("2 carton")
    page.locator("form.pack").get_by_role("button", name="Create packages").click()
    expect_text(page.locator("p.flash"), "8 packages created")
    expect_text(page.locator("section.packages table.by-type"), "Pallet", "190 kg", "1.92 m³", "Carton")
    expect_text(page.locator("section.packages .unpacked"), "line 2 PPE-COV")
    look(page, screenshots, "staff-packing", device)
    assert reference.startswith("OUT-")
