"""The logistics tracker: a Flask service for shipments in and out, with exact quantities."""
from __future__ import annotations

import logging
from pathlib import Path

from flask import Flask, jsonify
from werkzeug.routing import IntegerConverter

from logistics import config


def create_app(test_config: dict | None = None) -> Flask:
    """Build the app: settings, database (migrated on first start if embedded), API, CLI."""
    templates = _templates_path()
    app = _App(__name__, instance_path=config.instance_path(), instance_relative_config=True,
                template_folder=templates, static_folder=str(Path(templates) / "static"))
    app.config.from_mapping(
        JSON_SORT_KEYS=False, MAX_CONTENT_LENGTH=32 * 1024 * 1024,
        PUBLIC_URL=config.DEFAULT_PUBLIC_URL,
        OPERATOR_NAME="China–CEEC SME Cooperation Zone (沧州中国—中东欧中小企业合作区)",
        OPERATOR_COUNTRY="CN", OPERATOR_ADDRESS="Cangzhou, Hebei",
        MAIL_FROM="logistics@localhost", DIGEST_HOUR=6,
        SESSION_IDLE_MINUTES=8 * 60, SESSION_MAX_DAYS=7, ATTACHMENT_MAX_BYTES=10 * 1024 * 1024,
        **_import_limits(),
    )
    app.config.update(config.from_environment())
    if test_config:
        app.config.update(test_config)
    app.json.sort_keys = False  # type: ignore[attr-defined]  # Flask's default provider has it
    logging.basicConfig(level=app.config.get("LOG_LEVEL", "INFO"))
    logging.getLogger("alembic").setLevel(logging.WARNING)

    from logistics import api, cli, db, http_errors, i18n, migrate, planner_stats, security_headers, web
    from logistics.secret import secret_for
    from logistics.services import audit

    embedded = not app.config.get("DATABASE_URL")
    url = app.config.get("DATABASE_URL") or db.default_sqlite_url(app.instance_path)
    if not app.config.get("SECRET_KEY"):
        app.config["SECRET_KEY"] = secret_for(url, app.instance_path)
    db.init_app(app, url)
    audit.install()  # every session, whatever the write path, records changes in the audit trail
    if app.config.get("AUTO_MIGRATE", embedded):
        migrate.upgrade_if_needed(db.engine_of(app))
    planner_stats.refresh(db.engine_of(app))  # SQLite: statistics for its planner, if missing or stale

    _trust_proxies(app)
    # Ids are 32-bit integers in the database: a larger one in a URL is simply not found.
    # The request's own entry checks (control characters, JSON bodies) come before any view.
    from logistics import entry

    entry.init_app(app)
    app.url_map.converters["int"] = _IdConverter
    i18n.init_app(app)
    api.init_app(app)
    web.init_app(app)
    http_errors.init_app(app)
    security_headers.init_app(app)
    cli.init_app(app)

    @app.get("/healthz")
    def healthz():
        """Say whether the service and its database answer (for load balancers; no data)."""
        from sqlalchemy import text

        db.session().execute(text("SELECT 1"))
        return jsonify(status="ok")

    return app


class _App(Flask):
    """Flask, logging unexpected errors without the request's values (http_errors.log_server_error)."""

    def log_exception(self, exc_info) -> None:
        """Log a 500 by its route's pattern, with no SQL parameters or database message."""
        from logistics.http_errors import log_server_error

        log_server_error(self, exc_info)


def _import_limits() -> dict:
    """Return the spreadsheet import's limits as settings, at their defaults (see domain.transfer)."""
    from logistics.domain.transfer import ImportLimits

    limits = ImportLimits()
    return {"IMPORT_MAX_ROWS": limits.max_rows, "IMPORT_MAX_CELL_CHARS": limits.max_cell_chars,
            "IMPORT_MAX_XLSX_MB": limits.max_xlsx_bytes / (1 << 20),
            "IMPORT_MAX_SHARED_STRINGS": limits.max_shared_strings,
            "IMPORT_MAX_REFUSALS": limits.max_refusals}


def _templates_path() -> str:
    """Return the top-level templates folder, or its installed copy inside the package."""
    source_tree = Path(__file__).resolve().parent.parent / "templates"
    if (source_tree / "base.html").is_file():
        return str(source_tree)
    return str(Path(__file__).resolve().parent / "templates")


def _trust_proxies(app: Flask) -> None:
    """Take the client's address from X-Forwarded-For only as far as TRUSTED_PROXIES allows."""
    from logistics.proxies import ProxiedClient, parse

    setting = app.config.get("TRUSTED_PROXIES")
    if not setting:
        return  # forwarded headers are ignored: the client is whoever connected
    try:
        trusted = parse(str(setting))
    except ValueError as error:
        raise config.ConfigurationError(f"LOGISTICS_TRUSTED_PROXIES: {error}") from None
    if trusted.hops or trusted.networks:
        app.wsgi_app = ProxiedClient(app.wsgi_app, trusted)  # type: ignore[method-assign]


class _IdConverter(IntegerConverter):
    """Match only ids a database id column can hold: 1 to 2**31-1, in ASCII digits ("٣" is no id)."""

    regex = r"[0-9]+"

    def to_python(self, value: str) -> int:
        from werkzeug.routing import ValidationError

        from logistics.domain.inputs import parse_id

        row_id = parse_id(value)
        if row_id is None:
            raise ValidationError()  # no such route: 404
        return row_id

