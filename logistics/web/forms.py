"""Forms to schema input and errors back to form fields: pages use the API's own schemas."""
from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from marshmallow import Schema, ValidationError

from logistics.errors import Invalid
from logistics.i18n import said
from logistics.schemas.fields import repeated_once


def flatten(errors, prefix: str = "") -> dict[str, str]:
    """Turn nested field errors into {"lines.0.quantity": "message"}, said in the page's language."""
    flat: dict[str, str] = {}
    if isinstance(errors, dict):
        for key, value in errors.items():
            flat.update(flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    elif isinstance(errors, list) and errors and all(isinstance(e, str) for e in errors):
        flat[prefix or "_"] = "; ".join(said(errors))
    elif isinstance(errors, list):
        for index, value in enumerate(errors):
            flat.update(flatten(value, f"{prefix}.{index}"))
    else:
        flat[prefix or "_"] = str(said(errors))
    return flat


def cleaned(form, names) -> dict:
    """Return the named form fields that were filled in, stripped."""
    return {name: form[name].strip() for name in names if form.get(name, "").strip()}


def load(schema: Schema, data: dict) -> Any:
    """Validate input with a schema (returning what it builds: a dict or a command), raising Invalid."""
    try:
        return schema.load(data)
    except ValidationError as error:
        fields = flatten(error.messages)
        raise Invalid(_("please correct the fields marked below"), fields) from None


def once(args, schema: Schema) -> None:
    """Refuse (Invalid, naming it) a query parameter the schema reads once that came more than once."""
    repeated = repeated_once(args, schema)
    if repeated:
        raise Invalid(_("please correct the fields marked below"), flatten(repeated))
