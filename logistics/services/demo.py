"""The demo story of shared/DOMAIN.md: partners, items, five shipments, one user per role.

Loading is idempotent: what exists (matched by name, SKU, reference, email) is left alone.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import date

from sqlmodel import Session, select

from logistics.domain.access import SYSTEM
from logistics.domain.shipments import AddLine, CreateShipment, Place, RecordEvent
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.errors import NotFound
from logistics.models import Item, Organization, Shipment, User
from logistics.services import events, items, organizations, shipments, users
from logistics.services.common import stored_id
from logistics.services.users import TOKEN_PREFIX
from logistics.units import parse_quantity

OPERATOR = "China–CEEC SME Cooperation Zone, Cangzhou (沧州中国—中东欧中小企业合作区)"

ORGANIZATIONS = [
    dict(name="Zdravotnické potřeby Brno s.r.o.", country="CZ", kind="supplier", slug="brno",
         address="Cejl 12, 602 00 Brno"),
    dict(name="Medtex Žilina a.s.", country="SK", kind="supplier", slug="zilina",
         address="Hlinkova 3, 010 01 Žilina"),
    dict(name="Fakultná nemocnica Nitra", country="SK", kind="recipient", slug="nitra",
         address="Špitálska 6, 949 01 Nitra"),
    dict(name="Szpital Wojewódzki Łódź", country="PL", kind="recipient", slug="lodz",
         address="ul. Pabianicka 62, 93-513 Łódź"),
    dict(name="Klinički bolnički centar Osijek", country="HR", kind="recipient", slug="osijek",
         address="Josipa Huttlera 4, 31000 Osijek"),
    dict(name="Cangzhou–Europe Express Rail", country="CN", kind="carrier", slug="rail",
         address="沧州市 Cangzhou, Hebei"),
]

ITEMS = [
    dict(sku="PPE-COV", name="Medical protective coverall", category="PPE", base_unit="piece",
         unit_mass="0.35 kg", packs=[("box", "25 piece"), ("carton", "4 box")], hs_code="6210.10"),
    dict(sku="PPE-N95", name="N95 respirator", category="PPE", base_unit="piece",
         unit_mass="0.012 kg", packs=[("box", "20 piece"), ("carton", "24 box")], hs_code="6307.90"),
    dict(sku="PPE-GLV", name="Nitrile examination gloves", category="PPE", base_unit="pair",
         unit_mass="0.008 kg", packs=[("box", "50 pair")], hs_code="4015.19"),
    dict(sku="SAN-GEL", name="Hand sanitiser gel", category="Sanitation", base_unit="L",
         unit_mass="1.1 kg", packs=[("bottle", "0.5 L"), ("carton", "12 bottle")], hs_code="3808.94"),
]

CANGZHOU = ("CN", "Cangzhou")
SHIPMENTS = [
    dict(reference="IN-2020-0001", direction="inbound", kind="purchase", partner="brno",
         origin=("CZ", "Brno"), destination=CANGZHOU, mode="rail", departure=date(2020, 3, 2),
         arrival=date(2020, 3, 20), lines=[("PPE-COV", "14.5 t")], status=Status.RECEIVED),
    dict(reference="IN-2020-0002", direction="inbound", kind="purchase", partner="zilina",
         origin=("SK", "Žilina"), destination=CANGZHOU, mode="rail", departure=date(2020, 3, 5),
         arrival=date(2020, 3, 24), lines=[("PPE-COV", "8000 kg")], status=Status.RECEIVED),
    dict(reference="OUT-2020-0001", direction="outbound", kind="donation", partner="nitra",
         origin=CANGZHOU, destination=("SK", "Nitra"), mode="air", departure=date(2020, 4, 2),
         arrival=date(2020, 4, 4), lines=[("PPE-N95", "120000 piece"), ("PPE-COV", "1200 box")],
         status=Status.RECEIVED),
    dict(reference="OUT-2020-0002", direction="outbound", kind="donation", partner="lodz",
         origin=CANGZHOU, destination=("PL", "Łódź"), mode="rail", departure=date(2020, 4, 10),
         arrival=date(2020, 4, 28), lines=[("PPE-N95", "100000 piece"), ("PPE-COV", "15000 piece")],
         status=Status.IN_TRANSIT),
    dict(reference="OUT-2020-0003", direction="outbound", kind="donation", partner="osijek",
         origin=CANGZHOU, destination=("HR", "Osijek"), mode="road", departure=date(2020, 4, 20),
         arrival=date(2020, 5, 6),
         lines=[("PPE-N95", "145 carton"), ("PPE-N95", "400 piece"), ("PPE-COV", "10000 piece")],
         status=Status.CONFIRMED),
]

PATH = [Status.CONFIRMED, Status.IN_TRANSIT, Status.DELIVERED, Status.RECEIVED]
STAFF_USERS = [("admin", "admin"), ("manager", "manager"), ("staff", "staff")]
DOMAIN = "demo.logistics.example"


def load_demo(session: Session, secret: str) -> list[dict]:
    """Load the demo story once; return each demo user's email, role, password and token.

    Demo credentials are derived from the instance secret: every run can print them again,
    and only their hashes are stored.
    """
    orgs = {spec["slug"]: _organization(session, spec) for spec in ORGANIZATIONS}
    for spec in ITEMS:
        _item(session, spec)
    for spec in SHIPMENTS:
        _shipment(session, spec, orgs[spec["partner"]])
    return _users(session, orgs, secret)


def _organization(session: Session, spec: dict) -> Organization:
    try:
        return organizations.find_organization(session, spec["name"])
    except NotFound:
        data = {k: v for k, v in spec.items() if k != "slug"}
        return organizations.create_organization(session, SYSTEM, data)


def _item(session: Session, spec: dict) -> Item:
    existing = session.exec(select(Item).where(Item.sku == spec["sku"])).first()
    if existing:
        return existing
    data = dict(spec, unit_mass=parse_quantity(spec["unit_mass"]),
                packs=[{"name": n, "quantity": parse_quantity(q)} for n, q in spec["packs"]])
    return items.create_item(session, SYSTEM, data)


def _shipment(session: Session, spec: dict, partner: Organization) -> Shipment:
    existing = session.exec(select(Shipment).where(Shipment.reference == spec["reference"])).first()
    if existing:
        return existing
    shipment = shipments.create_shipment(session, SYSTEM, CreateShipment(
        reference=spec["reference"], direction=Direction(spec["direction"]), kind=Kind(spec["kind"]),
        counterparty_id=stored_id(partner.id), origin=Place(*spec["origin"]),
        destination=Place(*spec["destination"]), transport_mode=TransportMode(spec["mode"]),
        carrier="Cangzhou–Europe Express Rail" if spec["mode"] == "rail" else None,
        planned_departure=spec["departure"], expected_arrival=spec["arrival"],
        lines=tuple(AddLine(sku=sku, quantity=parse_quantity(q)) for sku, q in spec["lines"])))
    for target in PATH[: PATH.index(spec["status"]) + 1]:
        event = RecordEvent(
            status=target,
            tracking_number=(f"CZE{spec['reference'][-4:]}{spec['departure']:%m%d}"
                             if target is Status.IN_TRANSIT else None),
            location=spec["destination"][1] if target is Status.DELIVERED else None)
        events.post_event(session, SYSTEM, spec["reference"], shipment.version, event)
        session.refresh(shipment)
    return shipment


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
            user = users.create_user(session, SYSTEM, email=email, role=role, name=name,
                                     organization_id=org_id, password=password)
        if users.token_state(session, token) == "unknown":
            users.issue_token(session, SYSTEM, user.id, label="demo", raw=token)
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
