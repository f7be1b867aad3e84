"""The demo story of shared/DOMAIN.md: partners, items, five shipments, one user per role.

Loading is idempotent: what exists (matched by name, SKU, reference, email) is left alone.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from sqlmodel import Session, select

from logistics.domain.access import SYSTEM
from logistics.domain.customs import Incoterm
from logistics.domain.items import CreateItem, PackSpec
from logistics.domain.organizations import CreateOrganization, OrgKind
from logistics.domain.packages import AddPackages, ContentSpec, PackageSpec
from logistics.domain.receipt import DiscrepancyReason
from logistics.domain.roles import Role
from logistics.domain.shipments import AddLine, CreateShipment, Place, ReceivedLine, RecordEvent
from logistics.domain.users import CreateUser, IssueToken
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.errors import NotFound
from logistics.models import Item, Organization, Shipment, User
from logistics.money import Money
from logistics.services import events, items, organizations, packages, shipments, users
from logistics.services.common import stored_id
from logistics.services.users import TOKEN_PREFIX
from logistics.unit_of_work import writing
from logistics.units import parse_quantity

OPERATOR = "China–CEEC SME Cooperation Zone, Cangzhou (沧州中国—中东欧中小企业合作区)"

# Partners by the short name the shipments below use, each with its languages (issue 14): its users'
# pages and e-mails in its own language, its documents in it too, bilingual (English with the local
# wording under each heading) where customs papers usually are. Łódź sets no page language: its
# contact's pages follow the browser (the journeys in tests/e2e read them in English, and in Polish
# when the browser asks), while its documents print in Polish.
# EORI and VAT numbers are made up, in their countries' formats and with valid check digits
# (python-stdnum accepts every VAT number); an EU EORI is often the VAT number (PL: NIP + 00000).
ORGANIZATIONS = {
    "brno": CreateOrganization("Zdravotnické potřeby Brno s.r.o.", "CZ", OrgKind.SUPPLIER,
                               address="Cejl 12, 602 00 Brno", eori="CZ27193403", vat_number="CZ27193403",
                               language="cs"),
    "zilina": CreateOrganization("Medtex Žilina a.s.", "SK", OrgKind.SUPPLIER,
                                 address="Hlinkova 3, 010 01 Žilina", eori="SK2020418774",
                                 vat_number="SK2020418774", language="sk"),
    "nitra": CreateOrganization("Fakultná nemocnica Nitra", "SK", OrgKind.RECIPIENT,
                                address="Špitálska 6, 949 01 Nitra", eori="SK2021183406",
                                vat_number="SK2021183406", language="sk", document_bilingual=True),
    "lodz": CreateOrganization("Szpital Wojewódzki Łódź", "PL", OrgKind.RECIPIENT,
                               address="ul. Pabianicka 62, 93-513 Łódź", eori="PL725180451500000",
                               vat_number="PL7251804515", document_language="pl"),
    "osijek": CreateOrganization("Klinički bolnički centar Osijek", "HR", OrgKind.RECIPIENT,
                                 address="Josipa Huttlera 4, 31000 Osijek", eori="HR38216542196",
                                 vat_number="HR38216542196", language="hr", document_bilingual=True),
    "rail": CreateOrganization("Cangzhou–Europe Express Rail", "CN", OrgKind.CARRIER,
                               address="沧州市 Cangzhou, Hebei", vat_number="CN91130900MA0DJ2XY1A"),
}


def _packs(*packs: tuple[str, str]) -> tuple[PackSpec, ...]:
    return tuple(PackSpec(name, parse_quantity(size)) for name, size in packs)


ITEMS = [
    CreateItem("PPE-COV", "Medical protective coverall", "piece", category="PPE",
               unit_mass=parse_quantity("0.35 kg"), packs=_packs(("box", "25 piece"), ("carton", "4 box")),
               hs_code="6210.10"),
    CreateItem("PPE-N95", "N95 respirator", "piece", category="PPE", unit_mass=parse_quantity("0.012 kg"),
               packs=_packs(("box", "20 piece"), ("carton", "24 box")), hs_code="6307.90"),
    CreateItem("PPE-GLV", "Nitrile examination gloves", "pair", category="PPE",
               unit_mass=parse_quantity("0.008 kg"), packs=_packs(("box", "50 pair")), hs_code="4015.19"),
    CreateItem("SAN-GEL", "Hand sanitiser gel", "L", category="Sanitation",
               unit_mass=parse_quantity("1.1 kg"), packs=_packs(("bottle", "0.5 L"), ("carton", "12 bottle")),
               hs_code="3808.94"),
]

CANGZHOU = ("CN", "Cangzhou")
PALLET_KG = Decimal(25)  # a wooden EUR pallet, 1200 x 800 mm


def _pallets(count: int, cartons: int, line_no: int, quantity: str, carton_kg: str,
             carton_mm: tuple[int, int, int] = (600, 400, 400), height_mm: int = 1600) -> PackageSpec:
    """Return ``count`` pallets of ``cartons`` cartons, each carton holding ``quantity`` of a line.

    Each carton's gross mass is its goods' (a coverall 0.35 kg, a mask 0.012 kg) and its
    cardboard; each pallet's is its cartons' and the pallet's own 25 kg.
    """
    carton = PackageSpec("carton", cartons, gross_mass=parse_quantity(f"{carton_kg} kg"),
                         dimensions_mm=carton_mm, contents=(ContentSpec(line_no, parse_quantity(quantity)),))
    pallet_kg = Decimal(carton_kg) * cartons + PALLET_KG
    return PackageSpec("pallet", count, gross_mass=parse_quantity(f"{pallet_kg} kg"),
                       dimensions_mm=(1200, 800, height_mm), children=(carton,))


def _cartons(count: int, line_no: int, quantity: str, carton_kg: str) -> PackageSpec:
    """Return ``count`` loose cartons (on no pallet) holding ``quantity`` of a line each."""
    return PackageSpec("carton", count, gross_mass=parse_quantity(f"{carton_kg} kg"),
                       dimensions_mm=(600, 400, 400),
                       contents=(ContentSpec(line_no, parse_quantity(quantity)),))


# How the goods travel: coveralls 100 to a carton (35 kg of goods, 36.5 kg gross), masks 480 to a
# carton (5.76 kg, 6.5 kg gross); the suppliers' own cartons of coveralls by weight, 25 kg of goods
# (26.2 kg gross), 20 to a pallet.
PACKING: dict[str, list[PackageSpec]] = {
    "IN-2020-0001": [_pallets(29, 20, 1, "25 kg", "26.2", (600, 400, 450))],
    "IN-2020-0002": [_pallets(16, 20, 1, "25 kg", "26.2", (600, 400, 450))],
    "OUT-2020-0001": [_pallets(10, 25, 1, "1 carton", "6.5"),
                      _pallets(15, 20, 2, "1 carton", "36.5", (600, 400, 450), 1900)],
    "OUT-2020-0002": [_pallets(8, 26, 1, "1 carton", "6.5"), _cartons(1, 1, "8 box", "2.6"),
                      _pallets(6, 25, 2, "1 carton", "36.5", (600, 400, 450), 2000)],
    "OUT-2020-0003": [_pallets(5, 29, 1, "1 carton", "6.5"), _cartons(1, 2, "20 box", "5.5"),
                      _pallets(4, 25, 3, "1 carton", "36.5", (600, 400, 450), 2000)],
}


def _at(day: str, hour: int = 9, offset: int = 1) -> datetime:
    """Return a moment of the 2020 timeline, at a local hour with that place's UTC offset."""
    return datetime.fromisoformat(f"{day}T{hour:02d}:00:00{offset:+03d}:00")


