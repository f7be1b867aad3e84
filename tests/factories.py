"""Factories that create real rows through the services, and an authenticated API client."""
from __future__ import annotations

import itertools

from flask import Flask

from logistics import db
from logistics.domain.access import SYSTEM, Actor
from logistics.domain.items import CreateItem, PackSpec
from logistics.domain.organizations import CreateOrganization, OrgKind
from logistics.domain.roles import Role
from logistics.domain.shipments import AddLine, CreateShipment, Place, RecordEvent
from logistics.domain.users import CreateUser, IssueToken
from logistics.domain.workflow import Direction, Kind, Status, TransportMode
from logistics.services import events, items, organizations, packages, shipments, users
from logistics.money import money
from logistics.units import parse_quantity

_counter = itertools.count(1)


def _line(sku: str, quantity: str, value: str | None = None) -> AddLine:
    """Return a line to add from ("PPE-COV", "100 piece") or with a declared value ("1250.50 EUR")."""
    declared = money(*value.split()) if value else None
    return AddLine(sku=sku, quantity=parse_quantity(quantity), value=declared)


class ApiClient:
    """A test client that sends a bearer token and JSON, and returns (status, json, response)."""

    def __init__(self, app: Flask, token: str | None):
        self.client = app.test_client()
        self.token = token

    def _headers(self, extra: dict | None) -> dict:
        headers = {"Authorization": f"Bearer {self.token}"} if self.token else {}
        headers.update(extra or {})
        return headers

    def request(self, method: str, path: str, json=None, headers=None, **kwargs):
        response = self.client.open(path, method=method, json=json,
                                    headers=self._headers(headers), **kwargs)
        return response

    def get(self, path, **kwargs):
        return self.request("GET", path, **kwargs)

    def post(self, path, json=None, **kwargs):
        return self.request("POST", path, json=json, **kwargs)

    def patch(self, path, json=None, **kwargs):
        return self.request("PATCH", path, json=json, **kwargs)

    def delete(self, path, **kwargs):
        return self.request("DELETE", path, **kwargs)


class Factories:
    """Callables that make test data with sensible defaults (override any field)."""

    def __init__(self, app: Flask):
        self.app = app

    def _session(self):
        return db.new_session(self.app)

    def org(self, **fields):
        fields = {"name": f"Partner {next(_counter)}", "country": "SK", "kind": "recipient", **fields}
        command = CreateOrganization(**{**fields, "kind": OrgKind(fields["kind"])})
        with self.app.app_context(), self._session() as session:
            return organizations.create_organization(session, SYSTEM, command)

    def item(self, sku: str | None = None, base_unit: str = "piece", unit_mass: str | None = None,
             packs: list[tuple[str, str]] = (), **fields):
        command = CreateItem(sku=sku or f"SKU-{next(_counter)}", name=fields.pop("name", "Test item"),
                             base_unit=base_unit, unit_mass=parse_quantity(unit_mass) if unit_mass else None,
                             packs=tuple(PackSpec(n, parse_quantity(q)) for n, q in packs), **fields)
        with self.app.app_context(), self._session() as session:
            return items.create_item(session, SYSTEM, command)

    def coverall(self):
        """The demo's coverall: piece, 0.35 kg, box = 25 piece, carton = 4 box."""
        return self.item("PPE-COV", "piece", "0.35 kg", [("box", "25 piece"), ("carton", "4 box")],
                         name="Medical protective coverall", hs_code="6210.10")

    def mask(self):
        """The demo's N95 mask: piece, 0.012 kg, box = 20 piece, carton = 24 box."""
        return self.item("PPE-N95", "piece", "0.012 kg", [("box", "20 piece"), ("carton", "24 box")],
                         name="N95 respirator", hs_code="6307.90")

    def packages(self, shipment, body: dict, company_prefix: str | None = None) -> list[str]:
        """Pack a shipment as the API's bulk request ``body`` says; return the new packages' numbers."""
        from logistics.schemas.packages import AddPackagesInSchema

        with self.app.app_context(), self._session() as session:
            return packages.add_packages(session, SYSTEM, shipment.reference, AddPackagesInSchema().load(body),
                                         company_prefix)

    def confirm(self, shipment) -> None:
        """Confirm a draft (a partner sees a shipment only once it was confirmed)."""
        with self.app.app_context(), self._session() as session:
            current = shipments.find_shipment(session, SYSTEM, shipment.reference)
            events.post_event(session, SYSTEM, current.reference, current.version,
                              RecordEvent(status=Status.CONFIRMED))

    def user(self, role: str = "staff", org=None, email: str | None = None, password: str | None = None,
             language: str | None = None):
        """Create a user and return (user, raw token)."""
        with self.app.app_context(), self._session() as session:
            user = users.create_user(session, SYSTEM, CreateUser(
                email=email or f"user{next(_counter)}@example.org", role=Role(role),
                organization_id=org.id if org else None, password=password, language=language))
            _, token = users.issue_token(session, SYSTEM, user.id, IssueToken())
        return user, token

    def api(self, role: str = "staff", org=None) -> ApiClient:
        """Return an API client signed in as a new user of this role."""
        _, token = self.user(role, org)
        return ApiClient(self.app, token)

    def anonymous(self) -> ApiClient:
        """Return an API client without a token."""
        return ApiClient(self.app, None)

    def shipment(self, counterparty=None, lines=(("PPE-COV", "100 piece"),), direction="outbound",
                 status: str | None = None, dates: dict | None = None, created_by=None, **fields):
        """Create a shipment through the service, optionally walked to a status; return it.

        ``dates`` maps a status to when that move happened (an aware datetime); others happen now.
        ``created_by``: the (staff) user who logs it (default: the system).
        """
        dates = dates or {}
        counterparty = counterparty or self.org()
        outbound = direction == "outbound"
        origin = Place(fields.pop("origin_country", "CN" if outbound else counterparty.country),
                       fields.pop("origin_place", None))
        destination = Place(fields.pop("destination_country", counterparty.country if outbound else "CN"),
                            fields.pop("destination_place", None))
        if fields.get("transport_mode"):
            fields["transport_mode"] = TransportMode(fields["transport_mode"])
        command = CreateShipment(
            direction=Direction(direction), kind=Kind(fields.pop("kind", "donation" if outbound else "purchase")),
            counterparty_id=counterparty.id, origin=origin, destination=destination,
            lines=tuple(_line(*line) for line in lines), **fields)
        with self.app.app_context(), self._session() as session:
            creator = SYSTEM if created_by is None else Actor(created_by.id, Role(created_by.role), None,
                                                             created_by.email)
            shipment = shipments.create_shipment(session, creator, command)
            path = ["confirmed", "in_transit", "delivered", "received"]
            if status == "cancelled":
                events.post_event(session, SYSTEM, shipment.reference, shipment.version,
                                  RecordEvent(status=Status.CANCELLED))
            elif status and status != "draft":
                for target in path[: path.index(status) + 1]:
                    events.post_event(session, SYSTEM, shipment.reference, shipment.version,
                                      RecordEvent(status=Status(target), occurred_at=dates.get(target)))
            return shipments.find_shipment(session, SYSTEM, shipment.id)
