"""What a shipment's document prints: parties, lines, totals, history, receipt, formatted in its language.

The figures come as value objects (domain/totals.py, built by services/totals.py) and are
formatted here, once, into the rows of domain/documents.py that the PDF layer lays out;
services/documents.py renders them and logs the print.
"""
from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import TYPE_CHECKING

from sqlmodel import Session, col, select

from logistics.document_language import D_, DN_, ENGLISH_WORDING, Wording
from logistics.domain import document_words as words
from logistics.domain.customs import DOCUMENT_REFERENCES, Incoterm
from logistics.domain.documents import (
    DocumentData,
    EvidenceRow,
    HistoryRow,
    LineRow,
    Party,
    ReceiptRow,
    format_mass,
    format_quantity,
)
from logistics.domain.timeline import logging_apart, recorded_delay
from logistics.domain.totals import ItemTotal, line_mass
from logistics.domain.workflow import Direction
from logistics.models import Shipment, ShipmentEvent, ShipmentLine
from logistics.services.attachments import line_attachments
from logistics.services.common import stored_id
from logistics.services.document_masses import gross_note, gross_text, net_note, net_text
from logistics.services.package_documents import packages_of
from logistics.services.receipt_documents import receipt_by_package
from logistics.services.totals import facts_of, quantities_of, totals_of
from logistics.units import unece_code

if TYPE_CHECKING:  # services/documents.py imports this module to render what it gathers
    from logistics.services.documents import Operator

STATEMENT = D_("The goods listed below are a donation: a gift supplied free of charge, with no payment "
               "or other consideration, and of no commercial value. They are not for resale.")
# The documents that print the packages (the certificate of donation counts them in its totals,
# which said "not recorded" of a packed shipment while it was not among them).
PACKAGE_KINDS = ("manifest", "packing_list", "labels", "donation_certificate")
# Said only when the certificate shows values (a certificate without any has none to qualify).
VALUE_STATEMENT = D_("The values declared below are for customs purposes only; no payment is due.")


