"""Custom fields: quantities, exact decimals, country and currency codes, declared values, customs numbers."""
from __future__ import annotations

from decimal import Decimal

import pycountry
from marshmallow import Schema, ValidationError, fields, post_load, validate, validates_schema

# country_name lives in logistics/countries.py (services use it too); schemas and pages import it here.
from logistics.countries import country_name as country_name
from logistics.domain.customs import (
    DOCUMENT_NUMBER_PATTERN,
    EORI_PATTERN,
    VAT_PATTERN,
    CustomsFormatError,
    check_awb,
    check_eori,
    check_vat,
)
from logistics.domain.inputs import ID_DIGITS, MAX_ID, whole_number
from logistics.domain.texts import E_, figure
from logistics.domain.timeline import check_day, window_text
from logistics.money import AMOUNT_PATTERN, CURRENCY_CODES, Money, MoneyError, money, plain_amount
from logistics.units import Quantity, QuantityError, format_decimal, parse_decimal, parse_quantity

QUANTITY_OPENAPI = {
    "oneOf": [
        {"type": "string", "pattern": r"^\s*(\d{1,3}(,\d{3})+|\d+)(\.\d{1,6})?\s*[^\W\d][\w³^]*\s*$",
         "example": "22.5 t"},
        {"type": "object", "required": ["value", "unit"], "additionalProperties": False,
         "properties": {"value": {"type": "string", "pattern": r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,6})?$",
                                  "example": "22.5"},
                        "unit": {"type": "string", "example": "t"}}},
    ],
    "description": "A quantity: \"22.5 t\" or {\"value\": \"22.5\", \"unit\": \"t\"}. Units: piece "
                   "(pcs, each), pair, dozen, g, kg, t (tonne), lb, mL, L, m³, or one of the item's "
                   "packs. 'ton' is refused as ambiguous.",
}


class QuantityField(fields.Field):
    """The one JSON <-> quantity converter: accepts "22.5 t" or {"value", "unit"}, emits the object."""

    # marshmallow's own way to set a field's messages: a class attribute it merges, never mutated.
    default_error_messages = {"invalid": E_("not a quantity")}  # noqa: RUF012

    def __init__(self, *, allow_zero: bool = False, **kwargs):
        super().__init__(**kwargs)
        self.allow_zero = allow_zero

    def _deserialize(self, value, attr, data, **kwargs) -> Quantity:
        try:
            return parse_quantity(value, allow_zero=self.allow_zero)
        except QuantityError as error:
            raise ValidationError(str(error)) from None

    def _serialize(self, value, attr, obj, **kwargs):
        if value is None:
            return None
        if isinstance(value, dict):
            return value
        return value.as_dict()


class DecimalString(fields.Field):
    """An exact non-negative decimal exchanged as a string ("1234.50"), never a float."""

    def _deserialize(self, value, attr, data, **kwargs) -> Decimal:
        if isinstance(value, bool) or not isinstance(value, (str, int)):
            raise ValidationError(E_('give a decimal string such as "1234.50"'))
        try:
            return parse_decimal(str(value), allow_zero=True)
        except QuantityError as error:
            raise ValidationError(str(error)) from None

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format_decimal(Decimal(value))


class DecimalText(fields.String):
    """An exact Decimal sent out as plain digits ("22.5", "-10"): no exponent, no trailing zeros."""

    def __init__(self, **kwargs):
        metadata = {"pattern": r"^-?\d+(\.\d+)?$", "example": "22.5", **kwargs.pop("metadata", {})}
        super().__init__(dump_only=True, metadata=metadata, **kwargs)

    def _serialize(self, value, attr, obj, **kwargs):
        return None if value is None else format_decimal(value)


