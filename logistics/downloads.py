"""HTTP helpers shared by the API and the pages: private file downloads, uploads and their limits."""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from typing import IO
from urllib.parse import quote

from flask import Response, current_app, request
from werkzeug.exceptions import RequestEntityTooLarge

from logistics import db
from logistics.domain.attachments import MediaType, ascii_file_name
from logistics.domain.texts import E_
from logistics.errors import Invalid, TooLarge

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def headers(filename: str) -> dict:
    """Return the headers of a private download (never kept by a shared cache)."""
    return {"Content-Disposition": f'attachment; filename="{filename}"', "Cache-Control": "private, no-store"}


def csv_download(read: Callable[..., Iterable[str]], filename: str) -> Response:
    """Stream CSV chunks read through a session of their own (the request's is closed first).

    ``read`` runs now, so a refusal (403, bad filters) is answered before the body starts;
    the session is closed then, or once the last chunk is sent.
    """
    session = db.new_session()
    try:
        chunks = read(session)
    except BaseException:
        session.close()
        raise
    return Response(db.streamed(session, chunks), mimetype="text/csv", headers=headers(filename))


def xlsx_download(write: Callable[[IO[bytes]], None], filename: str) -> Response:
    """Write a workbook to a temporary file (on disk once large) and send it; the file is then closed."""
    # Not a with block: the file must outlive this function, and chunks() closes it when sent.
    spooled = tempfile.SpooledTemporaryFile(max_size=8 << 20)  # noqa: SIM115
    write(spooled)
    spooled.seek(0)

    def chunks():
        with spooled:
            while chunk := spooled.read(1 << 16):
                yield chunk

    response = Response(chunks(), mimetype=XLSX, headers=headers(filename))
    response.call_on_close(spooled.close)
    return response


def too_large_message() -> str:
    """Say what the upload limit is, and what to do about a bigger file."""
    if request.endpoint in ATTACHMENT_UPLOADS:
        return too_large_attachment_message()
    limit = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    return E_("the file is larger than the upload limit of %(limit)s MB (LOGISTICS_MAX_UPLOAD_MB): "
              "split it, or import it on the server with `logistics import FILE`", limit=format(limit, "g"))


# The views that take an attachment (POST): their body is limited to the attachment limit (plus
# room for the form's other fields) before anything reads it, the form's CSRF check included.
ATTACHMENT_UPLOADS = frozenset({"attachments.ShipmentAttachments", "attachment_pages.add"})
FORM_ALLOWANCE = 64 * 1024  # bytes of a multipart body besides the file: boundaries, headers, fields


def attachment_limit() -> int:
    """Return the largest attachment taken, in bytes (LOGISTICS_ATTACHMENT_MAX_MB)."""
    return int(current_app.config["ATTACHMENT_MAX_BYTES"])


def too_large_attachment_message() -> str:
    """Say what the attachment limit is and what to do about a bigger file."""
    return E_("the file is larger than %(limit)s MB, the limit for attachments "
              "(LOGISTICS_ATTACHMENT_MAX_MB): send a smaller photo or scan",
              limit=format(attachment_limit() / (1024 * 1024), "g"))


def limit_attachment_upload() -> None:
    """Refuse an attachment upload over the limit by its Content-Length, before its body is read.

    A body without a length (chunked) is cut off by the same limit while it is read.
    """
    if request.method != "POST" or request.endpoint not in ATTACHMENT_UPLOADS:
        return
    allowed = attachment_limit() + FORM_ALLOWANCE
    if request.content_length is not None and request.content_length > allowed:
        raise TooLarge(too_large_attachment_message())
    request.max_content_length = min(allowed, request.max_content_length or allowed)


def upload_fields() -> dict:
    """Return an upload form's filled-in fields (a field sent empty is not given: "no line")."""
    return {name: value for name, value in request.form.items() if value.strip()}


def uploaded_attachment() -> tuple[str, bytes]:
    """Return the name and bytes of the form's ``file``, read no further than the attachment limit."""
    limit = attachment_limit()
    try:
        upload = request.files.get("file")
    except RequestEntityTooLarge:
        raise TooLarge(too_large_attachment_message()) from None
    if upload is None or not upload.filename:
        raise Invalid(E_("send the file as multipart/form-data in a field named 'file'"),
                      {"file": [E_("missing: choose a photo (JPEG, PNG, WebP) or a PDF")]})
    data = upload.stream.read(limit + 1)
    if len(data) > limit:
        raise TooLarge(too_large_attachment_message())
    return upload.filename, data


def attachment_headers(file_name: str, media_type: MediaType) -> dict:
    """Return the headers of an attachment's bytes: a type we chose, a safe name, never sniffed.

    PDFs are downloaded (``attachment``), images shown (``inline``); the name is given twice, as
    plain ASCII and as RFC 6266's UTF-8 ``filename*``.
    """
    disposition = "attachment" if media_type is MediaType.PDF else "inline"
    return {
        "Content-Disposition": f'{disposition}; filename="{ascii_file_name(file_name)}"; '
                               f"filename*=UTF-8''{quote(file_name, safe='')}",
        "X-Content-Type-Options": "nosniff",
        "Cache-Control": "private, no-store",
    }