def document_data(session: Session, shipment: Shipment, kind: str, operator: Operator,
                  w: Wording = ENGLISH_WORDING) -> DocumentData:
    """Gather everything a document prints, formatted in the document's language, and seal its revision."""
    events = list(session.exec(select(ShipmentEvent).where(ShipmentEvent.shipment_id == shipment.id)
                               .order_by(col(ShipmentEvent.id))))  # the order events happened in
    totals = totals_of(shipment)
    us = Party("", operator.name, operator.country, w.country(operator.country), operator.address,
               "", operator.eori, operator.vat_number)
    org = shipment.counterparty
    them = Party("", org.name, org.country, w.country(org.country), org.address or "",
                 ", ".join(x for x in (org.contact_name, org.email, org.phone) if x), org.eori or "",
                 org.vat_number or "")
    sender, receiver = (them, us) if shipment.direction == Direction.INBOUND else (us, them)
    data = DocumentData(
        kind=kind, reference=shipment.reference, status=words.word(w, words.STATUS, shipment.status),
        direction=words.word(w, words.DIRECTION, shipment.direction),
        shipment_kind=words.word(w, words.KIND, shipment.kind),
        consignor=Party(D_("Consignor"), *_fields(sender)),
        consignee=Party(D_("Consignee"), *_fields(receiver)), carrier=shipment.carrier or "",
        transport_mode=words.word(w, words.TRANSPORT_MODE, shipment.transport_mode),
        tracking_number=shipment.tracking_number or "",
        origin=_place(w, shipment.origin_place, shipment.origin_country),
        destination=_place(w, shipment.destination_place, shipment.destination_country),
        planned_departure=w.date(shipment.planned_departure),
        expected_arrival=w.date(shipment.expected_arrival),
        tracking_url=(f"{operator.public_url}/track/{shipment.tracking_token}"
                      if shipment.tracking_token else ""),
        rows=[_line_row(w, line) for line in shipment.lines],
        item_totals=[_total_row(w, item) for item in totals.items],
        gross_mass=gross_text(totals.gross_mass, w), gross_mass_note=gross_note(totals.gross_mass, w),
        # The goods' history only: when the record was typed in is no fact about the goods (README).
        history=[_history_row(w, event) for event in logging_apart(events)[1]],
        receipt=[_receipt_row(w, line) for line in shipment.lines if line.received_micro is not None],
        notes=shipment.notes or "",
        dispatched=_moment(w, shipment.dispatched_at), delivered=_moment(w, shipment.delivered_at),
        received=_moment(w, shipment.received_at),
        incoterms=_incoterms(shipment, w), references=_references(shipment),
        net_mass=net_text(totals.net_mass, w),
        net_mass_note=net_note(totals.net_mass, len(shipment.lines), w),
        value_totals=[w.money(total) for total in totals.values],
        language=w.language, bilingual=w.two,
    )
    if kind in PACKAGE_KINDS:
        data.packages = packages_of(session, shipment, operator.gs1_company_prefix, w)
        if data.packages.weighed_whole:
            # What the scale said about the whole consignment, packaging included, is its gross
            # mass; the lines' masses (mostly estimated from unit masses) are said beside it.
            data.gross_mass = data.packages.gross_mass
            data.gross_mass_note = w.t(D_(
                "Weighed as packed: the {outer} outermost package(s), packaging included. The lines' "
                "gross masses add up to {lines}.")).format(outer=w.number(Decimal(data.packages.outer)),
                                                          lines=gross_text(totals.gross_mass, w))
    attached_at: list[datetime] = []
    if kind == "grn":
        received = [quantities_of(line).discrepancy for line in shipment.lines
                    if line.received_micro is not None]
        data.extra["summary"] = _receipt_summary(w, received)
        data.extra["receipt_date"] = w.date(shipment.received_at.date()) if shipment.received_at else "—"
        by_line = line_attachments(session, stored_id(shipment.id))
        files = [view for views in by_line.values() for view in views]
        attached_at = [view.created_at for view in files]  # a file attached later is a new revision
        data.evidence = [EvidenceRow(view.line_no or 0, view.file_name,
                                     words.word(w, words.EVIDENCE, view.kind), w.moment(view.created_at))
                         for view in sorted(files, key=lambda view: (view.line_no or 0, view.id))]
        states, package_files, package_files_at = receipt_by_package(session, shipment, w)
        data.package_states, data.package_evidence = states, package_files
        attached_at += package_files_at
    if kind == "donation_certificate":
        # Dated by the actual dispatch; before it, by the plan, said as such (never by the print date).
        texts = (STATEMENT, VALUE_STATEMENT) if totals.values else (STATEMENT,)
        local = " ".join(w.t(text) for text in texts)
        data.extra["statement"] = f"{' '.join(texts)}\n{local}" if w.two else local
        data.extra["donation_date"] = (
            w.date(shipment.dispatched_at.date()) if shipment.dispatched_at
            else w.t(D_("{date} (planned)")).format(date=w.date(shipment.planned_departure))
            if shipment.planned_departure
            else w.t(D_("not dispatched yet")))
    changed = max([shipment.updated_at, org.updated_at, *(e.recorded_at for e in events), *attached_at,
                   *(line.item.updated_at for line in shipment.lines)])
    data.seal(shipment.version, changed)
    return data


def _receipt_summary(w: Wording, received: list) -> str:
    """Say how many lines arrived and how many differ: a surplus is a discrepancy too."""
    short = sum(1 for difference in received if difference and difference.value < 0)
    over = sum(1 for difference in received if difference and difference.value > 0)
    lines = w.n(DN_("{count} line received", "{count} lines received"), len(received))
    counts = [w.t(text).format(count=n) for n, text in ((short, D_("{count} with a shortfall")),
                                                       (over, D_("{count} with an over-receipt"))) if n]
    if not counts:  # "in full" only when every line arrived exactly as sent
        return w.t(D_("{lines} in full.")).format(lines=lines)
    return w.t(D_("{lines}; {counts}.")).format(lines=lines, counts=", ".join(counts))


def _fields(party: Party) -> tuple:
    return (party.name, party.country, party.country_name, party.address, party.contact, party.eori,
            party.vat_number)


def _incoterms(shipment: Shipment, w: Wording) -> str:
    """Return "DAP Nitra (Incoterms® 2020, Delivered at Place)", or "" when no rule is given.

    The rule's code stays as the ICC publishes it (customs read the three letters in any language);
    its name is printed in the document's language, as the ICC's own translations give it.
    """
    if not shipment.incoterm:
        return ""
    place = f" {shipment.incoterm_place}" if shipment.incoterm_place else ""
    name = words.incoterm_name(w, Incoterm(shipment.incoterm))
    return f"{shipment.incoterm}{place} (Incoterms® 2020, {name})"


def _references(shipment: Shipment) -> list[tuple[str, str]]:
    """Return the trade and transport documents' numbers the shipment has, in a fixed order."""
    return [(words.REFERENCE.get(column, label), getattr(shipment, column))
            for column, label in DOCUMENT_REFERENCES.items() if getattr(shipment, column)]


