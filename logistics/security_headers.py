"""The security headers every response carries (pages, API, files, errors, static), set in one place.

The pages load only the app's own stylesheet and script (templates/static/), hold no inline
script, event handler or style attribute, and draw charts as inline SVG with presentation
attributes, so the policy allows our own origin and nothing else: no 'unsafe-inline' at all.
"""
from __future__ import annotations

from flask import Flask, Response, current_app

CONTENT_SECURITY_POLICY = "; ".join([
    "default-src 'none'",    # anything not named below (frames, objects, media, fetches) is refused
    "script-src 'self'",     # templates/static/app.js only: no inline script, no on*= handler
    "style-src 'self'",      # templates/static/app.css only: no <style>, no style attribute
    "img-src 'self'",
    "form-action 'self'",    # a form (or the redirect after it) never posts to another site
    "frame-ancestors 'none'",  # nobody may frame a page (clickjacking); X-Frame-Options for old browsers
    "base-uri 'none'",
])
# same-origin: our own forms still send a Referer (Flask-WTF checks it over HTTPS), other sites
# never see a page's URL. The tracking page sends none at all (no-referrer, set by its view).
REFERRER_POLICY = "same-origin"
HSTS = "max-age=31536000"  # a year, once the service is public over HTTPS


def init_app(app: Flask) -> None:
    """Add the security headers to every response the app sends."""
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    """Set the security headers; a view's own Referrer-Policy or Cache-Control is kept.

    Nothing but the static files is cacheable: pages, JSON and downloads are private to the
    signed-in user (or carry a secret token), so a response is sent with no-store unless its
    view chose (downloads say "private, no-store"); a static file keeps Flask's "no-cache" with
    its ETag (kept, revalidated).

    The headers are fixed texts, so they are looked up in one pass over the response's headers
    and added together, rather than each searched for and set on its own (every response pays this).
    """
    headers = response.headers
    present = {key.lower() for key, _ in headers}
    https = current_app.config["PUBLIC_URL"].startswith("https://")
    for key, lowered, value, replace in _HTTPS_HEADERS if https else _HEADERS:
        if lowered not in present:
            headers.add(key, value)
        elif replace:
            headers[key] = value
    return response


# (name, value, whether it replaces a value the view set): every response gets each of them.
_SET = (
    ("X-Content-Type-Options", "nosniff", True),
    ("Content-Security-Policy", CONTENT_SECURITY_POLICY, True),
    ("X-Frame-Options", "DENY", True),
    ("Referrer-Policy", REFERRER_POLICY, False),
    ("Cache-Control", "no-store", False),
)
_HEADERS = tuple((key, key.lower(), value, replace) for key, value, replace in _SET)
_HTTPS_HEADERS = (*_HEADERS, ("Strict-Transport-Security", "strict-transport-security", HSTS, True))
