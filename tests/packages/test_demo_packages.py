"""The demo story's shipments travel packed: cartons on pallets, every line packed, weights that add up."""
from __future__ import annotations

from decimal import Decimal

from logistics import db
from logistics.domain.access import SYSTEM
from logistics.services.package_reads import shipment_packages

# Goods' mass per shipment (coverall 0.35 kg, mask 0.012 kg), for the gross masses to exceed.
GOODS_KG = {"IN-2020-0001": Decimal(14_500), "IN-2020-0002": Decimal(8_000),
            "OUT-2020-0001": 120_000 * Decimal("0.012") + 30_000 * Decimal("0.35"),
            "OUT-2020-0002": 100_000 * Decimal("0.012") + 15_000 * Decimal("0.35"),
            "OUT-2020-0003": 70_000 * Decimal("0.012") + 10_000 * Decimal("0.35")}


def test_every_demo_shipment_is_packed_whole_in_cartons_on_pallets_with_plausible_weights(app, runner, monkeypatch):
    monkeypatch.setitem(app.config, "GS1_COMPANY_PREFIX", "4012345")
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        views = {ref: shipment_packages(session, SYSTEM, ref) for ref in GOODS_KG}
    for reference, view in views.items():
        assert not view.unpacked, reference
        assert {t.type for t in view.by_type} == {"pallet", "carton"}, reference
        assert view.totals.unweighed == 0 and view.totals.unmeasured == 0
        packaging = view.totals.gross_mass_kg - GOODS_KG[reference]
        assert 0 < packaging < GOODS_KG[reference] / 5, (reference, packaging)  # cardboard and pallets
        assert all(p.sscc is not None and p.number == p.sscc for p in view.packages)
    osijek = views["OUT-2020-0003"]
    assert [(t.type, t.count) for t in osijek.by_type] == [("pallet", 9), ("carton", 246)]
    pallet = osijek.packages[0]
    assert (pallet.children, pallet.total_contents[0].base.value) == (29, 29 * 480)
    # loaded twice, packed once
    assert runner.invoke(args=["demo"]).exit_code == 0
    with db.new_session(app) as session:
        assert shipment_packages(session, SYSTEM, "OUT-2020-0003").totals.count == osijek.totals.count
