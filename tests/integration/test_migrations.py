"""The migrations and the models describe the same schema, on both backends."""
from logistics import db, migrate


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
