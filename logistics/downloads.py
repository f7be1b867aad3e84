"""HTTP helpers shared by the API and the pages: private file downloads and the upload limit."""
from __future__ import annotations

import tempfile
from collections.abc import Callable, Iterable
from typing import IO

from flask import Response, current_app

from logistics import db

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
    limit = current_app.config["MAX_CONTENT_LENGTH"] / (1024 * 1024)
    return (f"the file is larger than the upload limit of {limit:g} MB (LOGISTICS_MAX_UPLOAD_MB): "
            "split it, or import it on the server with `logistics import FILE`")
