"""Helpers the API views share: the blueprint class, versions from If-Match or the body, ETags, pages."""
from __future__ import annotations

import json
import re
from copy import deepcopy
from functools import wraps

import flask_smorest
from flask import request
from marshmallow import Schema, ValidationError, fields, missing
from webargs.flaskparser import FlaskParser, abort, is_json_request

from logistics import db
from logistics.domain.texts import E_
from logistics.entry import json_body
from logistics.errors import Invalid, PreconditionRequired, UnsupportedMediaType
from logistics.schemas.fields import repeated_once
from logistics.services.pagination import Cursor, KeysetPage, Page, page_of


class JsonParser(FlaskParser):
    """webargs' parser, reading bodies through the entry checks (size, depth, text) of entry.py.

    A body sent as another media type than JSON is refused with 415; one that is not JSON, or not
    JSON this API accepts, with 422 like any other invalid input; one over the JSON limit with 413.
    """

    def _handle_invalid_json_error(self, error, req, *args, **kwargs):
        abort(422, exc=error, messages={"json": [E_("the body is not valid JSON")]})

    def load_querystring(self, req, schema):
        """Read the query; a parameter that takes one value, sent more than once, is refused naming it.

        webargs reads such a parameter's first value alone, so ``period=month&period=year`` went
        by month without a word. Parameters that take several (``status``, ``group_by``) read them all.
        """
        repeated = repeated_once(req.args, schema)
        if repeated:
            raise ValidationError(repeated)
        return super().load_querystring(req, schema)

    def _raw_load_json(self, req):
        """Load the body; no body is missing, one of another media type is refused.

        webargs reads a body that is not JSON as missing, so a PATCH sent as text/plain answered
        200 having changed nothing, and a POST named every field it had been sent as missing.
        """
        if not is_json_request(req):
            if req.content_length or req.headers.get("Transfer-Encoding"):
                message = E_("send the body as JSON, with Content-Type: application/json (it came as "
                             "%(type)s)", type=(req.mimetype or "no type")[:60])
                raise UnsupportedMediaType(message, {"json": [message]})
            return missing
        return json_body()


class PaginationHeaderSchema(Schema):
    """The X-Pagination header's JSON: the total always; pages where there are any; page when in range.

    Lists paged by cursor (shipments) also send the cursors of the pages either side; on their first
    page the page numbers too, for clients that count pages.
    """

    total = fields.Integer(required=True, metadata={
        "description": "items in the whole list (an estimate when total_estimated is true)"})
    total_estimated = fields.Boolean(metadata={
        "description": "present (true) when the total is an estimate: long lists are counted exactly "
                       "only up to 1,000 items"})
    page_size = fields.Integer()
    next_cursor = fields.String(metadata={"description": "send as cursor for the next (older) items; "
                                                         "absent on the last page"})
    previous_cursor = fields.String(metadata={"description": "send as cursor for the previous (newer) "
                                                             "items; absent on the first page"})
    last_cursor = fields.String(metadata={"description": "send as cursor for the oldest items"})
    total_pages = fields.Integer(required=True)
    first_page = fields.Integer(metadata={"description": "absent when the list is empty"})
    last_page = fields.Integer(metadata={"description": "absent when the list is empty"})
    page = fields.Integer(metadata={"description": "absent past the last page"})
    previous_page = fields.Integer()
    next_page = fields.Integer()


PAGINATION_HEADER = "PaginationHeader"

# The version a write is based on: If-Match here, or "version" in the body (or the query of a DELETE).
IF_MATCH = {
    "name": "If-Match", "in": "header", "required": False,
    "description": 'the shipment\'s ETag, e.g. "3" (or send "version"); a stale one gets 409',
    "schema": {"type": "string", "pattern": r'^\s*(?:W/)?"?v?(\d{1,10})"?\s*$', "example": '"3"'},
}
PRECONDITION_REQUIRED = {
    "description": "Precondition Required: the write named no version (If-Match or version)",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}
UNSUPPORTED_MEDIA_TYPE = {
    "description": "Unsupported Media Type: the body was sent as another type than application/json",
    "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Error"}}},
}


def file_response(description: str, *media_types: str) -> dict:
    """Document a 200 that answers with a file: a text type (CSV) as a string, any other as binary."""
    return {"200": {"description": description, "content": {
        media_type: {"schema": {"type": "string"} if media_type.startswith("text/")
                     else {"type": "string", "format": "binary"}}
        for media_type in media_types}}}


