"""The words documents print for stored codes (statuses, transport modes, reasons...), as catalog ids.

Each value is an English message id of the `documents` catalog (marked with D_), translated by the
document's Wording where it is formatted; the pages and e-mails have their own catalogs.
"""
from __future__ import annotations

from logistics.document_language import D_, DC_, Wording

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

# The Incoterms® 2020 rules' names: the three letters print as they are, the name in the document's
# language (the ICC publishes the rules in these languages; customs read the code in any).
INCOTERM = {"EXW": D_("Ex Works"), "FCA": D_("Free Carrier"), "CPT": D_("Carriage Paid To"),
            "CIP": D_("Carriage and Insurance Paid To"), "DAP": D_("Delivered at Place"),
            "DPU": D_("Delivered at Place Unloaded"), "DDP": D_("Delivered Duty Paid"),
            "FAS": D_("Free Alongside Ship"), "FOB": D_("Free on Board"), "CFR": D_("Cost and Freight"),
            "CIF": D_("Cost, Insurance and Freight")}
# The default package types (domain/packages.py DEFAULT_TYPES), by their stored English names; a type
# the operator adds prints as named. "package" names a mix of types ("carton 3 of 39" or "package 3 of 39").
PACKAGE_TYPE = {"Pallet": DC_("package type", "Pallet"), "Carton": DC_("package type", "Carton"),
                "Box": DC_("package type", "Box"), "Crate": DC_("package type", "Crate"),
                "Drum": DC_("package type", "Drum"), "Bag": DC_("package type", "Bag")}
ANY_PACKAGE = DC_("package type", "package")


def package_type(w: Wording, name: str) -> str:
    """Return a package type's name in the document's language (a default type's; others as named)."""
    return w.t(PACKAGE_TYPE[name]) if name in PACKAGE_TYPE else name


def incoterm_name(w: Wording, code: str) -> str:
    """Return an Incoterms rule's name in the document's language; bilingual: "English / translation"."""
    english = INCOTERM.get(code, code)
    local = w.t(english) if code in INCOTERM else code
    return f"{english} / {local}" if w.two and local != english else local


def word(w: Wording, table: dict[str, str], code: str | None) -> str:
    """Return a stored code in the document's language ("" for none; an unknown code as it is)."""
    if not code:
        return ""
    return w.t(table[code]) if code in table else code.replace("_", " ")
