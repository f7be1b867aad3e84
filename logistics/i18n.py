"""Languages: which one a request is served in, and the translation domains the code imports.

Catalogs live in ``logistics/translations/<lang>/LC_MESSAGES/<domain>.po`` (compiled to .mo at
install). Each domain has its own extraction config, ``logistics/translations/<domain>.cfg``,
listing the files that speak it, so that each catalog has one owner:

- ``messages``: pages, flashes and form errors (the default: ``_``/``gettext`` and ``{% trans %}``);
- ``documents``: PDFs; ``notifications``: e-mails; ``units``: unit and pack names;
- ``errors``: what the domain, services and schemas refuse, marked ``E_(...)`` where it is made
  (logistics/domain/texts.py) and said in the reader's language where it is shown.

A module speaking another domain than ``messages`` imports it from here and calls its methods,
e.g. ``documents.gettext("Manifest")``; render in someone else's language (the consignee's, an
e-mail's recipient's) inside ``with force_locale(code):``.
"""
from __future__ import annotations

from flask import Flask, g, has_request_context, request
from flask_babel import Babel, Domain, force_locale, get_locale

from logistics.document_language import Wording
from logistics.domain.languages import DEFAULT_LANGUAGE, LANGUAGES, NATIVE_NAMES, html_tag
from logistics.domain.texts import Figure, say

__all__ = ["DOMAINS", "LANGUAGES", "LANGUAGE_COOKIE", "current_language", "documents", "domain", "errors",
           "force_locale", "init_app", "notifications", "said", "units"]

DOMAINS: tuple[str, ...] = ("messages", "documents", "notifications", "units", "errors")
LANGUAGE_COOKIE = "lang"  # a visitor's choice before signing in (and on the public tracking page)

_domains: dict[str, Domain] = {}


def domain(name: str) -> Domain:
    """Return the translation domain ``name`` (one of DOMAINS), the same object every time."""
    if name not in DOMAINS:
        raise ValueError(f"unknown translation domain {name!r}; "
                         f"add it to DOMAINS and logistics/translations/{name}.cfg")
    if name not in _domains:
        _domains[name] = Domain(domain=name)
    return _domains[name]


documents = domain("documents")
notifications = domain("notifications")
units = domain("units")
errors = domain("errors")


def said(value):
    """Return an error's message (or its messages per field) in this request's language.

    Texts (``E_``) are said with their values, plain library messages by their text or shape
    (logistics/domain/texts.py); say it before cutting or joining it. Numbers in them (figures)
    are written as the language writes them: "2.400" in Croatian, "2 400" in Czech.
    """
    return say(value, errors, written)


def written(figure: Figure) -> str:
    """Return a message's number (and its unit) as this request's language writes numbers on documents.

    English keeps the message's own form, byte for byte; the unit stays the API's symbol, as the
    message's other words name it.
    """
    language = current_language()
    if language == DEFAULT_LANGUAGE:
        return figure
    number = Wording(language).number(figure.value)
    return f"{number} {figure.unit}" if figure.unit else number


def select_language() -> str:
    """Choose the request's language: the user's own, their organisation's, the browser's, else English.

    A visitor who is not signed in (sign-in page, public tracking page) may have chosen one
    with the switcher (a cookie): it comes before the browser's Accept-Language.
    The JSON API (``/api/``) reads only its request's Accept-Language, else English: a client's
    answers do not change with a setting someone stores, and choosing costs no database read.
    """
    from logistics.web.session import current_user

    if not has_request_context():
        return DEFAULT_LANGUAGE  # a CLI command or the worker: English unless force_locale says otherwise
    if is_api_request():
        return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE
    user = current_user()
    if user is not None:
        if user.language is not None and user.language in LANGUAGES:
            return user.language
        organisation_language = _organisation_language(user.organization_id)
        if organisation_language:
            return organisation_language
    else:
        chosen = request.cookies.get(LANGUAGE_COOKIE)
        if chosen is not None and chosen in LANGUAGES:
            return chosen
    return request.accept_languages.best_match(LANGUAGES) or DEFAULT_LANGUAGE


def is_api_request() -> bool:
    """Say whether this request is for the JSON API (its path starts with /api/)."""
    return request.path.startswith("/api/")


def _organisation_language(organization_id: int | None) -> str | None:
    """Return an organisation's default language (once per request), or None."""
    if organization_id is None:
        return None
    if "org_language" not in g:
        from logistics import db
        from logistics.models import Organization

        organisation = db.session().get(Organization, organization_id)
        language = organisation.language if organisation is not None else None
        g.org_language = language if language in LANGUAGES else None
    return g.org_language


def current_language() -> str:
    """Return the code of the language this request (or a force_locale block) is in."""
    locale = get_locale()
    return locale.language if locale is not None else DEFAULT_LANGUAGE


def init_app(app: Flask) -> None:
    """Install Flask-Babel with our locale selector; give templates the language and the choices."""
    app.config.setdefault("BABEL_DEFAULT_LOCALE", DEFAULT_LANGUAGE)
    app.config.setdefault("BABEL_DEFAULT_TIMEZONE", "UTC")
    Babel(app, locale_selector=select_language)

    @app.context_processor
    def _languages():
        code = current_language()
        return {"language": code, "html_lang": html_tag(code),
                "languages": [(c, NATIVE_NAMES[c]) for c in LANGUAGES]}
