"""The web pages: sign-in, shipments, the managers' dashboard, the catalogue, public tracking."""
from __future__ import annotations

from flask import Flask
from flask_wtf.csrf import CSRFProtect

from logistics.domain.texts import Text
from logistics.i18n import said

csrf = CSRFProtect()


def init_app(app: Flask) -> None:
    """Register the page blueprints; every form is CSRF-protected (the bearer-token API is not a form)."""
    from logistics.web import (
        attachments,
        audit,
        auth,
        catalogue,
        dashboard,
        language,
        notifications,
        packages,
        quantities,
        receiving,
        reports,
        session,
        shipments,
        tracking,
        transfers,
    )

    app.config.setdefault("WTF_CSRF_TIME_LIMIT", None)  # valid for the session, not one hour
    # Flask's defaults already hold these keys (SameSite None, Secure off), so setdefault would
    # never apply: tighten them unless the deployer chose stricter values.
    app.config["SESSION_COOKIE_SAMESITE"] = app.config.get("SESSION_COOKIE_SAMESITE") or "Lax"
    app.config["SESSION_COOKIE_HTTPONLY"] = True
    app.config["SESSION_COOKIE_SECURE"] = (app.config.get("SESSION_COOKIE_SECURE")
                                           or app.config["PUBLIC_URL"].startswith("https://"))
    csrf.init_app(app)
    for name, blueprint in app.blueprints.items():
        if name not in ("auth", "pages", "package_pages", "dashboard", "catalogue", "tracking", "language"):
            csrf.exempt(blueprint)
    for module in (auth, transfers, shipments, packages, attachments, receiving, dashboard, catalogue,
                   tracking, reports, audit, language, notifications):
        app.register_blueprint(module.bp)
    session.init_app(app)

    from logistics.domain.timeline import EARLIEST_DAY, LATEST_DAY
    from logistics.web.dates import day_text
    from logistics.web.labels import label

    app.add_template_filter(grouped)
    app.add_template_filter(label)
    app.add_template_filter(day_text, "day")
    app.add_template_filter(unit_name)
    app.add_template_filter(quantities.neutral_in_field, "in_field")
    app.add_template_filter(lambda item: quantities.item_name(item), "item_name")
    app.add_template_filter(lambda values: [(v, v) for v in values], "zip_self")
    app.add_template_filter(lambda orgs: [(o.id, f"{o.name} ({o.country})") for o in orgs], "org_options")
    app.jinja_env.finalize = said_in_page
    # The days a record may name (domain/timeline.py), as a date input's min and max.
    app.jinja_env.globals["day_window"] = {"min": EARLIEST_DAY.isoformat(), "max": LATEST_DAY.isoformat()}


def said_in_page(value):
    """Say a message the domain or a service made (``E_``) in the page's language when a page shows it.

    Jinja calls this on every ``{{ value }}`` before escaping it: an error's ``message`` handed to
    a template as it was raised comes out translated. Other values pass unchanged.
    """
    return said(value) if isinstance(value, Text) else value


def grouped(value) -> str:
    """Show a number in the reader's language, every decimal kept: 30000 -> 30,000 (en), 30 000 (cs)."""
    from decimal import Decimal, InvalidOperation

    from logistics.local_quantities import format_amount
    from logistics.web.quantities import reader_language

    try:
        return format_amount(Decimal(str(value)), reader_language())
    except (InvalidOperation, ValueError):
        return str(value)


def unit_name(unit: str, value=None) -> str:
    """Spell a unit out in the reader's language, by the amount's plural form (plural without one)."""
    from decimal import Decimal, InvalidOperation

    from logistics.unit_names import unit_label
    from logistics.web.quantities import reader_language

    try:
        amount = Decimal(str(value)) if value is not None else Decimal(5)
    except (InvalidOperation, ValueError):
        amount = Decimal(5)
    return unit_label(unit, amount, reader_language())
