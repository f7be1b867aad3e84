"""The packages contract: bulk creation as sent (three levels: outer, children, grandchildren), changes,
and a shipment's packages as read (each with contents, lines' packing, counts by type, totals)."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate

from logistics.domain.package_numbers import NumberError, check_sscc
from logistics.domain.packages import (
    MAX_CHILD_KINDS,
    MAX_CONTENTS,
    MAX_COUNT,
    MAX_DIMENSION_MM,
    TYPE_CODE_PATTERN,
    AddPackages,
    ContentSpec,
    CreatePackageType,
    PackageSpec,
    UpdatePackage,
)
from logistics.domain.texts import E_
from logistics.schemas.fields import AmountSchema, BoundedList, DecimalText, QuantityField, Text, WholeNumber

SSCC_PATTERN = r"^\s*(\(00\))?\s*[0-9 ]{18,22}\s*$"
NUMBER_DESCRIPTION = "a package's number (PKG-00000001) or SSCC (18 digits)"


class Sscc(Text):
    """An SSCC-18 as a client gives it: 18 digits 0-9 with the right GS1 check digit ("(00)" allowed)."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"pattern": SSCC_PATTERN, "example": "340123450000000017",
                                   "description": "SSCC-18: 18 digits, the last the GS1 mod-10 check digit"},
                         **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is None:
            return None
        if len(text) > 30:
            raise ValidationError(E_("an SSCC is 18 digits"))
        try:
            return check_sscc(text)
        except NumberError as error:
            raise ValidationError(str(error)) from None


class TypeCode(Text):
    """A package type's code, in lower case ("Pallet" is pallet)."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        return text.lower() if text is not None else None


def _type_field(**kwargs) -> Text:
    return TypeCode(validate=validate.Regexp(TYPE_CODE_PATTERN,
                                             error=E_("a package type's code, e.g. pallet or carton")),
                metadata={"pattern": TYPE_CODE_PATTERN, "example": "pallet"}, **kwargs)


def _dimensions(**kwargs) -> fields.List:
    return fields.List(WholeNumber(validate=validate.Range(min=1, max=MAX_DIMENSION_MM)),
                       validate=validate.Length(equal=3),
                       metadata={"description": "outer length, width and height in whole mm",
                                 "example": [1200, 800, 1500]},
                       **kwargs)


class ContentInSchema(Schema):
    """A quantity of one shipment line in each package: the line's number as printed and the quantity."""

    line_no = WholeNumber(required=True, validate=validate.Range(min=1, max=1_000_000),
                          metadata={"description": "the line's number as printed (from 1)"})
    quantity = QuantityField(required=True, metadata={
        "description": "in the line's kind: its units or the item's packs (4 box), or a mass for a line "
                       "given by mass"})

    @post_load
    def _spec(self, data: dict, **kwargs) -> ContentSpec:
        return ContentSpec(data["line_no"], data["quantity"])


class _SpecFields(Schema):
    """What every level of a bulk request gives: how many of which type, weighed, measured, holding what."""

    type = _type_field(required=True)
    count = WholeNumber(load_default=1, validate=validate.Range(min=1, max=MAX_COUNT),
                        metadata={"description": f"how many such packages (1 to {MAX_COUNT:,})"})
    gross_mass = QuantityField(allow_none=True,
                               metadata={"description": "of each package, as weighed (310 kg)"})
    dimensions_mm = _dimensions(allow_none=True)
    contents = BoundedList(fields.Nested(ContentInSchema), max_items=MAX_CONTENTS, load_default=list)

    def _build(self, data: dict, children=()) -> PackageSpec:
        dimensions = data.get("dimensions_mm")
        return PackageSpec(type=data["type"], count=data["count"], gross_mass=data.get("gross_mass"),
                           dimensions_mm=tuple(dimensions) if dimensions else None,
                           contents=tuple(data["contents"]), children=tuple(children), sscc=data.get("sscc"))