class Blueprint(flask_smorest.Blueprint):
    """flask-smorest's Blueprint with the parser above, and the documentation of versions and pages."""

    ARGUMENTS_PARSER = JsonParser()
    PAGINATION_ARGUMENTS_PARSER = JsonParser()  # page=1&page=2 is refused too

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._prepare_doc_cbks.append(self._prepare_version_doc)
        self._prepare_doc_cbks.append(self._prepare_media_type_doc)

    @staticmethod
    def needs_version(func):
        """Document a write based on a shipment version: the If-Match header and the 428 answer."""
        func._apidoc = deepcopy(getattr(func, "_apidoc", {}))
        func._apidoc["needs_version"] = True
        return func

    @staticmethod
    def _prepare_version_doc(doc, doc_info, **kwargs):
        if doc_info.get("needs_version"):
            doc.setdefault("parameters", []).append(IF_MATCH)
            doc.setdefault("responses", {})["428"] = PRECONDITION_REQUIRED
        return doc

    @staticmethod
    def _prepare_media_type_doc(doc, doc_info, **kwargs):
        """Document the 415 of an operation that reads a JSON body (``JsonParser._raw_load_json``)."""
        if "application/json" in doc.get("requestBody", {}).get("content", {}):
            doc.setdefault("responses", {})["415"] = UNSUPPORTED_MEDIA_TYPE
        return doc

    def _set_pagination_metadata(self, page_params, result, headers):
        """Send the metadata a view built (``list_page``), or flask-smorest's numbered pages'."""
        metadata = getattr(page_params, "metadata", None)
        if metadata is None:
            return super()._set_pagination_metadata(page_params, result, headers)
        headers = headers or {}
        headers[self.PAGINATION_HEADER_NAME] = json.dumps(metadata)
        return result, headers

    def _document_pagination_metadata(self, spec, resp_doc):
        """Document X-Pagination as what is sent: a JSON object in the header's text (always sent)."""
        if PAGINATION_HEADER not in spec.components.schemas:
            spec.components.schema(PAGINATION_HEADER, schema=PaginationHeaderSchema)
        resp_doc.setdefault("headers", {})[self.PAGINATION_HEADER_NAME] = {
            "description": "the list's pagination, as JSON", "required": True,
            "content": {"application/json": {"schema": {
                "$ref": f"#/components/schemas/{PAGINATION_HEADER}"}}},
        }


_ETAG = re.compile(r'^\s*(?:W/)?"?v?([0-9]{1,10})"?\s*$')  # ASCII digits: int() would read "٣" as 3


def expected_version(body_version: int | None = None) -> int:
    """Return the version a write is based on: If-Match (an ETag) or the body's "version"."""
    header = request.headers.get("If-Match")
    if header:
        match = _ETAG.match(header)
        if not match:
            raise Invalid(E_("If-Match must be the shipment's ETag, e.g. \"3\""),
                          {"If-Match": [E_('expected the ETag of the shipment, e.g. "3"')]})
        version = int(match.group(1))
        if body_version is not None and body_version != version:
            raise Invalid(E_("If-Match and version disagree"), {"version": [E_("differs from If-Match")]})
        return version
    if body_version is None:
        raise PreconditionRequired(
            E_("say which version this change is based on: an If-Match header with the shipment's "
               "ETag, or \"version\" in the body"),
            {"version": [E_("required (or send If-Match)")]})
    return body_version


def reads_without_transaction(view):
    """Run a view's reads (the token check first) without a transaction: see ``db.plain_reads``.

    For views that read one shipment in one statement and write, if at all, in a unit of work:
    it spares PostgreSQL's BEGIN and ROLLBACK round trips and SQLite's BEGIN.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        db.read_without_transaction()
        return view(*args, **kwargs)

    return wrapper


def read_only(view):
    """Run a view that only reads (the token check first) on a plain connection: see ``db.read_only``.

    For views that read a few rows by key as Core rows: no ORM session is made for them, and
    their reads run without a transaction, as ``reads_without_transaction``'s do.
    """

    @wraps(view)
    def wrapper(*args, **kwargs):
        db.read_only()
        return view(*args, **kwargs)

    return wrapper


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


def requested_page(pagination_parameters) -> int | None:
    """Return the page number a client asked for (numbered pages), or None when it sent no ``page``."""
    if "page" not in request.args:
        return None
    if "cursor" in request.args:
        raise Invalid(E_("send either cursor or page, not both"),
                      {"page": [E_("leave out page when following a cursor")]})
    return pagination_parameters.page


def list_page(found: KeysetPage | Page, pagination_parameters) -> list:
    """Hand a service's page to flask-smorest's paginator: its rows, and the X-Pagination it sends."""
    pagination_parameters.item_count = found.total if isinstance(found, Page) else found.total.count
    if isinstance(found, Page):
        metadata = Blueprint._make_pagination_metadata(found.number, found.size, found.total)
        if found.estimated:
            metadata["total_estimated"] = True
        pagination_parameters.metadata = metadata
        return list(found.items)
    total = found.total
    metadata = {"total": total.count, "page_size": found.size, "last_cursor": Cursor("last").encode()}
    if total.estimated:
        metadata["total_estimated"] = True
    if found.next:
        metadata["next_cursor"] = found.next.encode()
    if found.previous:
        metadata["previous_cursor"] = found.previous.encode()
    else:  # the newest page is page 1 of the numbered pages too
        metadata.update(Blueprint._make_pagination_metadata(1, found.size, total.count))
    pagination_parameters.metadata = metadata
    return list(found.items)
