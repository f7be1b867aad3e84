"""Alembic migrations (installed as logistics.migrations)."""
