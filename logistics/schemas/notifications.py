"""The notifications contract: outbox messages as admins read them, follows, a user's delivery settings."""
from __future__ import annotations

from marshmallow import Schema, fields, validate

from logistics.domain.notifications import CHOOSABLE, Delivery, NoticeKind, NoticeStatus
from logistics.schemas.fields import Id

DELIVERIES = [delivery.value for delivery in Delivery]


class NotificationSchema(Schema):
    """One message of the outbox: to whom, in which language, what, and how sending it went."""

    id = fields.Integer(required=True)
    recipient = fields.String(required=True, attribute="email",
                              metadata={"description": "the e-mail address"})
    user_id = fields.Integer(required=True, allow_none=True,
                             metadata={"description": "null: an organisation's own address"})
    language = fields.String(required=True)
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in NoticeKind]))
    shipment_id = fields.Integer(required=True, allow_none=True)
    subject = fields.String(required=True)
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in NoticeStatus]), metadata={
        "description": "pending (due at next_attempt_at), sending (claimed), sent, kept (no SMTP server: "
                       "not sent), failed (retry it), held (for the daily digest), digested (sent in one)"})
    attempts = fields.Integer(required=True)
    next_attempt_at = fields.AwareDateTime(required=True)
    last_error = fields.String(required=True, allow_none=True)
    attachment = fields.String(required=True, allow_none=True, attribute="attachment_kind", metadata={
        "description": "the shipment's document attached (rendered when sent), if any"})
    attachment_revision = fields.String(required=True, allow_none=True)
    created_at = fields.AwareDateTime(required=True)
    sent_at = fields.AwareDateTime(required=True, allow_none=True)


class NotificationBodySchema(NotificationSchema):
    """One message with its bodies, exactly as they are (or would be) sent."""

    body_text = fields.String(required=True)
    body_html = fields.String(required=True)
    digest_id = fields.Integer(required=True, allow_none=True)


class NotificationQuerySchema(Schema):
    """Filters of the outbox list."""

    status = fields.String(validate=validate.OneOf([s.value for s in NoticeStatus]))
    kind = fields.String(validate=validate.OneOf([k.value for k in NoticeKind]))
    shipment_id = Id(text=True)
    cursor = fields.String(validate=validate.Length(max=40), metadata={
        "description": "where the page starts: next_cursor, previous_cursor or last_cursor of X-Pagination"})


class FollowSchema(Schema):
    """Whether the caller follows a shipment (is told of every change to it)."""

    following = fields.Boolean(required=True)


# How the caller takes each kind of notification (a field per kind: immediately, digest or off).
DeliverySettingsSchema = Schema.from_dict({
    kind.value: fields.String(validate=validate.OneOf(DELIVERIES), metadata={
        "description": "immediately, digest (the day's in one message at the digest hour) or off"})
    for kind in CHOOSABLE}, name="DeliverySettingsSchema")
