"""`logistics packages add/list/mark`: pack a shipment, list its packages, mark them at receipt."""
from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from flask import current_app
from flask.cli import with_appcontext
from marshmallow import ValidationError

from logistics import db
from logistics.cli.common import actor_for, fail
from logistics.errors import DomainError, Invalid
from logistics.units import format_grouped


@click.group("packages")
def packages_group():
    """Pack shipments into pallets, cartons and the like, and list their packages."""


def _body(spec: str | None, options: dict) -> dict:
    """Return the bulk request: the JSON given (text, @file or - for stdin), or one built from the options."""
    if spec is not None:
        if any(options[name] for name in ("type", "gross_mass", "dimensions", "content", "parent")):
            raise click.UsageError("give either --json or the options --type, --count, ..., not both")
        text = sys.stdin.read() if spec == "-" else \
            Path(spec[1:]).read_text(encoding="utf-8") if spec.startswith("@") else spec
        try:
            return json.loads(text)
        except ValueError as error:
            raise click.UsageError(f"--json is not JSON: {error}") from None
    if not options["type"]:
        raise click.UsageError("say what to pack: --type pallet (and --count, --content ...) or --json")
    body: dict = {"type": options["type"], "count": options["count"]}
    if options["gross_mass"]:
        body["gross_mass"] = options["gross_mass"]
    if options["dimensions"]:
        try:
            body["dimensions_mm"] = [int(part) for part in options["dimensions"].lower().split("x")]
        except ValueError:
            raise click.UsageError("--dimensions is length x width x height in mm, e.g. 1200x800x1500") \
                from None
    if options["parent"]:
        body["parent"] = options["parent"]
    contents = []
    for content in options["content"]:
        line_no, _, quantity = content.partition(":")
        if not line_no.strip().isdigit() or not quantity.strip():
            raise click.UsageError(f"--content is LINE:QUANTITY, e.g. 1:4 box (got {content[:40]!r})")
        contents.append({"line_no": int(line_no), "quantity": quantity.strip()})
    body["contents"] = contents
    return body


@packages_group.command("add")
@click.argument("reference")
@click.option("--json", "spec", metavar="JSON|@FILE|-", help="the bulk request as the API takes it")
@click.option("--type", "type_", help="package type: pallet, carton, box, crate, drum, bag, ...")
@click.option("--count", default=1, show_default=True, type=click.IntRange(1, 10_000))
@click.option("--gross-mass", help='of each package, as weighed, e.g. "310 kg"')
@click.option("--dimensions", help="of each package, LxWxH in mm, e.g. 1200x800x1500")
@click.option("--content", multiple=True, metavar="LINE:QUANTITY",
              help='in each package, e.g. "1:4 box" (repeat)')
@click.option("--parent", help="put the new packages into this package (number or SSCC)")
@click.option("--as", "as_email", metavar="EMAIL", help="the staff user to record as the packer")
@with_appcontext
def packages_add(reference, spec, type_, count, gross_mass, dimensions, content, parent, as_email):
    """Create packages on a shipment, all or nothing; print their numbers.

    Simple cases take options (--type carton --count 40 --content "1:4 box"); pallets of
    cartons take the API's JSON (--json @pallets.json), e.g. {"type": "pallet", "count": 14,
    "children": [{"type": "carton", "count": 40, "contents": [{"line_no": 1, "quantity": "4 box"}]}]}.
    """
    from logistics.schemas.packages import AddPackagesInSchema
    from logistics.services import packages

    body = _body(spec, {"type": type_, "count": count, "gross_mass": gross_mass, "dimensions": dimensions,
                        "content": content, "parent": parent})
    try:
        command = AddPackagesInSchema().load(body)
    except ValidationError as error:
        fail(Invalid("the packages were not created", error.normalized_messages()))
    with db.new_session() as session:
        try:
            numbers = packages.add_packages(session, actor_for(session, as_email), reference, command,
                                            current_app.config.get("GS1_COMPANY_PREFIX"))
        except DomainError as error:
            fail(error)
    for number in numbers:
        click.echo(number)
    click.echo(f"{len(numbers):,} package(s) created on {reference.upper()}", err=True)


@packages_group.command("list")
@click.argument("reference")
@with_appcontext
def packages_list(reference):
    """List a shipment's packages with their contents, then counts by type and what is not packed."""
    from logistics.domain.access import SYSTEM
    from logistics.services.package_reads import shipment_packages

    with db.new_session() as session:
        try:
            view = shipment_packages(session, SYSTEM, reference)
        except DomainError as error:
            fail(error)
    for package in view.packages:
        indent = "  " * (package.level - 1)
        weighed = package.gross_mass
        mass = f"{format_grouped(weighed.value)} {weighed.unit}" if weighed else "-"
        size = "x".join(str(side) for side in package.dimensions_mm) + " mm" if package.dimensions_mm else "-"
        held = ", ".join(f"line {c.line_no} {c.sku} {c.quantity}" for c in package.contents) or "-"
        found = f"\t{package.receipt.text}" if package.receipt else ""
        click.echo(f"{indent}{package.number}\t{package.type}\t{mass}\t{size}\t{held}{found}")
    for total in view.by_type:
        click.echo(f"{total.type}: {total.count:,} ({format_grouped(total.gross_mass_kg)} kg weighed)")
    click.echo(f"total: {view.totals.count:,} package(s), {view.totals.outer:,} outer, "
               f"{format_grouped(view.totals.gross_mass_kg)} kg, {format_grouped(view.totals.volume_m3)} m³")
    for line in view.unpacked:
        click.echo(f"unpacked: line {line.line_no} {line.sku} {format_grouped(line.unpacked.value)} "
                   f"{line.unpacked.unit} of {format_grouped(line.quantity.value)}")


@packages_group.command("mark")
@click.argument("reference")
@click.argument("numbers", nargs=-1, required=True)
@click.option("--state", required=True, type=click.Choice(["arrived", "missing", "damaged"]))
@click.option("--reason", type=click.Choice(["short", "damaged", "wrong_item", "expired", "other"]),
              help="default: short for missing, damaged for damaged")
@click.option("--note", help="what is damaged, what happened (required for damaged)")
@click.option("--as", "as_email", metavar="EMAIL", help="the user to record as the receiver")
@with_appcontext
def packages_mark(reference, numbers, state, reason, note, as_email):
    """Mark packages (numbers or SSCCs) of a delivered shipment arrived, missing or damaged, all or none.

    The receipt, confirmed on the page or the API, then starts from these states.
    """
    from logistics.schemas.shipments import PackageMarkSchema
    from logistics.services.package_receipt import mark_packages

    try:
        marks = [PackageMarkSchema().load({"number": number, "state": state, "reason": reason, "note": note})
                 for number in numbers]
    except ValidationError as error:
        fail(Invalid("the packages were not marked", error.normalized_messages()))
    with db.new_session() as session:
        try:
            mark_packages(session, actor_for(session, as_email), reference, marks)
        except DomainError as error:
            fail(error)
    click.echo(f"{len(marks):,} package(s) marked {state} on {reference.upper()}", err=True)
