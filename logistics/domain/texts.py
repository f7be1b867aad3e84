"""Messages for people (errors above all), marked where they are made, said where they are shown.

The domain and the services have no request and no language: they raise errors in English, but
with ``E_("unknown unit %(unit)s", unit=excerpt)`` instead of an f-string. The result is a
``Text``: a ``str`` (the English sentence, so logs, the CLI and ``str()`` keep working) that also
remembers its message id and parameters. The web and API layers say it in the reader's language
with ``say(value, translator)`` (``logistics.i18n.errors`` is the ``errors`` catalog), before any
cutting or joining: slicing, ``+`` or an f-string turn a Text back into a plain ``str``.

``EN_(singular, plural, n, **params)`` is the plural form (``n`` is a parameter too). Parameters
may be Texts themselves; they are said in the same language. Extraction:
logistics/translations/errors.cfg, with only these two markers (logistics/translations/catalogs.py),
so a marked message belongs to the errors catalog alone.

Numbers in a message (a count, an amount and its unit) go in as ``figure(2400, "piece")``: a
``Figure`` is its English form ("2,400 piece", as messages always wrote it) and keeps its value,
so ``say`` writes it as the reader's language does ("2.400 piece" in Croatian) when it is given
the language's way of writing numbers (``logistics.i18n.said`` gives the documents' own).

A library's messages with values in them ("Longer than maximum length 200.", made by marshmallow
with ``str.format``) cannot carry their id: ``pattern(E_("Longer than maximum length %(max)s."))``
registers the message's shape, and ``say`` recognises a plain ``str`` of that shape, values and all.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from decimal import Decimal
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


class TextError(Exception):
    """An exception whose ``str()`` is its message as raised: a Text stays a Text.

    ``raise QuantityError(E_(...))`` then ``str(error)`` (``ValidationError(str(error))``, an
    f-string of just the error) keeps the message id and values, so the boundary can say it.
    Mix it into an error class before its base: ``class QuantityError(TextError, ValueError)``.
    """

    def __str__(self) -> str:
        if len(self.args) == 1 and isinstance(self.args[0], Text):
            return self.args[0]
        return super().__str__()


class Figure(str):
    """A number in a message, perhaps with its unit: the English form, and the value to write it again."""

    value: Decimal
    unit: str | None

    def __new__(cls, english: str, value: Decimal, unit: str | None = None) -> Figure:
        self = super().__new__(cls, english)
        self.value = value
        self.unit = unit
        return self

    def __reduce__(self):  # a str subclass with attributes: keep them when copied or pickled
        return (Figure, (str(self), self.value, self.unit))


def figure(value: int | Decimal, unit: str | None = None, *, english: str | None = None) -> Figure:
    """Return a number (and its unit) for a message: "2,400 piece" in English, the reader's way when said.

    ``english`` keeps a message's English exactly as it was where it wrote the number otherwise
    (ungrouped: "1200.5 kg"); by default it is grouped with commas, as ``format(n, ",")`` writes it.
    """
    number = Decimal(value)
    if english is None:
        english = format(value, ",") if isinstance(value, int) else format(number.normalize(), ",f")
        english = f"{english} {unit}" if unit else english
    return Figure(english, number, unit)


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


_PLACEHOLDER = re.compile(r"%\((\w+)\)[sd]")
_PATTERNS: list[tuple[re.Pattern[str], str]] = []  # longest literal text first: the most specific wins


def pattern(text: Text) -> str:
    """Register a library message's shape (its values are the placeholders); return its ``{name}`` form.

    The ``{name}`` form is what the library formats (a marshmallow validator's ``error=``).
    """
    msgid = text.msgid
    parts = _PLACEHOLDER.split(msgid)  # literal, name, literal, name, ..., literal
    regex = "".join(re.escape(part) if index % 2 == 0 else f"(?P<{part}>.+?)"
                    for index, part in enumerate(parts))
    compiled = re.compile(f"^{regex}$", re.DOTALL)
    if all(known.pattern != compiled.pattern for known, _ in _PATTERNS):
        _PATTERNS.append((compiled, msgid))
        _PATTERNS.sort(key=lambda entry: -len(_PLACEHOLDER.sub("", entry[1])))
    return _PLACEHOLDER.sub(lambda match: "{" + match.group(1) + "}", msgid)


def recognise(message: str) -> Text | None:
    """Return a plain message of a registered shape as the Text it would have been, or None."""
    for compiled, msgid in _PATTERNS:
        match = compiled.match(message)
        if match:
            return Text(msgid, match.groupdict())
    return None


FigureWriter = Callable[[Figure], str]


def say(value: Any, translator: Translator, figures: FigureWriter | None = None) -> Any:
    """Return ``value`` with every Text in it said through ``translator``, its figures written by ``figures``.

    Dicts and lists (an error's per-field messages) are walked; keys are left alone (they are
    field names, the API's words). A plain ``str`` is looked up as a message id too, so fixed
    messages made by a library (marshmallow's "Missing data for required field.") can be listed
    in the catalog, and one with values in it by its shape (``pattern``); one that is neither comes
    back unchanged. A Figure is written by ``figures`` (without it, it stays English).
    """
    if isinstance(value, Figure):
        return figures(value) if figures is not None else value
    if isinstance(value, Text):
        params = {key: say(inner, translator, figures) for key, inner in value.params.items()}
        if value.plural is not None:
            return translator.ngettext(value.msgid, value.plural, int(params["n"]), **params)
        return translator.gettext(value.msgid, **params) if params else translator.gettext(value.msgid)
    if isinstance(value, str):
        if not value:
            return value
        said = translator.gettext(value)
        if said == value:  # not a message id: perhaps a library message with values in it
            known = recognise(value)
            if known is not None:
                return say(known, translator, figures)
        return said
    if isinstance(value, Mapping):
        return {key: say(inner, translator, figures) for key, inner in value.items()}
    if isinstance(value, (list, tuple)):
        return [say(inner, translator, figures) for inner in value]
    return value


def join(parts: Any, separator: str = "; ") -> str:
    """Join messages with ``separator`` into one that is still said piece by piece.

    ``"; ".join(texts)`` would give a plain English ``str``; this gives a Text whose message id
    is only placeholders (``%(p0)s; %(p1)s``), which no catalog lists, so each piece is said in
    the reader's language and the separator stays. One piece comes back as it is; none, "".
    """
    parts = list(parts)
    if len(parts) <= 1:
        return parts[0] if parts else ""
    msgid = separator.replace("%", "%%").join(f"%(p{index})s" for index in range(len(parts)))
    return Text(msgid, {f"p{index}": part for index, part in enumerate(parts)})


def message_of(error: BaseException) -> str:
    """Return an exception's message as raised: a Text stays a Text (``str(error)`` would not)."""
    first = error.args[0] if len(error.args) == 1 else None
    return first if isinstance(first, str) else str(error)
