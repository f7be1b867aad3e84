"""Every error message raised in the marked layers is an E_/EN_ Text, so it can be said in the reader's language.

An AST scan: a ``raise SomeError("...")`` or ``raise SomeError(f"...")`` (or an error's per-field
messages written as bare strings) in these files would reach a reader in English whatever their
language. Extend DIRECTORIES as more layers are marked (tests/unit/test_marked_messages.py also scans
logistics/services for sentences put in field messages, message variables and import refusals).
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

from logistics import errors
from logistics.domain.texts import TextError

ROOT = Path(__file__).resolve().parents[2]
DIRECTORIES = ["logistics/domain", "logistics/schemas", "logistics/api", "logistics/web", "logistics/services"]
FILES = ["logistics/errors.py", "logistics/http_errors.py", "logistics/entry.py", "logistics/downloads.py"]


def _subclasses(cls: type) -> set[str]:
    found = {cls.__name__}
    for sub in cls.__subclasses__():
        found |= _subclasses(sub)
    return found


def _error_names() -> set[str]:
    import logistics.api  # noqa: F401  (imports every module that defines an error class)
    import logistics.web  # noqa: F401

    return _subclasses(errors.DomainError) | _subclasses(TextError) | {"ValidationError"}


def _sources() -> list[Path]:
    paths = [path for directory in DIRECTORIES for path in sorted((ROOT / directory).rglob("*.py"))]
    return paths + [ROOT / name for name in FILES]


def _bare(node: ast.AST) -> bool:
    """Say whether an expression is a message written as it stands: a string literal or an f-string."""
    return isinstance(node, ast.JoinedStr) or (isinstance(node, ast.Constant) and isinstance(node.value, str))


def _bare_messages(node: ast.AST) -> list[ast.AST]:
    """Return the bare strings among an error's per-field messages ({"field": ["..."]}, nested)."""
    if isinstance(node, ast.Dict):
        return [found for value in node.values if value is not None for found in _bare_messages(value)]
    if isinstance(node, (ast.List, ast.Tuple)):
        return [element for element in node.elts if _bare(element)] + \
            [found for element in node.elts if not _bare(element) for found in _bare_messages(element)]
    return []


def _problems(path: Path, names: set[str]) -> list[str]:
    problems = []
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if not (isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call)):
            continue
        call = node.exc
        name = call.func.id if isinstance(call.func, ast.Name) else getattr(call.func, "attr", "")
        if name not in names:
            continue
        where = f"{path.relative_to(ROOT)}:{node.lineno} raise {name}"
        if call.args and _bare(call.args[0]):
            problems.append(f"{where}: the message is a bare string, not E_(...)")
        if len(call.args) > 1 and _bare_messages(call.args[1]):
            problems.append(f"{where}: a per-field message is a bare string, not E_(...)")
        if isinstance(call.args[0] if call.args else None, ast.Dict) and _bare_messages(call.args[0]):
            problems.append(f"{where}: a per-field message is a bare string, not E_(...)")
    return problems


def test_every_error_raised_in_the_marked_layers_carries_a_text():
    names = _error_names()
    assert {"Invalid", "Conflict", "QuantityError", "ValidationError"} <= names
    problems = [problem for path in _sources() for problem in _problems(path, names)]
    assert problems == []


@pytest.mark.parametrize("source, found", [
    ('raise Invalid("the shipment is gone")', 1),
    ('raise Invalid(f"line {n} is gone", {"line": ["gone"]})', 2),
    ('raise ValidationError(E_("gone"), "line")', 0),
    ('raise Conflict(E_("gone"), {"status": [E_("gone")]})', 0),
    ('raise TranslationError({"_schema": ["an object"]})', 1),
    ('raise KeyError("not a message for people")', 0),
])
def test_the_scan_finds_a_bare_message(tmp_path, source, found):
    path = ROOT / "build" / "scan_example.py"
    path.parent.mkdir(exist_ok=True)
    path.write_text(source + "\n")
    try:
        assert len(_problems(path, _error_names())) == found
    finally:
        path.unlink()