# The real 2020 timeline (shared/DOMAIN.md): the purchases left Brno and Žilina in late January
# and were received in Cangzhou in February, when the city restarted production; the donations
# were dispatched between March and May as the outbreak reached Europe. "events" gives when each
# move happened (local times, with the offset of the place where it happened: CET +1, CST +8), and
# "created" when it was logged; each was recorded as it happened. Declared values are in EUR (on the
# donations; 0.80 a mask, 4.50 a coverall), net masses where the papers give them.
SHIPMENTS: list[dict[str, Any]] = [
    {"reference": "IN-2020-0001", "direction": "inbound", "kind": "purchase", "partner": "brno",
     "origin": ("CZ", "Brno"), "destination": CANGZHOU, "mode": "rail", "departure": date(2020, 1, 24),
     "arrival": date(2020, 2, 12),
     "lines": [("PPE-COV", "14.5 t", {"origin": "CZ", "net_mass": "13.9 t"})], "status": Status.RECEIVED,
     "customs": {"incoterm": "FCA", "incoterm_place": "Brno", "invoice_number": "ZPB-2020-0117",
                 "rail_note_number": "CIM-20-0124-0071"},
     "events": {"created": _at("2020-01-16", 11),
                Status.CONFIRMED: _at("2020-01-20"), Status.IN_TRANSIT: _at("2020-01-24", 14),
                Status.DELIVERED: _at("2020-02-12", 10, 8), Status.RECEIVED: _at("2020-02-13", 11, 8)}},
    {"reference": "IN-2020-0002", "direction": "inbound", "kind": "purchase", "partner": "zilina",
     "origin": ("SK", "Žilina"), "destination": CANGZHOU, "mode": "rail", "departure": date(2020, 1, 28),
     "arrival": date(2020, 2, 17),
     "lines": [("PPE-COV", "8000 kg", {"origin": "SK", "net_mass": "7680 kg"})], "status": Status.RECEIVED,
     "customs": {"incoterm": "FCA", "incoterm_place": "Žilina", "invoice_number": "MTX/2020/0042",
                 "rail_note_number": "CIM-20-0128-0113"},
     "events": {"created": _at("2020-01-17", 10),
                Status.CONFIRMED: _at("2020-01-22"), Status.IN_TRANSIT: _at("2020-01-28", 16),
                Status.DELIVERED: _at("2020-02-18", 9, 8), Status.RECEIVED: _at("2020-02-19", 15, 8)}},
    {"reference": "OUT-2020-0001", "direction": "outbound", "kind": "donation", "partner": "nitra",
     "origin": CANGZHOU, "destination": ("SK", "Nitra"), "mode": "air", "departure": date(2020, 4, 2),
     "arrival": date(2020, 4, 4),
     "lines": [("PPE-N95", "120000 piece", {"value": "96000.00", "origin": "CN", "net_mass": "1440 kg"}),
               ("PPE-COV", "1200 box", {"value": "135000.00", "origin": "CZ", "net_mass": "10500 kg"})],
     "status": Status.RECEIVED,
     "customs": {"incoterm": "DAP", "incoterm_place": "Nitra", "awb_number": "999-20402174"},
     "events": {"created": _at("2020-03-24", 15, 8),
                Status.CONFIRMED: _at("2020-03-27", 10, 8), Status.IN_TRANSIT: _at("2020-04-02", 8, 8),
                Status.DELIVERED: _at("2020-04-04", 17, 2), Status.RECEIVED: _at("2020-04-06", 10, 2)},
     # Nitra counted 1,200 masks fewer than were sent: received with a small shortfall.
     "received": {"PPE-N95": ("118800 piece", "12 boxes damaged in transit")}},
    {"reference": "OUT-2020-0002", "direction": "outbound", "kind": "donation", "partner": "lodz",
     "origin": CANGZHOU, "destination": ("PL", "Łódź"), "mode": "rail", "departure": date(2020, 4, 10),
     "arrival": date(2020, 4, 28),
     "lines": [("PPE-N95", "100000 piece", {"value": "80000.00", "origin": "CN"}),
               ("PPE-COV", "15000 piece", {"value": "67500.00", "origin": "SK"})],
     "status": Status.IN_TRANSIT,
     "customs": {"incoterm": "DAP", "incoterm_place": "Łódź", "rail_note_number": "SMGS-20-0412-0208"},
     "events": {"created": _at("2020-04-02", 14, 8),
                Status.CONFIRMED: _at("2020-04-06", 10, 8), Status.IN_TRANSIT: _at("2020-04-12", 9, 8)}},
    {"reference": "OUT-2020-0003", "direction": "outbound", "kind": "donation", "partner": "osijek",
     "origin": CANGZHOU, "destination": ("HR", "Osijek"), "mode": "road", "departure": date(2020, 4, 20),
     "arrival": date(2020, 5, 6),
     "lines": [("PPE-N95", "145 carton", {"value": "55680.00", "origin": "CN", "net_mass": "835.2 kg"}),
               ("PPE-N95", "400 piece", {"value": "320.00", "origin": "CN"}),
               ("PPE-COV", "10000 piece", {"value": "45000.00", "origin": "CZ"})],
     "status": Status.DELIVERED,
     "customs": {"incoterm": "DAP", "incoterm_place": "Osijek", "cmr_number": "CMR-HR-2020-04-0733"},
     # Held a fortnight at the border: dispatched in April as planned, delivered late in May.
     "events": {"created": _at("2020-04-14", 16, 8),
                Status.CONFIRMED: _at("2020-04-16", 10, 8), Status.IN_TRANSIT: _at("2020-04-21", 7, 8),
                Status.DELIVERED: _at("2020-05-22", 13, 2)}},
]

