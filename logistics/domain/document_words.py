"""The words documents print for stored codes (statuses, transport modes, reasons...), as catalog ids.

Each value is an English message id of the `documents` catalog (marked with D_), translated by the
document's Wording where it is formatted; the pages and e-mails have their own catalogs.
"""
from __future__ import annotations

from logistics.document_language import D_, Wording

STATUS = {"draft": D_("draft"), "confirmed": D_("confirmed"), "in_transit": D_("in transit"),
          "delivered": D_("delivered"), "received": D_("received"), "cancelled": D_("cancelled")}
DIRECTION = {"inbound": D_("inbound"), "outbound": D_("outbound")}
KIND = {"purchase": D_("purchase"), "donation": D_("donation"), "transfer": D_("transfer"),
        "return": D_("return")}
TRANSPORT_MODE = {"road": D_("road"), "rail": D_("rail"), "air": D_("air"), "sea": D_("sea"),
                  "multimodal": D_("multimodal")}
REASON = {"short": D_("short"), "damaged": D_("damaged"), "wrong_item": D_("wrong item"),
          "expired": D_("expired"), "over": D_("over-receipt"), "other": D_("other")}
EVIDENCE = {"photo": D_("photo"), "document": D_("document")}
PACKAGE_STATE = {"arrived": D_("arrived"), "missing": D_("missing"), "damaged": D_("damaged")}
# The trade and transport documents' numbers a shipment quotes, as documents name them (the
# columns of domain/customs.py's DOCUMENT_REFERENCES, in its order).
REFERENCE = {"invoice_number": D_("Commercial invoice"), "cmr_number": D_("CMR consignment note"),
             "awb_number": D_("Air waybill (AWB)"), "bill_of_lading_number": D_("Bill of lading (B/L)"),
             "rail_note_number": D_("Rail consignment note (CIM/SMGS)")}


def word(w: Wording, table: dict[str, str], code: str | None) -> str:
    """Return a stored code in the document's language ("" for none; an unknown code as it is)."""
    if not code:
        return ""
    return w.t(table[code]) if code in table else code.replace("_", " ")