class CountryCode(fields.String):
    """An ISO 3166-1 alpha-2 country code, upper-cased."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip().upper()
        if len(text) != 2 or pycountry.countries.get(alpha_2=text) is None:
            raise ValidationError(E_("%(value)s is not an ISO 3166-1 alpha-2 country code "
                                     "(e.g. CZ, SK, PL, HR, CN)", value=repr(value)))
        return text


class CurrencyCode(fields.String):
    """An ISO 4217 currency code, upper-cased."""

    def _deserialize(self, value, attr, data, **kwargs) -> str:
        text = super()._deserialize(value, attr, data, **kwargs).strip().upper()
        if len(text) != 3 or pycountry.currencies.get(alpha_3=text) is None:
            raise ValidationError(E_("%(value)s is not an ISO 4217 currency code (e.g. EUR, CZK, CNY)",
                                     value=repr(value)))
        return text


class ValueInSchema(Schema):
    """A declared value as clients send it: {"amount": "1250.50", "currency": "EUR"}."""

    amount = fields.String(required=True, metadata={
        "pattern": AMOUNT_PATTERN, "example": "1250.50",
        "description": "digits with a point for decimals, at most the currency's minor units "
                       "(EUR 2, JPY 0, KWD 3); no sign, no currency sign"})
    currency = fields.String(required=True, metadata={
        "enum": list(CURRENCY_CODES), "example": "EUR", "description": "ISO 4217 code"})

    @validates_schema
    def _exact(self, data, **kwargs):
        if "amount" in data and "currency" in data:
            try:
                money(data["amount"], data["currency"])
            except MoneyError as error:
                raise ValidationError(str(error), error.field) from None

    @post_load
    def _money(self, data: dict, **kwargs) -> Money:
        return money(data["amount"], data["currency"])


class ValueSchema(Schema):
    """A declared value as clients read it: the amount with all the currency's minor units."""

    amount = fields.Function(plain_amount, metadata={"type": "string", "pattern": r"^\d+(\.\d{1,4})?$",
                                                      "example": "1250.50"})
    currency = fields.String(metadata={"example": "EUR"})


class Text(fields.String):
    """A string with surrounding white space removed; blank becomes None when allowed."""

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs).strip()
        if not text:
            if self.allow_none:
                return None
            raise ValidationError(E_("must not be blank"))
        if "\x00" in text:
            raise ValidationError(E_("must not contain NUL characters"))
        return text

    def _validate(self, value) -> None:
        """Skip the validators for a blank that became None (a length of None has no meaning)."""
        if value is not None:
            super()._validate(value)


class Day(fields.Date):
    """A day a record names (a departure, an arrival, an expiry): an ISO date within the window of
    domain/timeline.py, so a slip such as 0202-03-01 or 9999-12-31 is refused naming the window."""

    def __init__(self, **kwargs):
        metadata = kwargs.pop("metadata", {})
        described = metadata.get("description")
        window = f"a day {window_text()}"
        metadata = {**metadata, "description": f"{described}; {window}" if described else window}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        refused = check_day(day)
        if refused is not None:
            raise ValidationError(refused)
        return day


class WholeNumber(fields.Integer):
    """A whole number: a JSON integer (never a bool, a float or a string) or, from a query string
    (``text=True``), ASCII digits 0-9, at most ``max_digits`` of them ("٣" and "²" are no number)."""

    def __init__(self, *, text: bool = False, max_digits: int = ID_DIGITS, **kwargs):
        super().__init__(strict=not text, **kwargs)
        self.text = text
        self.max_digits = max_digits

    def _validated(self, value) -> int:
        if self.text and isinstance(value, str):
            number = whole_number(value.strip(), max_digits=self.max_digits)
            if number is None:
                raise ValidationError(E_("not a whole number: write at most %(digits)s digits 0-9",
                                         digits=self.max_digits))
            return number
        return super()._validated(value)


class Id(WholeNumber):
    """The id of a stored row: a whole number from 1 to 2**31-1 (a JSON integer, or digits in a query)."""

    def __init__(self, **kwargs):
        kwargs.setdefault("validate", validate.Range(min=1, max=MAX_ID))
        super().__init__(**kwargs)


class BoundedList(fields.List):
    """A list with at most ``max_items`` items, counted before any item is deserialised.

    marshmallow's Length validator runs after every item has been read (400,000 lines took 18 s
    to refuse); this refuses the list at once, and still documents maxItems.
    """

    def __init__(self, inner, *, max_items: int, **kwargs):
        super().__init__(inner, validate=validate.Length(max=max_items), **kwargs)
        self.max_items = max_items

    def _deserialize(self, value, attr, data, **kwargs):
        if isinstance(value, list) and len(value) > self.max_items:
            raise ValidationError(E_("at most %(most)s items (got %(count)s): send the rest in further "
                                     "requests", most=figure(self.max_items),
                                     count=figure(len(value))))
        return super()._deserialize(value, attr, data, **kwargs)


class _Checked(Text):
    """A customs number checked and compacted by a rule of domain/customs.py."""

    CHECK = staticmethod(lambda text: text)
    PATTERN = ""
    EXAMPLE = ""

    def __init__(self, **kwargs):
        metadata = {"pattern": self.PATTERN, "example": self.EXAMPLE, **kwargs.pop("metadata", {})}
        super().__init__(metadata=metadata, **kwargs)

    def _deserialize(self, value, attr, data, **kwargs):
        text = super()._deserialize(value, attr, data, **kwargs)
        if text is None:
            return None
        try:
            return self.CHECK(text)
        except CustomsFormatError as error:
            raise ValidationError(str(error)) from None


