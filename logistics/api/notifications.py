"""Notifications: the outbox (admins), following a shipment (staff), and one's own delivery settings."""
from __future__ import annotations

from flask.views import MethodView

from logistics import db
from logistics.api.auth import current_actor, require
from logistics.api.common import Blueprint, list_page
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.notifications import Delivery, NoticeKind
from logistics.domain.roles import Role
from logistics.schemas.notifications import (
    DeliverySettingsSchema,
    FollowSchema,
    NotificationBodySchema,
    NotificationQuerySchema,
    NotificationSchema,
)
from logistics.services import follows, outbox

PREFIX = ""
blp = Blueprint("notifications", __name__, description="Notifications: the outbox, follows and settings")


@blp.route("/notifications")
class Notifications(MethodView):
    """The outbox."""

    @require(Role.ADMIN)
    @blp.arguments(NotificationQuerySchema, location="query")
    @blp.response(200, NotificationSchema(many=True))
    @blp.paginate()
    def get(self, filters, pagination_parameters):
        """List messages, newest first, filtered by status and kind; follow next_cursor for more."""
        cursor = filters.pop("cursor", None)
        found = outbox.notification_page(db.session(), current_actor(), filters,
                                         pagination_parameters.page_size, cursor)
        return list_page(found, pagination_parameters)


@blp.route("/notifications/<int:notification_id>")
class NotificationById(MethodView):
    """One message."""

    @require(Role.ADMIN)
    @blp.response(200, NotificationBodySchema)
    def get(self, notification_id):
        """Read a message with its bodies, exactly as it is (or would be) sent."""
        return outbox.find_notification(db.session(), current_actor(), notification_id)


@blp.route("/notifications/<int:notification_id>/retry")
class NotificationRetry(MethodView):
    """Sending a failed message again."""

    @require(Role.ADMIN)
    @blp.response(200, NotificationSchema)
    @blp.alt_response(409, description="the message has not failed")
    def post(self, notification_id):
        """Put a failed message back in the queue, due now."""
        return outbox.retry(db.session(), current_actor(), notification_id)


@blp.route("/shipments/<key>/follow")
class ShipmentFollow(MethodView):
    """Following a shipment: told of every change to it."""

    @require(*STAFF_ROLES)
    @blp.response(200, FollowSchema)
    def get(self, key):
        """Say whether you follow the shipment."""
        return {"following": follows.is_following(db.session(), current_actor(), key)}

    @require(*STAFF_ROLES)
    @blp.response(200, FollowSchema)
    def put(self, key):
        """Follow the shipment (staff)."""
        return {"following": follows.set_following(db.session(), current_actor(), key, True)}

    @require(*STAFF_ROLES)
    @blp.response(200, FollowSchema)
    def delete(self, key):
        """Stop following the shipment."""
        return {"following": follows.set_following(db.session(), current_actor(), key, False)}


@blp.route("/me/notification-settings")
class DeliverySettings(MethodView):
    """How you take each kind of notification."""

    @require(*ALL_ROLES)
    @blp.response(200, DeliverySettingsSchema)
    def get(self):
        """Read how you take each kind: immediately, in a daily digest, or off."""
        return _named(follows.delivery_settings(db.session(), current_actor()))

    @require(*ALL_ROLES)
    @blp.arguments(DeliverySettingsSchema)
    @blp.response(200, DeliverySettingsSchema)
    def patch(self, choices):
        """Choose how you take the kinds given (the others stay as they are)."""
        chosen = {NoticeKind(kind): Delivery(delivery) for kind, delivery in choices.items()}
        return _named(follows.set_delivery_settings(db.session(), current_actor(), chosen))


def _named(settings: dict[NoticeKind, Delivery]) -> dict[str, str]:
    return {kind.value: delivery.value for kind, delivery in settings.items()}
