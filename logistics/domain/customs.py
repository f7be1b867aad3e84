"""Customs data and its format rules: Incoterms 2020, transport document numbers, EORI, VAT.

Plain functions (no Flask, no database) that the schemas, the import check and the
configuration all call, so one rule has one home. VAT numbers are checked by python-stdnum
(``stdnum.vatin``: the country prefix, then that country's length and check digits); stdnum has no
EORI module, so an EORI is checked here for its form: an issuing country's code and up to 15
letters or digits (EU member states, XI for Northern Ireland, GB for the United Kingdom).
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import StrEnum

from stdnum import vatin
from stdnum.exceptions import ValidationError as StdnumError

from logistics.domain.texts import E_, TextError


class Incoterm(StrEnum):
    """The 11 rules of Incoterms 2020: who pays and bears the risk up to which place."""

    EXW = "EXW"
    FCA = "FCA"
    CPT = "CPT"
    CIP = "CIP"
    DAP = "DAP"
    DPU = "DPU"
    DDP = "DDP"
    FAS = "FAS"
    FOB = "FOB"
    CFR = "CFR"
    CIF = "CIF"


@dataclass(frozen=True, kw_only=True)
class Customs:
    """A shipment's customs fields: the Incoterms rule and place, and its documents' numbers.

    The one list of them: a shipment's view and list row, its commands and an import's checked
    header take them from here (keyword-only, so they may follow fields without defaults).
    """

    incoterm: Incoterm | None = None
    incoterm_place: str | None = None
    invoice_number: str | None = None
    cmr_number: str | None = None
    awb_number: str | None = None
    bill_of_lading_number: str | None = None
    rail_note_number: str | None = None


INCOTERM_NAMES = {
    Incoterm.EXW: "Ex Works", Incoterm.FCA: "Free Carrier", Incoterm.CPT: "Carriage Paid To",
    Incoterm.CIP: "Carriage and Insurance Paid To", Incoterm.DAP: "Delivered at Place",
    Incoterm.DPU: "Delivered at Place Unloaded", Incoterm.DDP: "Delivered Duty Paid",
    Incoterm.FAS: "Free Alongside Ship", Incoterm.FOB: "Free on Board", Incoterm.CFR: "Cost and Freight",
    Incoterm.CIF: "Cost, Insurance and Freight",
}

# A shipment's transport and trade document numbers: the column, and how documents name it.
DOCUMENT_REFERENCES = {
    "invoice_number": "Commercial invoice",
    "cmr_number": "CMR consignment note",
    "awb_number": "Air waybill (AWB)",
    "bill_of_lading_number": "Bill of lading (B/L)",
    "rail_note_number": "Rail consignment note (CIM/SMGS)",
}
# A document number: letters, digits and the separators people print on them.
DOCUMENT_NUMBER_PATTERN = r"^[A-Za-z0-9][A-Za-z0-9 ./_-]{0,39}$"

EORI_COUNTRIES = frozenset((
    "AT", "BE", "BG", "CY", "CZ", "DE", "DK", "EE", "ES", "FI", "FR", "GR", "HR", "HU", "IE", "IT", "LT",
    "LU", "LV", "MT", "NL", "PL", "PT", "RO", "SE", "SI", "SK", "XI", "GB"))
EORI_PATTERN = r"^[A-Za-z]{2}[A-Za-z0-9]{1,15}$"
VAT_PATTERN = r"^[A-Za-z]{2,3}[A-Za-z0-9 .,/-]{2,20}$"
_SEPARATORS = re.compile(r"[\s.\-/,]")
_EORI = re.compile(r"^[A-Z]{2}[A-Z0-9]{1,15}$")
_AWB = re.compile(r"^(\d{3})(\d{7})(\d)$")


class CustomsFormatError(TextError, ValueError):
    """A number that does not have its format; the message says what would be right."""


def compact(text: str) -> str:
    """Return a number without the spaces, dots, dashes and slashes people type, upper-cased."""
    return _SEPARATORS.sub("", text).upper()


def check_eori(text: str) -> str:
    """Return an EORI number compacted ("SK2020317068"), or say why it is not one."""
    number = compact(text)
    if number[:2] == "EL":  # Greece's VAT prefix; its EORI numbers start GR
        number = "GR" + number[2:]
    if not _EORI.match(number):
        raise CustomsFormatError(E_("%(text)s is not an EORI number: the issuing country's code and "
                                    "up to 15 letters or digits, e.g. SK2020317068", text=repr(text[:24])))
    if number[:2] not in EORI_COUNTRIES:
        raise CustomsFormatError(E_("%(text)s: EORI numbers are issued by EU member states (and XI, "
                                    "GB), not %(country)s; a trader elsewhere registers in one of them",
                                    text=repr(text[:24]), country=number[:2]))
    return number


def check_vat(text: str) -> str:
    """Return a VAT number compacted with its country prefix ("CZ25596641"), or say why it is not one."""
    try:
        return str(vatin.validate(text))
    except StdnumError as error:
        reason = {"InvalidChecksum": E_("its check digits are wrong"),
                  "InvalidLength": E_("it has the wrong length for its country"),
                  "InvalidFormat": E_("it has characters its country does not use"),
                  "InvalidComponent": E_("it does not start with a known country prefix")}.get(
            type(error).__name__, E_("it has not the form of a VAT number"))
        raise CustomsFormatError(E_("%(text)s is not a valid VAT number: %(reason)s; write it with its "
                                    "country prefix, e.g. CZ25596641 or SK2020317068",
                                    text=repr(text[:24]), reason=reason)) from None


def check_awb(text: str) -> str:
    """Return an air waybill number as printed ("157-12345675"), or say why it is not one.

    An AWB is the airline's 3-digit prefix and an 8-digit serial whose last digit is the first
    seven modulo 7.
    """
    match = _AWB.match(compact(text))
    if not match or int(match[2]) % 7 != int(match[3]):
        raise CustomsFormatError(E_("%(text)s is not an air waybill number: the airline's 3-digit "
                                    "prefix and 8 digits whose last is the first seven modulo 7, "
                                    "e.g. 157-12345675", text=repr(text[:24])))
    return f"{match[1]}-{match[2]}{match[3]}"
