"""The JSON API under /api/v1 (flask-smorest): one blueprint per area."""
from __future__ import annotations

from apispec.ext.marshmallow import MarshmallowPlugin
from apispec.ext.marshmallow.common import resolve_schema_cls
from flask import Flask

from logistics.schemas.errors import FIELD_ERRORS, FIELD_ERRORS_OPENAPI, ErrorSchema
from logistics.schemas.fields import openapi_attributes

API_TITLE = "Logistics tracker API"


def schema_name(schema) -> str:
    """Name a schema in the OpenAPI document; a partial (PATCH) schema gets its own name."""
    resolved = resolve_schema_cls(schema)
    cls = resolved[0] if isinstance(resolved, list) else resolved  # a list only for a schema union
    name = cls.__name__.removesuffix("Schema")
    if not isinstance(schema, type) and schema.partial:
        name += "Patch"
    return name


def init_app(app: Flask):
    """Create the Api, describe bearer auth in the OpenAPI document, register blueprints."""
    app.config.setdefault("API_TITLE", API_TITLE)
    app.config.setdefault("API_VERSION", "v1")
    app.config.setdefault("OPENAPI_VERSION", "3.0.3")
    app.config.setdefault("OPENAPI_URL_PREFIX", "/api/v1")
    app.config.setdefault("OPENAPI_JSON_PATH", "openapi.json")
    from logistics.http_errors import JsonApi

    class DocumentedApi(JsonApi):
        """The Api, documenting errors with our schema (flask-smorest's leaves "errors" shapeless)."""

        ERROR_SCHEMA = ErrorSchema

    api = DocumentedApi(app, spec_kwargs={
        "marshmallow_plugin": MarshmallowPlugin(schema_name_resolver=schema_name),
        "security": [{"bearerAuth": []}],
        "info": {"description": "Shipments in and out, exact unit-aware quantities, status history."},
    })
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.schema(FIELD_ERRORS, FIELD_ERRORS_OPENAPI)
    api.ma_plugin.converter.add_attribute_function(openapi_attributes)

    from logistics.api import (
        attachments,
        audit,
        documents,
        items,
        notifications,
        organizations,
        packages,
        reports,
        shipments,
        transfers,
        users,
    )

    for module in (organizations, items, transfers, shipments, packages, documents, attachments, users,
                   audit, reports, notifications):
        api.register_blueprint(module.blp, url_prefix=f"/api/v1{module.PREFIX}")
    return api