class EoriNumber(_Checked):
    """An EORI number: an issuing country's code and up to 15 letters or digits."""

    CHECK = staticmethod(check_eori)
    PATTERN, EXAMPLE = EORI_PATTERN, "SK2020317068"


class VatNumber(_Checked):
    """A VAT number with its country prefix, checked by python-stdnum (length, check digits)."""

    CHECK = staticmethod(check_vat)
    PATTERN, EXAMPLE = VAT_PATTERN, "CZ25596641"


class AwbNumber(_Checked):
    """An air waybill number: airline prefix and serial with its modulo-7 check digit."""

    CHECK = staticmethod(check_awb)
    PATTERN, EXAMPLE = r"^\d{3}[- ]?\d{8}$", "157-12345675"


def document_number(description: str) -> Text:
    """A transport or trade document's number, as printed on it (letters, digits, . / _ - and spaces)."""
    return Text(allow_none=True, validate=validate.Regexp(
        DOCUMENT_NUMBER_PATTERN, error=E_("1-40 letters, digits, spaces and . / _ -, starting with a letter "
                                          "or digit, e.g. CMR 2020/0417")),
        metadata={"pattern": DOCUMENT_NUMBER_PATTERN, "example": "CMR-2020-0417", "description": description})


class Whole(fields.Nested):
    """A nested object sent whole even in a PATCH (which replaces it): its required fields stay required.

    ``answers``, None unless a caller sets a dict on its own schema instance, keeps what objects of
    text values were loaded as, for a caller that loads the same few over and over (an import's
    places, on every shipment); only objects accepted are kept, so only a nested schema that loads
    immutable values (a ``Place``) may be given one.
    """

    answers: dict[tuple, object] | None = None
    ANSWERS_KEPT = 256

    def _deserialize(self, value, attr, data, partial=None, **kwargs):
        answers, key = self.answers, None
        if answers is not None and isinstance(value, dict) and all(
                item is None or item.__class__ is str for item in value.values()):
            key = tuple(value.items())
            if key in answers:
                return answers[key]
        loaded = super()._deserialize(value, attr, data, partial=False, **kwargs)
        if answers is not None and key is not None:
            if len(answers) >= self.ANSWERS_KEPT:
                answers.clear()
            answers[key] = loaded
        return loaded


class AmountSchema(Schema):
    """An exact amount as a decimal string and its unit: a total, a pack size, a unit mass (output)."""

    value = DecimalText(required=True)
    unit = fields.String(required=True, metadata={"example": "t"})


# What a country code field accepts: two letters (any case; surrounding blanks are dropped).
COUNTRY_OPENAPI = {"pattern": r"^\s*[A-Za-z]{2}\s*$", "minLength": 2, "example": "SK"}


class CountryName(fields.String):
    """A country's English short name, read from the code the field's attribute names (output)."""

    def _serialize(self, value, attr, obj, **kwargs):
        return super()._serialize(country_name(value), attr, obj, **kwargs)


def openapi_attributes(converter, field, ret: dict | None = None, **kwargs) -> dict:
    """Describe our custom fields in the OpenAPI document as what they really accept."""
    if isinstance(field, fields.Nested) and field.allow_none and ret and "anyOf" in ret:
        # apispec writes a nullable object as anyOf [the schema, any object], which lets any object
        # through; say "null, or this schema" instead (OpenAPI 3.0: nullable beside a type).
        reference, _ = ret.pop("anyOf")
        return {"type": "object", "nullable": True, "allOf": [reference]}
    if isinstance(field, QuantityField):
        return dict(QUANTITY_OPENAPI)
    if isinstance(field, CountryCode):
        return dict(COUNTRY_OPENAPI)
    if isinstance(field, DecimalString):
        return {"type": "string", "pattern": r"^(\d{1,3}(,\d{3})+|\d+)(\.\d{1,6})?$", "example": "1234.50"}
    return {}


def repeated_once(args, schema: Schema) -> dict[str, list]:
    """Return the query parameters a schema reads once that were sent more than once, with why.

    A parser reads such a parameter's first value alone (``period=month&period=year`` went by
    month without a word); one that takes several (a list: ``status``, ``group_by``) reads them all.
    ``args`` is the query as a MultiDict.
    """
    single = {field.data_key or name for name, field in schema.load_fields.items()
              if not getattr(field, "is_multiple", isinstance(field, (fields.List, fields.Tuple)))}
    return {name: [E_("given more than once: send %(name)s once", name=name)]
            for name in args if name in single and len(args.getlist(name)) > 1}
