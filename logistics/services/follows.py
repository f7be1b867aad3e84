"""Staff following a shipment (told of every change to it), and each user's notification settings."""
from __future__ import annotations

from sqlmodel import Session, select

from logistics.domain.access import Actor
from logistics.domain.notifications import CHOOSABLE, Delivery, NoticeKind
from logistics.domain.texts import E_
from logistics.errors import Forbidden
from logistics.models import NotificationPreference, ShipmentFollow
from logistics.services.common import stored_id
from logistics.services.scoping import find_shipment
from logistics.unit_of_work import writing


def is_following(session: Session, actor: Actor, key: str) -> bool:
    """Say whether this user follows the shipment (which they must be able to see)."""
    shipment = find_shipment(session, actor, key, packs=False)
    return _follow(session, actor, stored_id(shipment.id)) is not None


def set_following(session: Session, actor: Actor, key: str, follow: bool) -> bool:
    """Follow a shipment or stop following it (staff only); return whether the user now follows it."""
    if actor.is_partner or actor.user_id is None:
        raise Forbidden(E_("only staff follow shipments"))
    with writing(session, actor):
        shipment = find_shipment(session, actor, key, packs=False)
        existing = _follow(session, actor, stored_id(shipment.id))
        if follow and existing is None:
            session.add(ShipmentFollow(user_id=actor.user_id, shipment_id=stored_id(shipment.id)))
        elif not follow and existing is not None:
            session.delete(existing)
    return follow


def _follow(session: Session, actor: Actor, shipment_id: int) -> ShipmentFollow | None:
    return session.exec(select(ShipmentFollow).where(ShipmentFollow.user_id == actor.user_id,
                                                     ShipmentFollow.shipment_id == shipment_id)).first()


def delivery_settings(session: Session, actor: Actor) -> dict[NoticeKind, Delivery]:
    """Return how this user takes each kind of notification (immediately where not chosen)."""
    rows = session.exec(select(NotificationPreference).where(NotificationPreference.user_id == actor.user_id))
    chosen = {row.kind: Delivery(row.delivery) for row in rows}
    return {kind: chosen.get(kind.value, Delivery.IMMEDIATELY) for kind in CHOOSABLE}


def set_delivery_settings(session: Session, actor: Actor,
                          choices: dict[NoticeKind, Delivery]) -> dict[NoticeKind, Delivery]:
    """Choose how this user takes the given kinds (others stay as they were); return all their settings."""
    if actor.user_id is None:
        raise Forbidden(E_("only a user has notification settings"))
    with writing(session, actor):
        rows = {row.kind: row for row in session.exec(
            select(NotificationPreference).where(NotificationPreference.user_id == actor.user_id))}
        for kind, delivery in choices.items():
            row = rows.get(kind.value)
            if row is None:
                session.add(NotificationPreference(user_id=actor.user_id, kind=kind.value,
                                                   delivery=delivery.value))
            else:
                row.delivery = delivery.value
    return delivery_settings(session, actor)
