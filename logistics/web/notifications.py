"""Notifications as pages: following a shipment, one's delivery settings, and the outbox for admins."""
from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext

from logistics import db
from logistics.domain.access import ALL_ROLES, STAFF_ROLES
from logistics.domain.notifications import CHOOSABLE, Delivery, NoticeKind, NoticeStatus
from logistics.domain.roles import Role
from logistics.errors import Invalid
from logistics.schemas.notifications import DeliverySettingsSchema, NotificationQuerySchema
from logistics.services import follows, outbox
from logistics.web.forms import load
from logistics.web.session import current_user, requires, web_actor

bp = Blueprint("notification_pages", __name__)
PAGE_SIZE = 50


def kind_names() -> dict[NoticeKind, str]:
    """Return what each kind of notification tells, in the reader's language (the settings page's rows)."""
    return {NoticeKind.CONFIRMED: gettext("A shipment to my organisation is confirmed (manifest attached)"),
            NoticeKind.DISPATCHED: gettext("A shipment to my organisation is dispatched (manifest attached)"),
            NoticeKind.DELIVERED: gettext("A shipment to my organisation is delivered"),
            NoticeKind.RECEIVED: gettext("Goods I sent are received (with discrepancies)"),
            NoticeKind.CHANGED: gettext("A shipment I follow changes"),
            NoticeKind.OVERDUE: gettext("A shipment I logged or follow is overdue"),
            NoticeKind.DIGEST: gettext("Daily digest")}


@bp.app_context_processor
def _following() -> dict:
    """Tell templates whether the signed-in staff user follows a shipment, and whether they see the outbox."""
    def follows_shipment(reference: str) -> bool:
        """Say whether the signed-in user follows this shipment."""
        return follows.is_following(db.session(), web_actor(), reference)

    def may_read_outbox() -> bool:
        """Say whether the signed-in user is an admin."""
        user = current_user()
        return user is not None and user.role == Role.ADMIN.value

    return {"follows_shipment": follows_shipment, "may_read_outbox": may_read_outbox}


@bp.post("/shipments/<key>/follow")
@requires(*STAFF_ROLES)
def follow(key):
    """Follow a shipment, or stop following it (follow=0)."""
    wanted = request.form.get("follow", "1") != "0"
    follows.set_following(db.session(), web_actor(), key, wanted)
    flash(gettext("You follow this shipment: you are told of every change.") if wanted
          else gettext("You no longer follow this shipment."))
    return redirect(url_for("pages.detail", key=key))


@bp.route("/settings/notifications", methods=["GET", "POST"])
@requires(*ALL_ROLES)
def settings():
    """Show and change how the signed-in user takes each kind of notification."""
    actor = web_actor()
    errors: dict = {}
    if request.method == "POST":
        form = {kind.value: request.form[kind.value] for kind in CHOOSABLE if kind.value in request.form}
        try:
            choices = load(DeliverySettingsSchema(), form)
        except Invalid as error:
            errors = error.fields or {}
        else:
            follows.set_delivery_settings(db.session(), actor,
                                          {NoticeKind(k): Delivery(v) for k, v in choices.items()})
            flash(gettext("Notification settings saved."))
            return redirect(url_for("notification_pages.settings"))
    chosen = follows.delivery_settings(db.session(), actor)
    kinds = [kind for kind in CHOOSABLE if not actor.is_partner or kind not in (NoticeKind.CHANGED,)]
    return render_template("notifications/settings.html", kinds=kinds, chosen=chosen, names=kind_names(),
                           deliveries=list(Delivery), errors=errors), 422 if errors else 200


@bp.get("/admin/notifications")
@requires(Role.ADMIN)
def index():
    """List the outbox for admins, newest first, by status and kind."""
    raw = {name: request.args[name] for name in ("status", "kind", "cursor") if request.args.get(name)}
    errors: dict = {}
    try:
        filters = load(NotificationQuerySchema(), raw)
        cursor = filters.pop("cursor", None)
        found = outbox.notification_page(db.session(), web_actor(), filters, PAGE_SIZE, cursor)
    except Invalid as error:
        errors = error.fields or {}
        found = outbox.notification_page(db.session(), web_actor(), {}, PAGE_SIZE)
    args = {name: value for name, value in raw.items() if name != "cursor" and name not in errors}
    return render_template("notifications/outbox.html", found=found, args=args, errors=errors,
                           statuses=list(NoticeStatus), kinds=list(NoticeKind)), 422 if errors else 200


@bp.get("/admin/notifications/<int:notification_id>")
@requires(Role.ADMIN)
def message(notification_id):
    """Show one message exactly as it is (or would be) sent: headers, plain text, a link to the HTML."""
    row = outbox.find_notification(db.session(), web_actor(), notification_id)
    return render_template("notifications/message.html", row=row)


@bp.get("/admin/notifications/<int:notification_id>/html")
@requires(Role.ADMIN)
def message_html(notification_id):
    """Show a message's HTML part as a mail program would (no scripts: the pages' own policy)."""
    row = outbox.find_notification(db.session(), web_actor(), notification_id)
    return Response(row.body_html, mimetype="text/html")


@bp.post("/admin/notifications/<int:notification_id>/retry")
@requires(Role.ADMIN)
def retry(notification_id):
    """Put a failed message back in the queue, due now."""
    outbox.retry(db.session(), web_actor(), notification_id)
    flash(gettext("Message %(id)s will be sent again.", id=notification_id))
    return redirect(request.referrer if request.referrer and request.referrer.startswith(request.host_url)
                    else url_for("notification_pages.index"))