def _place(w: Wording, place: str | None, country: str) -> str:
    name = w.country(country) or country
    return f"{place}, {name} ({country})" if place else f"{name} ({country})"


def _line_row(w: Wording, line: ShipmentLine) -> LineRow:
    facts = facts_of(line)
    mass = line_mass(facts)
    entered = quantities_of(line, facts).quantity.value
    return LineRow(
        line_no=line.line_no, sku=facts.sku, name=_item_name(w, line.item.translations, facts.name),
        hs_code=line.item.hs_code or "", lot=line.lot or "",
        expiry=w.date(line.expiry) if line.expiry else "", origin=line.country_of_origin or "",
        entered=w.quantity(entered, line.quantity_unit, translations=line.item.translations),
        base=format_quantity(facts.value, line.base_unit, w=w), unece=unece_code(line.base_unit),
        mass=format_mass(mass.kg if mass else None, bool(mass and mass.estimated), w),
        mass_estimated=bool(mass and mass.estimated),
        net_mass=format_mass(facts.net_mass_kg, False, w) if facts.net_mass_kg is not None else "—",
        value=w.money(facts.declared) if facts.declared else "")


def _item_name(w: Wording, translations: dict | None, name: str) -> str:
    """Return an item's name in the document's language where the item has one, else as stored."""
    local = ((translations or {}).get(w.language) or {}).get("name")
    return local if isinstance(local, str) and local else name


def _total_row(w: Wording, item: ItemTotal) -> tuple[str, str, str]:
    """Return an item's totals per dimension; mass-logged goods also get a flagged count estimate."""
    text = "; ".join(format_quantity(t.quantity.value, t.quantity.unit, w=w) for t in item.totals)
    if item.estimated and item.shows_estimate_in_all:
        base = item.estimated.base
        text += " " + w.t(D_("(≈ {quantity} in all, estimated)")).format(
            quantity=format_quantity(base.value, base.unit, w=w))
    return item.sku, item.name, text


def _history_row(w: Wording, event: ShipmentEvent) -> HistoryRow:
    to_status = words.word(w, words.STATUS, event.to_status)
    status = w.t(D_("checkpoint")) if event.kind == "checkpoint" else to_status
    tracking = (w.t(D_("tracking {number}")).format(number=event.tracking_number)
                if event.tracking_number else None)
    note = " ".join(x for x in (event.note, tracking) if x)
    late = _recorded_later(w, event.occurred_at, event.recorded_at)
    note = " ".join(x for x in (note, f"({late})" if late else None) if x)
    return HistoryRow(w.moment(event.occurred_at), status, event.location or "", note)


# "recorded … later" per unit of domain/timeline.py's recorded_delay, in the document's words.
_RECORDED_LATER = {
    "hours": DN_("recorded {count} hour later", "recorded {count} hours later"),
    "days": DN_("recorded {count} day later", "recorded {count} days later"),
    "months": DN_("recorded {count} month later", "recorded {count} months later"),
    "years": DN_("recorded {count} year later", "recorded {count} years later"),
}


def _recorded_later(w: Wording, occurred_at: datetime, recorded_at: datetime) -> str | None:
    """Say how much later an entry was recorded (domain/timeline.py's rule), in the document's words."""
    delay = recorded_delay(occurred_at, recorded_at)
    if delay is None:
        return None
    unit, count = delay
    return w.n(_RECORDED_LATER[unit], count)


def _moment(w: Wording, moment: datetime | None) -> str:
    return w.moment(moment) if moment is not None else ""


def _receipt_row(w: Wording, line: ShipmentLine) -> ReceiptRow:
    quantities = quantities_of(line)
    received, difference = quantities.received, quantities.discrepancy
    assert received is not None and difference is not None  # only received lines are listed
    unit = line.base_unit
    sign = "+" if difference.value > 0 else ""
    over = " " + w.t(D_("over-receipt")) if difference.value > 0 else ""
    reason = words.word(w, words.REASON, line.received_reason)
    return ReceiptRow(
        line_no=line.line_no, sku=line.item.sku, name=_item_name(w, line.item.translations, line.item.name),
        sent=format_quantity(quantities.normalized.value, unit, w=w),
        received=format_quantity(received.normalized.value, unit, w=w),
        difference=f"{sign}{format_quantity(difference.value, unit, w=w)}{over}" if difference.value else "0",
        note=": ".join(part for part in (reason, line.received_note or "") if part),
        short=difference.value < 0)
