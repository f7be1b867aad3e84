"""Sign in, sign out (here or everywhere) and change one's password."""
from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext

from logistics import db
from logistics.domain.access import ALL_ROLES
from logistics.domain.roles import Role
from logistics.errors import Invalid, Unauthenticated
from logistics.services.auth import Throttled, change_password, sign_in
from logistics.services.sessions import sign_out_everywhere
from logistics.web.forms import flatten
from logistics.web.session import (
    client_address,
    current_user,
    log_in,
    log_out,
    requires,
    safe_next,
    web_actor,
)

bp = Blueprint("auth", __name__)


def home_for(role: str) -> str:
    """Return where a user lands after signing in."""
    return url_for("dashboard.index") if role in (Role.MANAGER, Role.ADMIN) else url_for("pages.shipments")


@bp.get("/")
def home():
    """Send visitors to sign in, and users to their start page."""
    user = current_user()
    return redirect(home_for(user.role) if user else url_for("auth.login"))


@bp.route("/login", methods=["GET", "POST"])
def login():
    """Show the sign-in form and sign a user in."""
    email = request.form.get("email", "")
    if request.method == "POST":
        try:
            user = sign_in(db.session(), email, request.form.get("password", ""), client_address())
        except Throttled as error:
            return render_template("auth/login.html", email=email, error=error.message), 429
        except Unauthenticated as error:
            return render_template("auth/login.html", email=email, error=error.message), 401
        log_in(user)
        return redirect(safe_next(request.args.get("next")) or home_for(user.role))
    return render_template("auth/login.html", email=email, error=None)


@bp.post("/logout")
def logout():
    """Sign out."""
    log_out()
    flash(_("You are signed out."))
    return redirect(url_for("auth.login"))


@bp.post("/logout/everywhere")
@requires(*ALL_ROLES)
def logout_everywhere():
    """Sign out on every device: end all of one's sessions, this one too."""
    user_id = web_actor().user_id
    assert user_id is not None  # a signed-in user
    ended = sign_out_everywhere(db.session(), user_id)
    log_out()
    flash(ngettext("You are signed out everywhere (%(num)d session ended).",
                   "You are signed out everywhere (%(num)d sessions ended).", ended))
    return redirect(url_for("auth.login"))


@bp.route("/password", methods=["GET", "POST"])
@requires(*ALL_ROLES)
def password():
    """Change one's own password."""
    if request.method == "POST":
        try:
            user = change_password(db.session(), web_actor(), request.form.get("current", ""),
                                   request.form.get("new", ""), request.form.get("repeat", ""))
        except Invalid as error:
            return render_template("auth/password.html", errors=flatten(error.fields)), 422
        log_in(user)
        flash(_("Your password is changed."))
        return redirect(home_for(user.role))
    return render_template("auth/password.html", errors={})
