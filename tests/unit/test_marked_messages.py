"""Every message the services make for people is marked E_/EN_ (errors catalog), never a bare sentence.

An ast scan of the source: a sentence written as a string literal or an f-string inside what is
raised (an exception's message or its per-field messages), in a field-message list, or as the
reason of an import Refusal, is English forever. The scan is a function of a directory, so other
directories can be held to it too; its own cases show it catches each shape.
"""
from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
SCANNED = ["logistics/services"]
MARKERS = {"E_", "EN_"}
OTHER_CATALOGS = {"D_", "DN_", "DC_", "gettext", "ngettext", "_"}  # documents, notifications, pages
WORD = re.compile(r"[A-Za-z]{2,}")
MESSAGE_NAMES = {"message", "messages", "problem", "problems", "errors", "fields", "said", "reason"}
# Raised for programmers, never shown to a person (a 500 and a log line): they may stay English.
PROGRAMMER_ERRORS = {"ValueError", "CompileError", "TypeError", "AssertionError", "NotImplementedError"}


def _name(node: ast.AST) -> str:
    if isinstance(node, ast.Name):
        return node.id
    if isinstance(node, ast.Attribute):
        return node.attr
    return ""


def _is_sentence(node: ast.AST) -> bool:
    """Say whether a node is a bare sentence: an f-string or a literal with words in it."""
    if isinstance(node, ast.JoinedStr):  # f"{state} ({said})" joins pieces; f"no line {no}" is a sentence
        return bool(WORD.search(" ".join(part.value for part in node.values
                                         if isinstance(part, ast.Constant))))
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return " " in node.value.strip() and bool(WORD.search(node.value))
    return False


def _bare(node: ast.AST) -> list[ast.AST]:
    """Return the bare sentences under node, not looking inside E_/EN_ calls (their parameters are free)."""
    if isinstance(node, ast.Call) and _name(node.func) in MARKERS | OTHER_CATALOGS:
        return []
    if _is_sentence(node):
        return [node]
    found = []
    for child in ast.iter_child_nodes(node):
        found.extend(_bare(child))
    return found


def _holds_messages(target: ast.AST) -> bool:
    """Say whether an assignment's target holds messages: errors["sku"] = [...], problems = {...}."""
    if isinstance(target, ast.Subscript):
        return True
    return isinstance(target, ast.Name) and target.id in MESSAGE_NAMES


def unmarked(source: str) -> list[int]:
    """Return the line numbers of unmarked messages in a module's source."""
    tree = ast.parse(source)
    lines: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call):
            if _name(node.exc.func) in PROGRAMMER_ERRORS:
                continue
            lines.update(found.lineno for found in _bare(node.exc))
        elif isinstance(node, ast.Call) and _name(node.func) in ("Refusal", "refusal"):
            reason = node.args[3] if len(node.args) > 3 else next(
                (k.value for k in node.keywords if k.arg == "reason"), None)
            if reason is not None:
                lines.update(found.lineno for found in _bare(reason))
        elif isinstance(node, ast.Assign) and any(_holds_messages(target) for target in node.targets):
            lines.update(found.lineno for found in _bare(node.value))
    return sorted(lines)


@pytest.mark.parametrize("directory", SCANNED)
def test_every_message_made_for_people_is_marked_for_the_errors_catalog(directory):
    problems = [f"{path.relative_to(ROOT)}:{line}" for path in sorted((ROOT / directory).rglob("*.py"))
                for line in unmarked(path.read_text(encoding="utf-8"))]
    assert problems == [], "write these as E_(...)/EN_(...) with %(name)s parameters: " + ", ".join(problems)


@pytest.mark.parametrize("source", [
    'raise Invalid("the item was not saved")',
    'raise NotFound(f"shipment {key} not found")',
    'raise Invalid("the item was not saved: " + summarize(errors), errors)',
    'raise Conflict(E_("line %(line)s is packed", line=1), {"quantity": ["packed; unpack it first"]})',
    'raise FileRefused(Refusal(1, None, None, "the file is empty: name the columns"))',
    'problems = [refusal(row, "type", value, f"unknown package type {value}")]',
    'errors["password"] = [f"use at least {MIN} characters"]',
    'fields = {"to": ["must not be before from"]}',
    'message = f"shipment {reference} has no packages"',
    'errors.setdefault("received", {})[index] = {"line_id": [f"line {no} is listed twice"]}',
    'raise QuantityError("a unit mass is a mass, not %s" % unit)',
])
def test_the_scan_catches_a_bare_sentence_in_each_shape(source):
    assert unmarked(source) == [1]


@pytest.mark.parametrize("source", [
    'raise Invalid(E_("the item was not saved: %(problems)s", problems=summarize(errors)), errors)',
    'raise NotFound(E_("shipment %(key)s not found", key=f"{key!r}"))',
    'raise Throttled(EN_("wait %(n)s minute", "wait %(n)s minutes", 15))',
    'raise ValueError(f"a page holds at least one row, not {size}")',
    'errors["file"] = [message_of(error)]',
    'raise Forbidden(refusal)',
    'fields = {"status": ["draft", "confirmed"]}',
    'ITEMS = [("PAR-01", "Paracetamol 500 mg tablets", "box")]',
    'said = held + (f", {said}" if said else "")',
    'data.extra["date"] = w.t(D_("{date} (planned)")).format(date=day)',
])
def test_marked_messages_and_programmer_errors_pass(source):
    assert unmarked(source) == []
