"""`logistics manifest/grn/donation-certificate/packing-list/labels`: a shipment's documents as PDF."""
from __future__ import annotations

from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext

from logistics import db
from logistics.cli.common import fail
from logistics.document_language import DOCUMENT_LANGUAGES
from logistics.domain.access import SYSTEM
from logistics.errors import DomainError


def _document_command(name: str, kind: str, what: str, papers: tuple[str, ...] = ("a4", "letter")):
    @click.command(name, help=f"Write a shipment's {what} as PDF.")
    @click.argument("reference")
    @click.option("-o", "--output", type=click.Path(dir_okay=False, writable=True),
                  help="file to write (default: a name made from the reference); - for stdout")
    @click.option("--paper", type=click.Choice(list(papers)), default=papers[0], show_default=True,
                  help="labels: label (100 x 150 mm a page) or a4 (four to a sheet)" if kind == "labels"
                  else None)
    @click.option("--lang", type=click.Choice(DOCUMENT_LANGUAGES),
                  help="the document's language (default: the organisation's document language, else its "
                       "own language, else en)")
    @click.option("--bilingual/--no-bilingual", default=None,
                  help="English headings with the document language's under each (default: the "
                       "organisation's setting)")
    @with_appcontext
    def command(reference, output, paper, lang, bilingual):
        from logistics.services.documents import operator_from, render_document

        with db.new_session() as session:
            try:
                document = render_document(session, SYSTEM, reference, kind,
                                           operator_from(current_app.config), paper, lang, bilingual)
            except DomainError as error:
                fail(error)
        if output == "-":
            with click.open_file("-", "wb") as stdout:  # get_binary_stream is deprecated (Click 8.5)
                stdout.write(document.content)
            return
        path = Path(output or document.file_name)
        path.write_bytes(document.content)
        click.echo(f"{path} ({document.pages} page(s), revision {document.revision})", err=True)

    return command


manifest = _document_command("manifest", "manifest", "cargo manifest")
grn = _document_command("grn", "grn", "goods received note")
donation_certificate = _document_command("donation-certificate", "donation_certificate",
                                         "certificate of donation")
packing_list = _document_command("packing-list", "packing_list", "packing list")
labels = _document_command("labels", "labels", "shipping labels", ("label", "a4"))