PATH = [Status.CONFIRMED, Status.IN_TRANSIT, Status.DELIVERED, Status.RECEIVED]
STAFF_USERS = [("admin", "admin"), ("manager", "manager"), ("staff", "staff")]
DOMAIN = "demo.logistics.example"


def load_demo(session: Session, secret: str, company_prefix: str | None = None) -> list[dict]:
    """Load the demo story once; return each demo user's email, role, password and token.

    Demo credentials are derived from the instance secret: every run can print them again,
    and only their hashes are stored. Packages get SSCCs under ``company_prefix`` when given.
    """
    orgs = {slug: _organization(session, command) for slug, command in ORGANIZATIONS.items()}
    for command in ITEMS:
        _item(session, command)
    for spec in SHIPMENTS:
        _shipment(session, spec, orgs[spec["partner"]], company_prefix)
    return _users(session, orgs, secret)


def _organization(session: Session, command: CreateOrganization) -> Organization:
    try:
        return organizations.find_organization(session, command.name)
    except NotFound:
        return organizations.create_organization(session, SYSTEM, command)


def _item(session: Session, command: CreateItem) -> Item:
    existing = session.exec(select(Item).where(Item.sku == command.sku)).first()
    if existing:
        return existing
    return items.create_item(session, SYSTEM, command)


