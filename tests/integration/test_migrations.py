"""The migrations and the models describe the same schema, on both backends."""
import pytest

from logistics import db, migrate


@pytest.fixture
def app(own_app):
    """An app of its own, on a database of its own: these tests take the schema down and up again."""
    return own_app()


def test_migrations_leave_no_pending_autogenerate_diff(app):
    diff = migrate.pending_changes(db.engine_of(app))
    assert diff == []


def test_database_is_at_the_newest_revision(app):
    engine = db.engine_of(app)
    assert migrate.current_revision(engine) == migrate.head_revision(engine)


def test_downgrade_to_base_and_upgrade_again(app):
    engine = db.engine_of(app)
    migrate.downgrade(engine, "base")
    assert migrate.current_revision(engine) is None
    migrate.upgrade(engine)
    assert migrate.pending_changes(engine) == []


def test_migrating_down_and_up_keeps_every_row(app, runner):
    from sqlalchemy import text

    assert runner.invoke(args=["demo"]).exit_code == 0
    engine = db.engine_of(app)
    tables = ("organizations", "items", "item_packs", "users", "shipments", "shipment_lines",
              "shipment_events")

    def counts():
        with engine.connect() as connection:
            return {t: connection.execute(text(f"SELECT count(*) FROM {t}")).scalar() for t in tables}

    before = counts()
    assert before["shipment_lines"] == 9 and before["shipment_events"] > 5
    migrate.downgrade(engine, "0001")
    assert counts() == before
    migrate.upgrade(engine)
    assert counts() == before
    with engine.connect() as connection:
        tokens = connection.execute(text("SELECT tracking_token FROM shipments")).scalars().all()
    assert len(set(tokens)) == 5 and all(len(t) >= 22 for t in tokens)


def _search_objects(engine) -> set[str]:
    from sqlalchemy import text

    with engine.connect() as connection:
        if engine.dialect.name == "postgresql":
            found = connection.execute(text("SELECT indexname FROM pg_indexes WHERE indexname LIKE '%trgm'"))
        else:
            found = connection.execute(text("SELECT name FROM sqlite_master WHERE name LIKE 'shipments_search%' "
                                            "AND type IN ('table', 'trigger')"))
        return set(found.scalars())


def test_0009_builds_the_search_index_and_its_downgrade_removes_it(app, runner):
    from sqlalchemy import text

    engine = db.engine_of(app)
    expected = {"ix_shipments_reference_trgm", "ix_shipments_tracking_number_trgm"} \
        if engine.dialect.name == "postgresql" else {
            "shipments_search", "shipments_search_insert", "shipments_search_delete", "shipments_search_update"}
    assert runner.invoke(args=["demo"]).exit_code == 0

    migrate.downgrade(engine, "0008")
    below = _search_objects(engine)
    migrate.upgrade(engine)

    assert below == set() and expected <= _search_objects(engine)
    if engine.dialect.name == "sqlite":  # filled from the rows already there, then kept by the triggers
        with engine.begin() as connection:
            connection.execute(text("UPDATE shipments SET tracking_number = 'ZX-4711' WHERE id = 1"))
            found = connection.execute(text(
                "SELECT rowid FROM shipments_search WHERE shipments_search MATCH '\"out-2020\"'")).scalars().all()
            tracked = connection.execute(text(
                "SELECT rowid FROM shipments_search WHERE shipments_search MATCH '\"x-47\"'")).scalars().all()
        assert len(found) == 3 and tracked == [1]


def test_0012_moves_declared_values_into_minor_units_and_back(app, runner):
    from sqlalchemy import text

    engine = db.engine_of(app)
    assert runner.invoke(args=["demo"]).exit_code == 0
    migrate.downgrade(engine, "0011")
    with engine.begin() as connection:
        ids = connection.execute(text("SELECT id FROM shipment_lines ORDER BY id")).scalars().all()[:4]
        # The demo declares values of its own: only the four set below are compared.
        connection.execute(text("UPDATE shipment_lines SET declared_value = NULL, currency = NULL"))
        for line_id, value, currency in zip(ids, ("1250.5", "150000", "12.3456", "999999999999999.99"),
                                            ("EUR", "JPY", "KWD", "EUR"), strict=True):
            connection.execute(text("UPDATE shipment_lines SET declared_value = :v, currency = :c WHERE id = :i"),
                               {"v": value, "c": currency, "i": line_id})
    migrate.upgrade(engine)
    with engine.connect() as connection:
        moved = connection.execute(text("SELECT value_minor, currency FROM shipment_lines WHERE id IN :ids "
                                        "ORDER BY id").bindparams(__import__("sqlalchemy").bindparam(
                                            "ids", expanding=True)), {"ids": ids}).all()
    # KWD has 3 decimals: 12.3456 is rounded half-even to 12.346 (and logged)
    assert [tuple(row) for row in moved] == [(125050, "EUR"), (150000, "JPY"), (12346, "KWD"),
                                             (99999999999999999, "EUR")]
    migrate.downgrade(engine, "0011")
    with engine.connect() as connection:
        back = connection.execute(text("SELECT declared_value FROM shipment_lines WHERE declared_value "
                                       "IS NOT NULL ORDER BY id")).scalars().all()
    assert back == ["1250.50", "150000", "12.346", "999999999999999.99"]
    migrate.upgrade(engine)