class GrandchildSpecInSchema(_SpecFields):
    """Packages inside each child (the third level: boxes in cartons on a pallet)."""

    @post_load
    def _spec(self, data: dict, **kwargs) -> PackageSpec:
        return self._build(data)


class ChildSpecInSchema(_SpecFields):
    """Packages inside each outer package (cartons on a pallet), possibly holding packages themselves."""

    children = BoundedList(fields.Nested(GrandchildSpecInSchema), max_items=MAX_CHILD_KINDS,
                           load_default=list)

    @post_load
    def _spec(self, data: dict, **kwargs) -> PackageSpec:
        return self._build(data, data["children"])


class AddPackagesInSchema(_SpecFields):
    """A bulk request: "14 pallets of 40 cartons, each carton 4 box of line 1", all or nothing."""

    children = BoundedList(fields.Nested(ChildSpecInSchema), max_items=MAX_CHILD_KINDS, load_default=list)
    sscc = Sscc(allow_none=True)
    parent = Text(allow_none=True, validate=validate.Length(max=40),
                  metadata={"description": f"put the new packages into this one: {NUMBER_DESCRIPTION}"})

    @post_load
    def _command(self, data: dict, **kwargs) -> AddPackages:
        return AddPackages(self._build(data, data["children"]), data.get("parent"))


class PackagePatchInSchema(Schema):
    """A change to one package; a field left out stays, null clears it (contents: replaced whole)."""

    type = _type_field()
    gross_mass = QuantityField(allow_none=True)
    dimensions_mm = _dimensions(allow_none=True)
    sscc = Sscc(allow_none=True)
    parent = Text(allow_none=True, validate=validate.Length(max=40),
                  metadata={"description": f"move it into this package ({NUMBER_DESCRIPTION}); "
                                           "null: onto none"})
    contents = BoundedList(fields.Nested(ContentInSchema), max_items=MAX_CONTENTS)

    @post_load
    def _command(self, data: dict, **kwargs) -> UpdatePackage:
        if "dimensions_mm" in data and data["dimensions_mm"] is not None:
            data["dimensions_mm"] = tuple(data["dimensions_mm"])
        if "contents" in data:
            data["contents"] = tuple(data["contents"])
        if data.get("type", "") is None:
            raise ValidationError(E_("a package always has a type"), "type")
        return UpdatePackage(given=frozenset(data), **data)


class ContentSchema(Schema):
    """A quantity of one line in a package: as entered (own contents) and in the line's unit."""

    line_no = fields.Integer(required=True)
    sku = fields.String(required=True)
    quantity = fields.Nested(AmountSchema, allow_none=True, metadata={"description": "as entered"})
    base = fields.Nested(AmountSchema, required=True, metadata={"description": "in the line's unit"})


class PackageReceiptSchema(Schema):
    """What the receiver found of a package."""

    state = fields.String(required=True, validate=validate.OneOf(["arrived", "missing", "damaged"]))
    reason = fields.String(required=True, allow_none=True, metadata={
        "description": "short, damaged, wrong_item, expired or other (null when it arrived)"})
    note = fields.String(required=True, allow_none=True)
    inherited_from = fields.String(required=True, allow_none=True, metadata={
        "description": "the package whose state it took (the pallet it is on); null: its own"})
    recorded_by_id = fields.Integer(required=True, allow_none=True)
    recorded_at = fields.AwareDateTime(required=True, allow_none=True)
    text = fields.String(required=True, metadata={"example": "damaged (damaged: lid torn)"})
    attachments = fields.List(fields.Integer(), required=True, metadata={
        "description": "ids of the photos and documents kept on the package (/api/v1/attachments/<id>)"})


