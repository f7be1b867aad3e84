"""Messages for people (errors above all), marked where they are made, said where they are shown.

The domain and the services have no request and no language: they raise errors in English, but
with ``E_("unknown unit %(unit)s", unit=excerpt)`` instead of an f-string. The result is a
``Text``: a ``str`` (the English sentence, so logs, the CLI and ``str()`` keep working) that also
remembers its message id and parameters. The web and API layers say it in the reader's language
with ``say(value, translator)`` (``logistics.i18n.errors`` is the ``errors`` catalog), before any
cutting or joining: slicing, ``+`` or an f-string turn a Text back into a plain ``str``.

``EN_(singular, plural, n, **params)`` is the plural form (``n`` is a parameter too). Parameters
may be Texts themselves; they are said in the same language. Extraction: babel/errors.cfg, with
only these two markers (babel/catalogs.py), so a marked message belongs to the errors catalog alone.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Protocol


class Text(str):
    """An English message that can be said again in another language."""

    msgid: str
    plural: str | None
    params: Mapping[str, Any]

    def __new__(cls, msgid: str, params: Mapping[str, Any], plural: str | None = None) -> Text:
        chosen = plural if plural is not None and params.get("n") != 1 else msgid
        self = super().__new__(cls, chosen % params if params else chosen)
        self.msgid = msgid
        self.plural = plural
        self.params = params
        return self

    def __reduce__(self):  # a str subclass with attributes: keep them when copied or pickled
        return (Text, (self.msgid, dict(self.params), self.plural))


def E_(msgid: str, /, **params: Any) -> Text:
    """Mark a message for the errors catalog; ``%(name)s`` placeholders take ``params``."""
    return Text(msgid, params)


def EN_(singular: str, plural: str, n: int, /, **params: Any) -> Text:
    """Mark a message with a plural form; ``%(n)s`` (or ``%(n)d``) is the count."""
    return Text(singular, {**params, "n": n}, plural)


class Translator(Protocol):
    """What saying a message needs of a catalog: gettext's two calls (a flask_babel Domain has them)."""

    def gettext(self, string: str, **variables: Any) -> str: ...

    def ngettext(self, singular: str, plural: str, num: int, **variables: Any) -> str: ...


def say(value: Any, translator: Translator) -> Any:
    """Return ``value`` with every Text in it said through ``translator``.

    Dicts and lists (an error's per-field messages) are walked; keys are left alone (they are
    field names, the API's words). A plain ``str`` is looked up as a message id too, so fixed
    messages made by a library (marshmallow's "Missing data for required field.") can be listed
    in the catalog; one that is not there comes back unchanged.
    """
    if isinstance(value, Text):
        params = {key: say(inner, translator) for key, inner in value.params.items()}
        if value.plural is not None:
            return translator.ngettext(value.msgid, value.plural, int(params["n"]), **params)
        return translator.gettext(value.msgid, **params) if params else translator.gettext(value.msgid)
    if isinstance(value, str):
        return translator.gettext(value) if value else value
    if isinstance(value, Mapping):
        return {key: say(inner, translator) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [say(inner, translator) for inner in value]
    return value
