"""The item catalogue contract: base unit, unit mass and packs."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from logistics.schemas.fields import QuantityField, Text, Whole
from logistics.units import QuantityError, check_base_unit, format_decimal, from_micro


class BaseUnit(fields.String):
    """An item's base unit: piece, pair, dozen, kg or L (spelled any known way)."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            return check_base_unit(text)
        except QuantityError as error:
            raise ValidationError(str(error)) from None


class PackSchema(Schema):
    """A pack of an item: box = 25 piece, carton = 4 box."""

    name = Text(required=True, validate=[validate.Length(min=1, max=40),
                                         validate.Regexp(r"^[^\W\d][\w-]*$",
                                                         error="one word such as box or carton")])
    quantity = QuantityField(required=True)
    base = fields.Method("_base", dump_only=True)

    def _base(self, pack) -> dict:
        return {"value": format_decimal(from_micro(pack.base_micro)), "unit": pack.item.base_unit}


class ItemSchema(Schema):
    """An item as clients create, change and read it."""

    id = fields.Integer(dump_only=True)
    sku = Text(required=True, validate=[validate.Length(min=1, max=64),
                                        validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
                                                        error="letters, digits, . _ / - only")])
    name = Text(required=True, validate=validate.Length(min=1, max=300))
    category = Text(allow_none=True, validate=validate.Length(max=100))
    base_unit = BaseUnit(required=True, metadata={"description": "piece, pair, dozen, kg or L"})
    unit_mass = QuantityField(allow_none=True, metadata={"description": "mass of one base unit"})
    packs = fields.List(Whole(PackSchema), load_default=list)
    hs_code = Text(allow_none=True, validate=[validate.Length(max=12), validate.Regexp(
        r"^\d{4}(\.?\d{2}){0,3}$", error="an HS code such as 6210.10 or 621010")])
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)


class ItemQuerySchema(Schema):
    """Filters for the item list."""

    category = Text(allow_none=True)
    q = Text(allow_none=True, validate=validate.Length(max=100),
             metadata={"description": "SKU or name contains"})
