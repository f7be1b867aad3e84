"""The words pages show for stored values (statuses, directions, kinds, roles), in the reader's language.

Values stay as stored (``in_transit``) in forms, URLs and the API; only what a person reads is
translated. Each group is a gettext context, so "damaged" (a package) and "damaged" (a reason)
may differ where a language needs it.
"""
from __future__ import annotations

from flask_babel import get_locale, pgettext

_BY_LANGUAGE: dict[str, dict[str, dict[str, str]]] = {}  # the catalogs do not change while serving


def _words() -> dict[str, dict[str, str]]:
    """Return each group's words, marked here once so the catalog holds them all."""
    return {
        "status": {
            "draft": pgettext("status", "draft"),
            "confirmed": pgettext("status", "confirmed"),
            "in_transit": pgettext("status", "in transit"),
            "delivered": pgettext("status", "delivered"),
            "received": pgettext("status", "received"),
            "cancelled": pgettext("status", "cancelled"),
        },
        "direction": {
            "inbound": pgettext("direction", "inbound"),
            "outbound": pgettext("direction", "outbound"),
        },
        "kind": {
            "purchase": pgettext("kind", "purchase"),
            "donation": pgettext("kind", "donation"),
            "transfer": pgettext("kind", "transfer"),
            "return": pgettext("kind", "return"),
        },
        # The default package types, by their stored name (domain/packages.py DEFAULT_TYPES); others as named.
        "package_type": {
            "Pallet": pgettext("package type", "Pallet"),
            "Carton": pgettext("package type", "Carton"),
            "Box": pgettext("package type", "Box"),
            "Crate": pgettext("package type", "Crate"),
            "Drum": pgettext("package type", "Drum"),
            "Bag": pgettext("package type", "Bag"),
        },
        "mode": {
            "road": pgettext("mode", "road"),
            "rail": pgettext("mode", "rail"),
            "air": pgettext("mode", "air"),
            "sea": pgettext("mode", "sea"),
            "multimodal": pgettext("mode", "multimodal"),
        },
        "role": {
            "admin": pgettext("role", "admin"),
            "manager": pgettext("role", "manager"),
            "staff": pgettext("role", "staff"),
            "partner": pgettext("role", "partner"),
        },
        "org_kind": {
            "supplier": pgettext("organisation", "supplier"),
            "donor": pgettext("organisation", "donor"),
            "recipient": pgettext("organisation", "recipient"),
            "government": pgettext("organisation", "government"),
            "carrier": pgettext("organisation", "carrier"),
            "other": pgettext("organisation", "other"),
        },
        "reason": {
            "short": pgettext("reason", "short"),
            "damaged": pgettext("reason", "damaged"),
            "wrong_item": pgettext("reason", "wrong item"),
            "expired": pgettext("reason", "expired"),
            "over": pgettext("reason", "over-receipt"),
            "other": pgettext("reason", "other"),
        },
        "package": {
            "arrived": pgettext("package", "arrived"),
            "missing": pgettext("package", "missing"),
            "damaged": pgettext("package", "damaged"),
        },
        "grouping": {
            "direction": pgettext("grouping", "Direction"),
            "kind": pgettext("grouping", "Kind"),
            "country": pgettext("grouping", "Country"),
            "counterparty": pgettext("grouping", "Counterparty"),
            "item": pgettext("grouping", "Item"),
            "category": pgettext("grouping", "Category"),
            "period": pgettext("grouping", "Period"),
        },
        "period": {
            "month": pgettext("period", "month"),
            "quarter": pgettext("period", "quarter"),
            "year": pgettext("period", "year"),
        },
        "date_basis": {
            "actual": pgettext("date basis", "actual dispatch"),
            "planned": pgettext("date basis", "planned departure"),
        },
        "notice_kind": {
            "shipment_confirmed": pgettext("notice", "shipment confirmed"),
            "shipment_dispatched": pgettext("notice", "shipment dispatched"),
            "shipment_delivered": pgettext("notice", "shipment delivered"),
            "goods_received": pgettext("notice", "goods received"),
            "shipment_changed": pgettext("notice", "shipment changed"),
            "shipment_overdue": pgettext("notice", "shipment overdue"),
            "daily_digest": pgettext("notice", "daily digest"),
        },
        "notice_status": {
            "pending": pgettext("outbox", "pending"),
            "sending": pgettext("outbox", "sending"),
            "sent": pgettext("outbox", "sent"),
            "kept": pgettext("outbox", "kept"),
            "failed": pgettext("outbox", "failed"),
            "held": pgettext("outbox", "held"),
            "digested": pgettext("outbox", "digested"),
        },
        "delivery": {
            "immediately": pgettext("delivery", "immediately"),
            "digest": pgettext("delivery", "in a daily digest"),
            "off": pgettext("delivery", "not at all"),
        },
        "attachment": {
            "manifest": pgettext("attachment", "manifest"),
            "grn": pgettext("attachment", "goods received note"),
        },
        "audit_action": {
            "create": pgettext("audit", "create"),
            "update": pgettext("audit", "update"),
            "delete": pgettext("audit", "delete"),
        },
        "column": {
            "counterparty_id": pgettext("column", "partner"),
            "expected_arrival": pgettext("column", "expected arrival"),
            "planned_departure": pgettext("column", "planned departure"),
            "value_amount": pgettext("column", "declared value"),
            "eori": pgettext("column", "EORI"),
            "vat_number": pgettext("column", "VAT number"),
            "hs_code": pgettext("column", "HS code"),
            "awb_number": pgettext("column", "AWB number"),
            "cmr_number": pgettext("column", "CMR number"),
            "name": pgettext("column", "name"),
            "email": pgettext("column", "e-mail"),
            "language": pgettext("column", "language"),
            "role": pgettext("column", "role"),
            "active": pgettext("column", "active"),
            "reference": pgettext("column", "reference"),
            "direction": pgettext("column", "direction"),
            "kind": pgettext("column", "kind"),
            "status": pgettext("column", "status"),
            "notes": pgettext("column", "notes"),
            "note": pgettext("column", "note"),
            "country": pgettext("column", "country"),
            "address": pgettext("column", "address"),
            "phone": pgettext("column", "phone"),
            "contact_name": pgettext("column", "contact name"),
            "carrier": pgettext("column", "carrier"),
            "tracking_number": pgettext("column", "tracking number"),
            "transport_mode": pgettext("column", "transport mode"),
            "incoterm": pgettext("column", "Incoterms rule"),
            "incoterm_place": pgettext("column", "Incoterms place"),
            "origin_country": pgettext("column", "country of origin"),
            "destination_country": pgettext("column", "destination country"),
            "origin_place": pgettext("column", "place of origin"),
            "destination_place": pgettext("column", "destination"),
            "quantity_value": pgettext("column", "quantity"),
            "quantity_unit": pgettext("column", "unit"),
            "lot": pgettext("column", "lot"),
            "expiry": pgettext("column", "expiry"),
            "currency": pgettext("column", "currency"),
            "sku": pgettext("column", "SKU"),
            "category": pgettext("column", "category"),
            "base_unit": pgettext("column", "base unit"),
            "unit_mass_value": pgettext("column", "unit mass"),
            "unit_mass_unit": pgettext("column", "unit mass unit"),
            "net_mass_value": pgettext("column", "net mass"),
            "net_mass_unit": pgettext("column", "net mass unit"),
            "gross_mass_value": pgettext("column", "gross mass"),
            "gross_mass_unit": pgettext("column", "gross mass unit"),
            "country_of_origin": pgettext("column", "country of origin"),
            "document_language": pgettext("column", "document language"),
            "document_bilingual": pgettext("column", "bilingual documents"),
            "invoice_number": pgettext("column", "invoice number"),
            "bill_of_lading_number": pgettext("column", "bill of lading number"),
            "rail_note_number": pgettext("column", "rail consignment note number"),
            "label": pgettext("column", "label"),
            "code": pgettext("column", "code"),
            "number": pgettext("column", "number"),
            "sscc": pgettext("column", "SSCC"),
            "position": pgettext("column", "position"),
            "file_name": pgettext("column", "file name"),
            "line_no": pgettext("column", "line number"),
            "item_id": pgettext("column", "item"),
            "translations": pgettext("column", "translations"),
            "organization_id": pgettext("column", "organisation"),
            "received_state": pgettext("column", "state on receipt"),
            "received_reason": pgettext("column", "reason"),
            "received_note": pgettext("column", "receipt note"),
            "packs": pgettext("column", "packs"),
            "parent_id": pgettext("column", "pallet"),
            "type_id": pgettext("column", "package type"),
            "length_mm": pgettext("column", "length (mm)"),
            "width_mm": pgettext("column", "width (mm)"),
            "height_mm": pgettext("column", "height (mm)"),
            "expires_at": pgettext("column", "expires"),
            "revoked_at": pgettext("column", "revoked"),
            "removed_at": pgettext("column", "removed"),
            "password_hash": pgettext("column", "password"),
            "token_hash": pgettext("column", "token"),
            "tracking_token": pgettext("column", "tracking link"),
        },
        "http": {  # the error page's reason phrase (http_errors.py), by its English words
            "OK": pgettext("http", "OK"),
            "Bad Request": pgettext("http", "Bad Request"),
            "Unauthorized": pgettext("http", "Unauthorized"),
            "Forbidden": pgettext("http", "Forbidden"),
            "Not Found": pgettext("http", "Not Found"),
            "Method Not Allowed": pgettext("http", "Method Not Allowed"),
            "Conflict": pgettext("http", "Conflict"),
            "Content Too Large": pgettext("http", "Content Too Large"),
            "Unprocessable Entity": pgettext("http", "Unprocessable Entity"),
            "Precondition Required": pgettext("http", "Precondition Required"),
            "Too Many Requests": pgettext("http", "Too Many Requests"),
            "Internal Server Error": pgettext("http", "Internal Server Error"),
            "Error": pgettext("http", "Error"),
        },
        "record": {
            "shipments": pgettext("record", "shipment"),
            "shipment_lines": pgettext("record", "line"),
            "shipment_events": pgettext("record", "history entry"),
            "organizations": pgettext("record", "organisation"),
            "items": pgettext("record", "item"),
            "item_packs": pgettext("record", "pack"),
            "users": pgettext("record", "user"),
            "api_tokens": pgettext("record", "API token"),
            "packages": pgettext("record", "package"),
            "package_contents": pgettext("record", "package content"),
            "package_types": pgettext("record", "package type"),
            "attachments": pgettext("record", "attachment"),
        },
    }


def country_name(code: str | None) -> str | None:
    """Return a country's name in the reader's language (CLDR's, through Babel); English as before."""
    from babel import Locale

    from logistics import countries
    from logistics.web.quantities import reader_language

    english = countries.country_name(code)
    language = reader_language()
    if not code or language == "en":
        return english
    return Locale.parse(language).territories.get(code, english)


def label(value: object, group: str) -> str:
    """Return the reader's word for a stored value of a group; an unknown value is shown as stored."""
    raw = str(getattr(value, "value", value))
    language = str(get_locale() or "en")
    every = _BY_LANGUAGE.get(language)
    if every is None:
        every = _BY_LANGUAGE[language] = _words()
    words = every.get(group, {})
    return words.get(raw, raw.replace("_", " "))
