"""The organisation (partner) contract: input builds CreateOrganization or UpdateOrganization."""
from __future__ import annotations

from marshmallow import Schema, fields, post_load, validate

from logistics.domain.languages import LANGUAGES
from logistics.domain.organizations import CreateOrganization, OrgKind, UpdateOrganization
from logistics.domain.texts import E_, pattern
from logistics.schemas.fields import CountryCode, CountryName, EoriNumber, Text, VatNumber


class OrganizationSchema(Schema):
    """An organisation as clients create, change and read it."""

    id = fields.Integer(dump_only=True)
    name = Text(required=True, validate=validate.Length(min=1, max=200))
    country = CountryCode(required=True, metadata={"description": "ISO 3166-1 alpha-2 code"})
    country_name = CountryName(attribute="country", dump_only=True, metadata={"example": "Slovakia"})
    kind = fields.String(required=True, validate=validate.OneOf([k.value for k in OrgKind]))
    contact_name = Text(allow_none=True, validate=validate.Length(max=200))
    email = fields.Email(allow_none=True, validate=validate.Length(max=254))
    phone = Text(allow_none=True, validate=validate.Length(max=50))
    address = Text(allow_none=True, validate=validate.Length(max=500))
    eori = EoriNumber(allow_none=True, metadata={
        "description": "EORI number (customs registration): country code and up to 15 letters or digits"})
    vat_number = VatNumber(allow_none=True, metadata={
        "description": "VAT number with its country prefix, checked for length and check digits"})
    language = fields.String(allow_none=True, validate=validate.OneOf(LANGUAGES), metadata={
        "description": "default language of its users and of what it is sent (null: the browser's)"})
    document_language = fields.String(allow_none=True, validate=validate.OneOf(
        LANGUAGES, error=pattern(E_("must be one of %(choices)s "
                                    "(or null: the organisation's language, else en)"))),
        metadata={"description": "the language its shipments' documents print in by default (null: the "
                                 "organisation's own language, else English); a print may ask otherwise"})
    document_bilingual = fields.Boolean(metadata={
        "description": "print its documents bilingual by default: English headings with the document "
                       "language's under each"})
    created_at = fields.AwareDateTime(dump_only=True)
    updated_at = fields.AwareDateTime(dump_only=True)

    @post_load
    def _command(self, data: dict, partial=False, **kwargs) -> CreateOrganization | UpdateOrganization:
        """Build the command the services take; a change (PATCH) names the fields it was given."""
        if "kind" in data:
            data["kind"] = OrgKind(data["kind"])
        if partial:
            return UpdateOrganization(given=frozenset(data), **data)
        return CreateOrganization(**data)


class OrganizationQuerySchema(Schema):
    """Filters for the organisation list."""

    country = CountryCode()
    kind = fields.String(validate=validate.OneOf([k.value for k in OrgKind]))
    q = Text(allow_none=True, validate=validate.Length(max=100), metadata={"description": "name contains"})
