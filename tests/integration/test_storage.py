"""Storage: exact quantities at the extremes, aware timestamps, the embedded SQLite default."""
from __future__ import annotations

from datetime import timezone
from decimal import Decimal

import pytest
from sqlalchemy import func, select, text
from sqlalchemy.exc import IntegrityError

from logistics import create_app, db, migrate
from logistics.models import ShipmentLine
from logistics.units import from_micro


def test_extreme_quantities_come_back_exact_and_sum_exactly_in_sql(app, make, session):
    make.item("BULK", "kg")
    shipment = make.shipment(lines=[("BULK", "123456789012.123456 kg"), ("BULK", "0.000001 kg"),
                                    ("BULK", "0.1 t"), ("BULK", "0.2 t")])
    values = [from_micro(line.base_micro) for line in shipment.lines]
    assert values == [Decimal("123456789012.123456"), Decimal("0.000001"), Decimal("100"),
                      Decimal("300") - Decimal("100")]
    total = session.execute(select(func.sum(ShipmentLine.base_micro))
                            .where(ShipmentLine.shipment_id == shipment.id)).scalar_one()
    assert from_micro(int(total)) == Decimal("123456789012.123456") + Decimal("300.000001")


def test_timestamps_are_timezone_aware_utc(app, make):
    make.coverall()
    shipment = make.shipment(status="confirmed")
    assert shipment.created_at.tzinfo is not None
    assert shipment.created_at.utcoffset() == timezone.utc.utcoffset(None)


def test_embedded_default_is_created_and_migrated_in_the_instance_folder(tmp_path, monkeypatch):
    monkeypatch.delenv("LOGISTICS_DATABASE_URL", raising=False)
    monkeypatch.setenv("LOGISTICS_INSTANCE_PATH", str(tmp_path / "instance"))
    app = create_app({"TESTING": True})
    try:
        path = tmp_path / "instance" / "logistics.sqlite3"
        assert path.is_file()
        engine = db.engine_of(app)
        assert migrate.current_revision(engine) == migrate.head_revision(engine)
        with engine.connect() as connection:
            assert connection.execute(text("PRAGMA journal_mode")).scalar() == "wal"
            assert connection.execute(text("PRAGMA foreign_keys")).scalar() == 1
    finally:
        db.engine_of(app).dispose()


def test_a_second_start_keeps_the_data(tmp_path, monkeypatch):
    monkeypatch.delenv("LOGISTICS_DATABASE_URL", raising=False)
    monkeypatch.setenv("LOGISTICS_INSTANCE_PATH", str(tmp_path / "instance"))
    first = create_app({"TESTING": True})
    runner = first.test_cli_runner()
    assert runner.invoke(args=["demo"]).exit_code == 0
    db.engine_of(first).dispose()
    second = create_app({"TESTING": True})
    with db.new_session(second) as session:
        assert session.execute(text("SELECT count(*) FROM shipments")).scalar() == 5
    db.engine_of(second).dispose()


def test_foreign_keys_are_enforced_on_every_backend(app, session):
    with pytest.raises(IntegrityError):
        session.execute(text(
            "INSERT INTO shipment_lines (shipment_id, line_no, item_id, quantity_value, quantity_unit,"
            " dimension, base_micro, base_unit, rounded) VALUES (999, 1, 999, '1', 'kg', 'mass', 1, 'kg',"
            " false)"))
        session.flush()