def _shipment(session: Session, spec: dict, partner: Organization, company_prefix: str | None) -> Shipment:
    existing = session.exec(select(Shipment).where(Shipment.reference == spec["reference"])).first()
    if existing:
        return existing
    customs = dict(spec.get("customs", {}))
    if "incoterm" in customs:
        customs["incoterm"] = Incoterm(customs["incoterm"])
    shipment = shipments.create_shipment(session, SYSTEM, CreateShipment(
        reference=spec["reference"], direction=Direction(spec["direction"]), kind=Kind(spec["kind"]),
        counterparty_id=stored_id(partner.id), origin=Place(*spec["origin"]),
        destination=Place(*spec["destination"]), transport_mode=TransportMode(spec["mode"]),
        carrier="Cangzhou–Europe Express Rail" if spec["mode"] == "rail" else None,
        planned_departure=spec["departure"], expected_arrival=spec["arrival"],
        lines=tuple(_line(*line) for line in spec["lines"]), **customs))
    for packed in PACKING.get(spec["reference"], ()):  # packed before it leaves
        packages.add_packages(session, SYSTEM, spec["reference"], AddPackages(packed), company_prefix)
    session.refresh(shipment)
    for target in PATH[: PATH.index(spec["status"]) + 1]:
        event = RecordEvent(
            status=target, occurred_at=spec["events"][target],
            tracking_number=(f"CZE{spec['reference'][-4:]}{spec['departure']:%m%d}"
                             if target is Status.IN_TRANSIT else None),
            location=spec["destination"][1] if target is Status.DELIVERED else None,
            received=_received(shipment, spec) if target is Status.RECEIVED else ())
        events.post_event(session, SYSTEM, spec["reference"], shipment.version, event)
        session.refresh(shipment)
    _as_recorded_then(session, shipment, spec["events"]["created"])
    return shipment


