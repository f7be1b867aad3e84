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

from collections.abc import Mapping
from typing import IO

from sqlmodel import Session

from logistics.domain.access import Actor
from logistics.domain.transfer import DEFAULT_LIMITS, ImportLimits, ImportReport
from logistics.schemas.import_rows import check_shipment
from logistics.services.imports import Progress, import_shipments


def import_file(session: Session, actor: Actor, stream: IO[bytes], filename: str | None = None, *,
                dry_run: bool = False, progress: Progress | None = None,
                limits: ImportLimits = DEFAULT_LIMITS, company_prefix: str | None = None) -> ImportReport:
    """Import shipments with their lines (and a workbook's packages) from CSV or XLSX, all or nothing."""
    return import_shipments(session, actor, stream, filename, check=check_shipment, dry_run=dry_run,
                            progress=progress, limits=limits, company_prefix=company_prefix)


def import_limits(config: Mapping) -> ImportLimits:
    """Return the import limits an app's settings give (``IMPORT_MAX_*``; the defaults where unset)."""
    default = ImportLimits()
    megabytes = config.get("IMPORT_MAX_XLSX_MB")
    return ImportLimits(
        max_rows=int(config.get("IMPORT_MAX_ROWS", default.max_rows)),
        max_cell_chars=int(config.get("IMPORT_MAX_CELL_CHARS", default.max_cell_chars)),
        max_xlsx_bytes=default.max_xlsx_bytes if megabytes is None else int(float(megabytes) * (1 << 20)),
        max_shared_strings=int(config.get("IMPORT_MAX_SHARED_STRINGS", default.max_shared_strings)),
        max_refusals=int(config.get("IMPORT_MAX_REFUSALS", default.max_refusals)))
