"""The one mapping from errors to responses: every error handler of the app is registered here.

Domain exceptions, marshmallow's ValidationError, HTTP errors (through flask-smorest's Api), an
upload over the limit and an expired form token: JSON under /api/, an HTML page elsewhere.
Messages are said in the reader's language (``i18n.said``: the page's language, or the API
request's Accept-Language) before they are cut to size; an API error says which in Content-Language.
"""
from __future__ import annotations

import traceback

from flask import Flask, flash, jsonify, redirect, render_template, request, url_for
from flask_smorest import Api
from flask_wtf.csrf import CSRFError
from marshmallow import ValidationError
from sqlalchemy.exc import StatementError
from werkzeug.exceptions import HTTPException, RequestEntityTooLarge

from logistics import errors, library_messages  # noqa: F401 (library_messages: its shapes, for say)
from logistics.domain.languages import html_tag
from logistics.domain.texts import E_
from logistics.errors import MAX_MESSAGE, bounded, summarize
from logistics.i18n import current_language, said

STATUS = [
    (errors.Unauthenticated, 401),
    (errors.Forbidden, 403),
    (errors.NotFound, 404),
    (errors.PreconditionRequired, 428),
    (errors.Conflict, 409),
    (errors.Invalid, 422),
    (errors.TooLarge, 413),
    (errors.UnsupportedMediaType, 415),
]
_REASONS = {200: "OK", 400: "Bad Request", 401: "Unauthorized", 403: "Forbidden", 404: "Not Found",
            405: "Method Not Allowed", 409: "Conflict", 413: "Content Too Large",
            415: "Unsupported Media Type", 422: "Unprocessable Entity", 428: "Precondition Required",
            429: "Too Many Requests", 500: "Internal Server Error"}


def status_of(error: errors.DomainError) -> int:
    """Return the HTTP status for a domain error."""
    for cls, code in STATUS:
        if isinstance(error, cls):
            return code
    return 400


def payload(code: int, message: str, fields: dict | None = None) -> dict:
    """Return the JSON error body every endpoint uses (its messages said, then cut to a readable size).

    ``status`` is HTTP's reason phrase and stays English, like the field names: a client reads them.
    """
    body = {"code": code, "status": _REASONS.get(code, ""), "message": _short(said(message))}
    if fields:
        body["errors"] = bounded(fields, said)
    return body


def invalid_input(fields) -> str:
    """Return "invalid input: " and the (already said) messages per field in one line, said too."""
    return said(E_("invalid input: %(problems)s", problems=_safe_summary(fields)))


def _short(message: str, limit: int = 2 * MAX_MESSAGE) -> str:
    """Return a message cut to ``limit`` characters (it may echo what was sent)."""
    return message if len(message) <= limit else f"{message[:limit]}… (cut)"


class JsonApi(Api):
    """flask-smorest's Api with errors that always carry a readable message (and keep Allow on 405)."""

    def handle_http_exception(self, error: HTTPException):
        """Return HTTP errors as JSON with a message (pages get an HTML page instead)."""
        if wants_html():
            return error_page(error.code or 500, error.description or error.name)
        body, code, headers = super().handle_http_exception(error)
        body.setdefault("status", error.name)
        if "errors" in body:
            body["errors"] = fields = bounded(body["errors"], said)
            if "message" not in body:
                inner = fields.get("json") or fields.get("query") or fields
                body["message"] = _short(invalid_input(inner))
        body["message"] = _short(said(body.get("message") or error.description or error.name))
        allow = error.get_response().headers.get("Allow")
        if allow:
            headers = {**(headers or {}), "Allow": allow}
        return body, code, headers


def _safe_summary(fields) -> str:
    if isinstance(fields, list):
        return "; ".join(str(message) for message in fields)
    try:
        return summarize(fields) if isinstance(fields, dict) else str(fields)
    except (StopIteration, IndexError, TypeError):
        return "see errors"


def wants_html() -> bool:
    """Say whether this request is for a page (anything outside the JSON API)."""
    return not request.path.startswith("/api/")


def error_page(code: int, message: str, fields: dict | None = None):
    """Return an HTML error page; a 401 on a page becomes a sign-in redirect in the web layer."""
    return render_template("error.html", code=code, reason=_REASONS.get(code, "Error"),
                           message=_short(said(message)), fields=bounded(fields or {}, said)), code


def log_server_error(app: Flask, exc_info) -> None:
    """Log an unexpected error (a 500) without the request's values.

    The route's pattern stands for its path (``/track/<token>``, not the token itself); a
    database error keeps its SQL and error class but not the database's own message, which
    can quote the values (PostgreSQL's "Key (email)=(…) already exists"); the engines never
    print bound parameters (db.make_engine).
    """
    _type, error, tb = exc_info
    rule = request.url_rule.rule if request.url_rule is not None else "(no route)"
    where = f"Exception on {rule} [{request.method}]"
    if isinstance(error, StatementError):
        cause = error.orig
        code = getattr(cause, "sqlstate", None) or getattr(cause, "sqlite_errorname", None)
        statement = " ".join(str(error.statement or "").split())[:2000]
        stack = "".join(traceback.format_tb(tb))
        app.logger.error("%s\nTraceback (most recent call last):\n%s%s (%s, %s; the database's message "
                         "is not logged, it may quote values)\n[SQL: %s]", where, stack,
                         type(error).__name__, type(cause).__name__, code or "no code", statement)
        return
    app.logger.error(where, exc_info=exc_info)


def init_app(app: Flask) -> None:
    """Register the app's error handlers (flask-smorest's Api registers the one for HTTP errors)."""

    @app.errorhandler(errors.DomainError)
    def _domain_error(error: errors.DomainError):
        code = status_of(error)
        if wants_html():
            return error_page(code, error.message, error.fields)
        headers = {"WWW-Authenticate": 'Bearer realm="logistics"'} if code == 401 else {}
        return payload(code, error.message, error.fields), code, headers

    @app.errorhandler(ValidationError)
    def _validation_error(error: ValidationError):
        fields = bounded(error.messages if isinstance(error.messages, dict) else {"_schema": error.messages},
                         said)
        return payload(422, invalid_input(fields), fields), 422

    @app.errorhandler(RequestEntityTooLarge)
    def _too_large(_error: RequestEntityTooLarge):
        """Say what the upload limit is, on a page or in JSON (raised by the form parser, before any view)."""
        from logistics.downloads import too_large_message

        if wants_html():
            return error_page(413, too_large_message())
        return jsonify(payload(413, too_large_message())), 413

    @app.errorhandler(CSRFError)
    def _expired_form(_error: CSRFError):
        """Send a form whose session has ended to sign-in (and back); otherwise explain."""
        from logistics.web import session

        if session.current_user() is None and request.endpoint != "auth.login":
            flash(said(E_("Your session has ended: sign in again, then repeat what you were doing.")))
            return redirect(url_for("auth.login", next=session.referrer_path()))
        return error_page(400, E_("This form's security (CSRF) token is missing or has expired, or the "
                                  "form was not sent from this site: reload the page and try again."))

    @app.after_request
    def _content_language(response):
        """Say which language an API error's messages are in (the JSON's names and codes are English)."""
        if response.status_code >= 400 and not wants_html():
            response.headers["Content-Language"] = html_tag(current_language())
        return response