class PackageSchema(Schema):
    """One package as read."""

    number = fields.String(required=True, metadata={"example": "PKG-00000001"})
    sscc = fields.String(required=True, allow_none=True)
    shipment = fields.String(metadata={"description": "the shipment's reference"})
    type = fields.String(required=True, metadata={"example": "pallet"})
    type_name = fields.String(required=True)
    parent = fields.String(required=True, allow_none=True, metadata={"description": "the number it is on"})
    level = fields.Integer(required=True, metadata={"description": "1: outermost"})
    gross_mass = fields.Nested(AmountSchema, required=True, allow_none=True,
                               metadata={"description": "as weighed"})
    gross_mass_kg = DecimalText(allow_none=True)
    dimensions_mm = fields.List(fields.Integer(), required=True, allow_none=True)
    volume_m3 = DecimalText(allow_none=True)
    contents = fields.List(fields.Nested(ContentSchema), required=True,
                           metadata={"description": "what it holds itself"})
    total_contents = fields.List(fields.Nested(ContentSchema), required=True,
                                 metadata={"description": "what it holds with the packages in it"})
    children = fields.Integer(required=True, metadata={"description": "packages directly in it"})
    created_at = fields.AwareDateTime(required=True)
    receipt = fields.Nested(PackageReceiptSchema, allow_none=True, metadata={
        "description": "null until the receiver marks a package of the shipment"})


class LinePackingSchema(Schema):
    """A line with its packed and unpacked quantities, in its canonical unit."""

    line_no = fields.Integer(required=True)
    sku = fields.String(required=True)
    quantity = fields.Nested(AmountSchema, required=True)
    packed = fields.Nested(AmountSchema, required=True)
    unpacked = fields.Nested(AmountSchema, required=True)


class TypeTotalSchema(Schema):
    """Packages of one type: count, gross mass and volume (of those weighed and measured)."""

    type = fields.String(required=True)
    name = fields.String(required=True)
    count = fields.Integer(required=True)
    gross_mass_kg = DecimalText(required=True)
    weighed = fields.Integer(required=True)
    volume_m3 = DecimalText(required=True)
    measured = fields.Integer(required=True)


class PackageTotalsSchema(Schema):
    """Totals of the outermost packages (a pallet's gross mass holds its cartons')."""

    count = fields.Integer(required=True, metadata={"description": "every package, nested ones included"})
    outer = fields.Integer(required=True, metadata={"description": "packages on no other"})
    gross_mass_kg = DecimalText(required=True)
    unweighed = fields.Integer(required=True)
    volume_m3 = DecimalText(required=True)
    unmeasured = fields.Integer(required=True)


class PackagePageQuerySchema(Schema):
    """Where a page of a shipment's packages starts."""

    cursor = fields.String(validate=validate.Length(max=40), metadata={
        "description": "where the page starts: next_cursor, previous_cursor or last_cursor of X-Pagination"})


class PackagesSchema(Schema):
    """A shipment's packages: each package, the lines' packing, counts by type, totals."""

    reference = fields.String(required=True)
    version = fields.Integer(required=True)
    packages = fields.List(fields.Nested(PackageSchema), required=True, metadata={
        "description": "one page of the packages, in the order packed (X-Pagination: page_size, at most "
                       "1,000, and the cursors); the lines, counts and totals are the whole shipment's"})
    lines = fields.List(fields.Nested(LinePackingSchema), required=True)
    unpacked = fields.List(fields.Nested(LinePackingSchema), required=True,
                           metadata={"description": "the lines of which something is in no package"})
    by_type = fields.List(fields.Nested(TypeTotalSchema), required=True)
    totals = fields.Nested(PackageTotalsSchema, required=True)


class PackageTypeInSchema(Schema):
    """A package type an admin adds."""

    code = _type_field(required=True)
    name = Text(required=True, validate=validate.Length(min=1, max=100))

    @post_load
    def _command(self, data: dict, **kwargs) -> CreatePackageType:
        return CreatePackageType(data["code"], data["name"])


class PackageTypeSchema(Schema):
    """A package type as read."""

    code = fields.String(required=True)
    name = fields.String(required=True)
