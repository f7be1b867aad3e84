"""The language switcher every page shows: a signed-in user's setting, or a visitor's cookie."""
from __future__ import annotations

from flask import Blueprint, current_app, redirect, request, url_for
from flask_babel import gettext as _

from logistics import db
from logistics.domain.languages import LANGUAGES, check_language
from logistics.errors import Invalid
from logistics.i18n import LANGUAGE_COOKIE
from logistics.services.users import set_language
from logistics.web.session import current_user, referrer_path, safe_next, web_actor

bp = Blueprint("language", __name__)
COOKIE_DAYS = 365
AUTO = "auto"  # the switcher's "Automatic": no stored choice


@bp.post("/settings/language")
def choose():
    """Switch the pages' language: stored on the signed-in user, else in a cookie; then go back.

    "auto" forgets the choice: the organisation's default, then the browser's language, apply again.
    """
    raw = request.form.get("language", "")[:10]
    try:
        language = None if raw == AUTO else check_language(raw)
        if language is None and raw != AUTO:
            raise ValueError(raw)
    except ValueError:
        choices = ", ".join((*LANGUAGES, AUTO))
        raise Invalid(_("the language was not changed"),
                      {"language": [_("choose one of %(codes)s", codes=choices)]}) from None
    if current_user() is not None:
        set_language(db.session(), web_actor(), language)
    back = safe_next(request.form.get("next")) or referrer_path() or url_for("auth.home")
    response = redirect(back)
    if language is None:
        response.delete_cookie(LANGUAGE_COOKIE, httponly=True, samesite="Lax")
        return response
    # Kept after signing out too, so the sign-in page stays in the language one reads.
    response.set_cookie(LANGUAGE_COOKIE, language, max_age=COOKIE_DAYS * 24 * 3600, httponly=True,
                        samesite="Lax", secure=bool(current_app.config.get("SESSION_COOKIE_SECURE")))
    return response
