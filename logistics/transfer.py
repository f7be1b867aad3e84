"""Importing a spreadsheet of shipments: the one entry point for the command line, the API and the pages.

An import runs in four stages, each in the layer whose rules it applies:

  read   logistics.domain.import_rows    headings -> columns, rows -> raw shipments (no rules of the API)
  check  logistics.schemas.import_rows   raw shipment -> typed ImportShipment, by the API's own fields
  plan   logistics.domain.import_plan    typed shipments + what is stored -> what to write (no writes)
  apply  logistics.services.imports      the plan written in bulk, in the import's one transaction

The use case (``services.imports.import_shipments``) runs them and owns the transaction, but
a service imports no schemas, so it takes the check as an argument. This module may import
both, and binds them: callers at the edges call ``import_file`` and never choose a check.
"""
from __future__ import annotations

from typing import IO

from sqlmodel import Session

from logistics.domain.access import Actor
from logistics.domain.transfer import ImportReport
from logistics.schemas.import_rows import check_shipment
from logistics.services.imports import Progress, import_shipments


def import_file(session: Session, actor: Actor, stream: IO[bytes], filename: str | None = None, *,
                dry_run: bool = False, progress: Progress | None = None) -> ImportReport:
    """Import shipments with their lines from a CSV or XLSX stream, all or nothing (staff only)."""
    return import_shipments(session, actor, stream, filename, check=check_shipment, dry_run=dry_run,
                            progress=progress)
