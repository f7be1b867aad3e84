"""The mass totals as documents print them: net mass declared, gross mass weighed or estimated."""
from __future__ import annotations

from logistics.document_language import D_, ENGLISH_WORDING, Wording
from logistics.domain.documents import format_quantity
from logistics.domain.totals import GrossMass, NetMass


def net_text(net: NetMass, w: Wording = ENGLISH_WORDING) -> str:
    """Return the declared net mass in kg, or "not declared"."""
    if not net.missing_lines or net.declared.value:
        return format_quantity(net.declared.value, "kg", 3, w)
    return w.t(D_("not declared"))


def net_note(net: NetMass, line_count: int, w: Wording = ENGLISH_WORDING) -> str:
    """Return which lines the net mass leaves out ("" when none)."""
    if not net.missing_lines or not line_count:
        return ""
    lines = ", ".join(str(n) for n in net.missing_lines)
    if len(net.missing_lines) == line_count:
        return w.t(D_("No line has a declared net mass."))
    return w.t(D_("Declared net masses only; not included: line(s) {lines}, without a declared net mass.")
               ).format(lines=lines)


def gross_text(gross: GrossMass, w: Wording = ENGLISH_WORDING) -> str:
    """Return the gross mass in kg, "≈" when part of it is estimated."""
    prefix = "≈ " if gross.estimated else ""
    return f"{prefix}{format_quantity(gross.total.value, 'kg', 3, w)}"


def gross_note(gross: GrossMass, w: Wording = ENGLISH_WORDING) -> str:
    """Return how much of the gross mass is estimated and which lines it leaves out."""
    notes = []
    if gross.estimated:
        notes.append(w.t(D_("Includes ≈ {estimated} estimated from unit masses; {weighed} weighed.")).format(
            estimated=format_quantity(gross.estimated_part.value, "kg", 3, w),
            weighed=format_quantity(gross.exact_part.value, "kg", 3, w)))
    if gross.unweighed_lines:
        lines = ", ".join(str(n) for n in gross.unweighed_lines)
        notes.append(w.t(D_("Not included: line(s) {lines}, which could not be weighed (no unit mass).")
                         ).format(lines=lines))
    return " ".join(notes)
