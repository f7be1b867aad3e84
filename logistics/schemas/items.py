"""The item catalogue contract (base unit, unit mass, packs): as sent, building the commands, and as read."""
from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, post_load, validate

from logistics.domain.item_translations import LANGUAGES as TRANSLATED
from logistics.domain.item_translations import MAX_FORM, MAX_NAME
from logistics.domain.items import CreateItem, PackSpec, UpdateItem
from logistics.domain.texts import E_
from logistics.models.items import ItemPack
from logistics.schemas.fields import AmountSchema, QuantityField, Text, Whole
from logistics.units import Quantity, QuantityError, check_base_unit, from_micro

BASE_UNITS = ("piece", "pair", "dozen", "kg", "L")


class BaseUnit(fields.String):
    """An item's base unit: piece, pair, dozen, kg or L (spelled any known way)."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        try:
            return check_base_unit(text)
        except QuantityError as error:
            raise ValidationError(str(error)) from None


class PackInSchema(Schema):
    """A pack of an item as clients send it: box = 25 piece, carton = 4 box."""

    name = Text(required=True, validate=[validate.Length(min=1, max=40),
                                         validate.Regexp(r"^[^\W\d][\w-]*$",
                                                         error=E_("one word such as box or carton"))])
    quantity = QuantityField(required=True)

    @post_load
    def _spec(self, data: dict, **kwargs) -> PackSpec:
        return PackSpec(data["name"], data["quantity"])


class PackForms(fields.Field):
    """A pack's name in a language: one word for every count, or its plural forms in order."""

    def __init__(self, **kwargs):
        super().__init__(metadata={"oneOf": [
            {"type": "string", "minLength": 1, "maxLength": MAX_FORM, "example": "krabice"},
            {"type": "array", "minItems": 1, "maxItems": 3,
             "items": {"type": "string", "minLength": 1, "maxLength": MAX_FORM},
             "example": ["krabice", "krabice", "krabic"]}]}, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, str) or (isinstance(value, list) and all(isinstance(v, str) for v in value)):
            return value
        raise ValidationError(E_("a word, or a list of up to 3 plural forms"))

    def _serialize(self, value, attr, obj, **kwargs):
        return value


class ItemTranslationSchema(Schema):
    """An item's name and pack names in one language (checked against its packs by the service)."""

    name = fields.String(validate=validate.Length(min=1, max=MAX_NAME),
                         metadata={"example": "Ochranný overal"})
    packs = fields.Dict(keys=fields.String(validate=validate.Length(min=1, max=40)), values=PackForms(),
                        metadata={"example": {"carton": ["karton", "kartony", "kartonů"]}})


def _translations(**kwargs) -> fields.Dict:
    return fields.Dict(keys=fields.String(validate=validate.OneOf(TRANSLATED)),
                       values=fields.Nested(ItemTranslationSchema), metadata={
                           "description": "the name and pack names in cs, sk, pl, hr, zh (English is "
                                          "the item's own); a pack's name is one word or its plural forms"},
                       **kwargs)


class ItemInSchema(Schema):
    """An item as clients create or change it."""

    sku = Text(required=True, validate=[validate.Length(min=1, max=64),
                                        validate.Regexp(r"^[A-Za-z0-9][A-Za-z0-9._/-]*$",
                                                        error=E_("letters, digits, . _ / - only"))])
    name = Text(required=True, validate=validate.Length(min=1, max=300))
    category = Text(allow_none=True, validate=validate.Length(max=100))
    # Any spelling of a base unit is read ("pcs", "litre"), so the document asks only for a word.
    base_unit = BaseUnit(required=True, metadata={
        "description": "piece, pair, dozen, kg or L (or another spelling of one: pcs, litre)",
        "minLength": 1, "pattern": r"\S", "example": "piece"})
    unit_mass = QuantityField(allow_none=True, metadata={"description": "mass of one base unit"})
    packs = fields.List(Whole(PackInSchema), load_default=list)
    hs_code = Text(allow_none=True, validate=[validate.Length(max=12), validate.Regexp(
        r"^[0-9]{4}(\.?[0-9]{2}){0,3}$", error=E_("an HS code such as 6210.10 or 621010"))])
    translations = _translations(allow_none=True)

    @post_load
    def _command(self, data: dict, partial=False, **kwargs) -> CreateItem | UpdateItem:
        """Build the command the services take; a change (PATCH) names the fields it was given."""
        if "packs" in data:
            data["packs"] = tuple(data["packs"])
        if partial:
            return UpdateItem(given=frozenset(data), **data)
        return CreateItem(**data)


class PackSchema(Schema):
    """A pack of an item as read: its size as entered and in the item's base unit."""

    name = fields.String(required=True, metadata={"example": "box"})
    quantity = fields.Nested(AmountSchema, required=True, metadata={"description": "as entered: 4 box"})
    base = fields.Nested(AmountSchema, required=True, metadata={"description": "in base units: 100 piece"})

    def get_attribute(self, obj: ItemPack, attr: str, default):
        """Read the pack's size in base units from its stored millionths."""
        if attr == "base":
            return Quantity(from_micro(obj.base_micro), obj.item.base_unit)
        return super().get_attribute(obj, attr, default)


class ItemSchema(Schema):
    """An item as clients read it."""

    id = fields.Integer(required=True)
    sku = fields.String(required=True)
    name = fields.String(required=True)
    category = fields.String(required=True, allow_none=True)
    base_unit = fields.String(required=True, validate=validate.OneOf(BASE_UNITS))
    unit_mass = fields.Nested(AmountSchema, required=True, allow_none=True,
                              metadata={"description": "mass of one base unit, as entered"})
    packs = fields.List(fields.Nested(PackSchema), required=True)
    hs_code = fields.String(required=True, allow_none=True)
    translations = _translations(required=True)
    created_at = fields.AwareDateTime(required=True)
    updated_at = fields.AwareDateTime(required=True)

    def get_attribute(self, obj, attr: str, default):
        """Read an item without translations as an empty object, never null."""
        if attr == "translations":
            return getattr(obj, "translations", None) or {}
        return super().get_attribute(obj, attr, default)


class ItemQuerySchema(Schema):
    """Filters for the item list."""

    category = Text(allow_none=True)
    q = Text(allow_none=True, validate=validate.Length(max=100),
             metadata={"description": "SKU or name contains"})
