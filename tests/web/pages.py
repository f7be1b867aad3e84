"""Read pages the way a browser without JavaScript does: find a form by its button and submit it."""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from html import unescape
from html.parser import HTMLParser

from werkzeug.datastructures import MultiDict


@dataclass
class Button:
    """A submit button: its text, and the name and value it adds to the form when pressed."""

    text: str
    name: str | None = None
    value: str = ""


@dataclass
class Form:
    """A form as a browser would send it: where to, and the fields with their current values."""

    action: str
    method: str
    fields: list[tuple[str, str]] = field(default_factory=list)
    buttons: list[Button] = field(default_factory=list)

    def value(self, name: str) -> str | None:
        """Return the first value of a field, or None when the form has no such field."""
        return next((value for key, value in self.fields if key == name), None)


class _FormParser(HTMLParser):
    """Collect every form with its inputs, selected options, textareas and buttons."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.forms: list[Form] = []
        self._form: Form | None = None
        self._select: str | None = None
        self._options: list[tuple[str, bool]] = []
        self._textarea: str | None = None
        self._button: Button | None = None
        self._text: list[str] = []

    def handle_starttag(self, tag, attrs):
        attrs = {name: value if value is not None else "" for name, value in attrs}
        if tag == "form":
            self._form = Form(attrs.get("action", ""), attrs.get("method", "get").lower())
            self.forms.append(self._form)
        elif self._form is None:
            return
        elif tag == "input" and "name" in attrs:
            kind = attrs.get("type", "text")
            if kind in ("submit", "image"):
                value = attrs.get("value", "")
                self._form.buttons.append(Button(value, attrs["name"], value))
            elif kind not in ("checkbox", "radio") or "checked" in attrs:
                self._form.fields.append((attrs["name"], attrs.get("value", "")))
        elif tag == "select":
            self._select, self._options = attrs.get("name"), []
        elif tag == "option" and self._select is not None:
            self._options.append((attrs.get("value"), "selected" in attrs))
            self._text = []
        elif tag == "textarea":
            self._textarea, self._text = attrs.get("name"), []
        elif tag == "button" and attrs.get("type", "submit") == "submit":
            self._button, self._text = Button("", attrs.get("name"), attrs.get("value", "")), []

    def handle_data(self, data):
        self._text.append(data)

    def handle_endtag(self, tag):
        if self._form is None:
            return
        if tag == "option" and self._select is not None and self._options[-1][0] is None:
            self._options[-1] = ("".join(self._text).strip(), self._options[-1][1])
        elif tag == "select" and self._select is not None:
            chosen = [value for value, selected in self._options if selected] or \
                     [value for value, _ in self._options[:1]]
            if self._select and chosen:
                self._form.fields.append((self._select, chosen[0]))
            self._select = None
        elif tag == "textarea" and self._textarea is not None:
            text = "".join(self._text).replace("\r\n", "\n").removeprefix("\n")  # as browsers show it
            self._form.fields.append((self._textarea, text))
            self._textarea = None
        elif tag == "button" and self._button is not None:
            self._button.text = " ".join("".join(self._text).split())
            self._form.buttons.append(self._button)
            self._button = None
        elif tag == "form":
            self._form = None


def forms_of(html: str) -> list[Form]:
    """Return every form on a page."""
    parser = _FormParser()
    parser.feed(html)
    return parser.forms


def form_with_button(html: str, text: str, where=None) -> Form:
    """Return the one form whose submit button reads ``text`` (among those ``where`` accepts)."""
    found = [form for form in forms_of(html) if any(b.text == text for b in form.buttons)
             and (where is None or where(form))]
    assert len(found) == 1, \
        f"expected one form with a {text!r} button, found {len(found)}; buttons: {button_texts(html)}"
    return found[0]


def button_texts(html: str) -> list[str]:
    """Return the text of every submit button on a page, in order."""
    return [button.text for form in forms_of(html) for button in form.buttons]


def text_of(html: str) -> str:
    """Return a page's text without tags, scripts or styles, whitespace collapsed."""
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S | re.I)
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", html)).split())


def input_value(html: str, name: str) -> str | None:
    """Return the value of a named field anywhere on the page (first one), as a browser shows it."""
    for form in forms_of(html):
        value = form.value(name)
        if value is not None:
            return value
    return None


def submission(form: Form, button: str, changes: dict | None = None, drop=()) -> MultiDict:
    """Return what a browser sends for a form: its fields, changed as typed, plus the pressed button."""
    data = MultiDict(form.fields)
    for name, value in (changes or {}).items():
        data.setlist(name, [value])
    for name in drop:
        data.poplist(name)
    pressed = next(b for b in form.buttons if b.text == button)
    if pressed.name:
        data.add(pressed.name, pressed.value)
    return data


def table_rows(html: str, marker: str) -> list[list[str]]:
    """Return the body rows, as lists of cell texts, of the first table whose markup contains marker."""
    table = html[html.index(marker):]
    table = table[table.index("<tbody>"):table.index("</tbody>")]
    return [[text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", row, re.S)]
            for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