def _line(sku: str, quantity: str, customs: dict | None = None) -> AddLine:
    """Return a demo line with its customs particulars (declared value in EUR, origin, net mass)."""
    customs = customs or {}
    return AddLine(sku=sku, quantity=parse_quantity(quantity),
                   value=Money("EUR", Decimal(customs["value"])) if "value" in customs else None,
                   country_of_origin=customs.get("origin"),
                   net_mass=parse_quantity(customs["net_mass"]) if "net_mass" in customs else None)


def _as_recorded_then(session: Session, shipment: Shipment, created: datetime) -> None:
    """Date the story as it happened: logged in 2020, every event recorded when it occurred.

    Loading stamps the "created" event, and what each event was recorded at, with the moment of
    loading; the story's records were typed in as things happened, in 2020.
    """
    with writing(session, SYSTEM):
        shipment.created_at = created
        for event in shipment.events:
            if event.kind == "created":
                event.occurred_at = created
            event.recorded_at = event.occurred_at


def _received(shipment: Shipment, spec: dict) -> tuple[ReceivedLine, ...]:
    """Return what arrived short, line by line (the other lines arrived in full)."""
    return tuple(ReceivedLine(stored_id(line.id), parse_quantity(quantity), note, DiscrepancyReason.DAMAGED)
                 for line in shipment.lines for sku, (quantity, note) in spec.get("received", {}).items()
                 if line.item.sku == sku and line.quantity_unit == "piece")


def _users(session: Session, orgs: dict, secret: str) -> list[dict]:
    wanted = [(f"{role}@{DOMAIN}", role, None, name) for role, name in STAFF_USERS]
    wanted += [(f"partner.{slug}@{DOMAIN}", "partner", org.id, org.name)
               for slug, org in orgs.items() if org.kind in ("supplier", "recipient")]
    result = []
    for email, role, org_id, name in wanted:
        password = _derive(secret, "password", email)[:16]
        token = TOKEN_PREFIX + _derive(secret, "token", email)
        user = session.exec(select(User).where(User.email == email)).first()
        if user is None:
            user = users.create_user(session, SYSTEM, CreateUser(
                email=email, role=Role(role), name=name, organization_id=org_id, password=password))
        if users.token_state(session, token) == "unknown":
            users.issue_token(session, SYSTEM, stored_id(user.id), IssueToken(label="demo"), raw=token)
        if not users.check_password(user, password):
            password = "(changed since the demo was loaded)"
        if users.token_state(session, token) == "revoked":
            token = f"(revoked: issue a new one with 'logistics token issue {email}')"
        result.append({"email": email, "role": role, "organization": name if org_id else None,
                       "password": password, "token": token})
    return result


def _derive(secret: str, purpose: str, email: str) -> str:
    """Derive a demo credential from the instance secret, so it can be shown again but is never stored."""
    digest = hmac.new(secret.encode(), f"demo:{purpose}:{email}".encode(), hashlib.sha256).digest()
    return base64.urlsafe_b64encode(digest).decode().rstrip("=")
