"""A draft's lines table fits a desktop window, and its change controls stay reachable on a phone."""
from __future__ import annotations

from tests.e2e.steps import STAFF, log_donation_to_lodz, look

LINES = "section[aria-labelledby=lines-heading]"


def test_a_drafts_lines_table_fits_the_window_and_its_change_controls_are_reachable(
        signed_in, served, device, screenshots):
    page = signed_in(served, STAFF)
    log_donation_to_lodz(page, served)
    table = page.locator(f"{LINES} table.list")
    save = table.locator("tbody tr").first.get_by_role("button", name="Save")
    look(page, screenshots, "staff-draft-lines", device)

    width = page.evaluate("() => window.innerWidth")
    if device == "desktop":
        box = table.bounding_box()
        assert box is not None and box["x"] + box["width"] <= width, (
            f"the lines table ends at {box and box['x'] + box['width']} px in a {width} px window")
        header = table.locator("thead th").last
        assert header.inner_text() == "Change" and header.is_visible()
        header_box = header.bounding_box()
        assert header_box is not None and header_box["x"] + header_box["width"] <= width
        scroll_width, client_width = table.evaluate(
            "t => [t.parentElement.scrollWidth, t.parentElement.clientWidth]")
        assert scroll_width <= client_width, (
            f"the lines table scrolls sideways: {scroll_width} px of content in a {client_width} px box")
        right = min(width, box["x"] + box["width"])
        form = table.locator("tbody tr").first.locator("form.row-form")
        for control in form.locator("input:visible, button").all():
            edge = control.bounding_box()
            assert control.is_visible() and edge is not None and edge["x"] + edge["width"] <= right, (
                f"{control.get_attribute('name')} ends at {edge and edge['x'] + edge['width']} px, "
                f"past the table's edge at {right} px")
    else:
        # On a phone the table may scroll inside its box; the controls must be reachable there.
        save.scroll_into_view_if_needed()
        save_box = save.bounding_box()
        assert save_box is not None and 0 <= save_box["x"] and save_box["x"] + save_box["width"] <= width
