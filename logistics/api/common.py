"""Helpers the API views share: the blueprint class, versions from If-Match or the body, ETags, pages."""
from __future__ import annotations

import re

import flask_smorest
from flask import request
from webargs.flaskparser import FlaskParser, abort

from logistics import db
from logistics.errors import Invalid, PreconditionRequired
from logistics.services.pagination import page_of


class JsonParser(FlaskParser):
    """webargs' parser, answering a body that is not JSON with 422 like any other invalid input."""

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, exc=error, messages={"json": ["the body is not valid JSON"]})

    def _raw_load_json(self, req):
        """Load the body; a number too long for Python to read is invalid JSON here too."""
        try:
            return super()._raw_load_json(req)
        except ValueError as error:  # e.g. an integer of more than 4,300 digits
            self._handle_invalid_json_error(error, req)


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with the parser above."""

    ARGUMENTS_PARSER = JsonParser()


_ETAG = re.compile(r'^\s*(?:W/)?"?v?(\d{1,10})"?\s*$')


def expected_version(body: dict | None = None) -> int:
    """Return the version a write is based on: If-Match (an ETag) or "version" in the body."""
    header = request.headers.get("If-Match")
    body_version = (body or {}).pop("version", None)
    if header:
        match = _ETAG.match(header)
        if not match:
            raise Invalid("If-Match must be the shipment's ETag, e.g. \"3\"",
                          {"If-Match": ['expected the ETag of the shipment, e.g. "3"']})
        version = int(match.group(1))
        if body_version is not None and body_version != version:
            raise Invalid("If-Match and version disagree", {"version": ["differs from If-Match"]})
        return version
    if body_version is None:
        raise PreconditionRequired(
            "say which version this change is based on: an If-Match header with the shipment's "
            "ETag, or \"version\" in the body",
            {"version": ["required (or send If-Match)"]})
    return body_version


def etag(version: int) -> dict[str, str]:
    """Return the ETag header for a shipment version."""
    return {"ETag": f'"{version}"'}


def page(query, pagination_parameters) -> list:
    """Run the page of a select that flask-smorest's paginator asked for, and tell it the total.

    The paginator writes the X-Pagination header from the total; a page past the end is empty.
    """
    found = page_of(db.session(), query, pagination_parameters.page, pagination_parameters.page_size,
                    past_end="empty")
    pagination_parameters.item_count = found.total
    return list(found.items)
