"""Receipt discrepancies: why a line arrived other than sent, and the rule that asks for it.

The reasons are those of issue 13's receiving (short, damaged, wrong item, expired, other)
plus ``over``, which an over-receipt must carry: a line that arrived with more than was sent
is not accepted silently but confirmed as a surplus. ``short`` and ``over`` say which way the
count differs, so each fits one direction only; ``other`` needs a note saying what happened.
"""
from __future__ import annotations

from decimal import Decimal
from enum import StrEnum

from logistics.domain.texts import E_, figure


class DiscrepancyReason(StrEnum):
    """Why what arrived of a line differs from what was sent (or arrived unfit)."""

    SHORT = "short"
    DAMAGED = "damaged"
    WRONG_ITEM = "wrong_item"
    EXPIRED = "expired"
    OVER = "over"
    OTHER = "other"


REASON_LABELS = {
    DiscrepancyReason.SHORT: "short",
    DiscrepancyReason.DAMAGED: "damaged",
    DiscrepancyReason.WRONG_ITEM: "wrong item",
    DiscrepancyReason.EXPIRED: "expired",
    DiscrepancyReason.OVER: "over-receipt",
    DiscrepancyReason.OTHER: "other",
}
_LISTED = ", ".join(reason.value for reason in DiscrepancyReason)


def reason_label(reason: str | None) -> str:
    """Return a stored reason as people read it ("" for none)."""
    return REASON_LABELS[DiscrepancyReason(reason)] if reason else ""


def reason_and_note(reason: str | None, note: str | None) -> str:
    """Return a line's reason and note as one text for documents: "damaged: box crushed"."""
    return ": ".join(part for part in (reason_label(reason), note or "") if part)


def check_discrepancy(line_no: int, difference: Decimal, unit: str, reason: DiscrepancyReason | None,
                      note: str | None) -> dict[str, list[str]]:
    """Return what is wrong with a received line's reason ({} when it may be recorded).

    ``difference`` is received minus sent in the line's canonical ``unit``.
    """
    shown = figure(abs(difference), unit)
    if difference > 0 and reason is not DiscrepancyReason.OVER:
        return {"reason": [E_("line %(line)s: %(amount)s more arrived than was sent (an over-receipt): "
                              "confirm it with reason over, and say why in the note",
                              line=line_no, amount=shown)]}
    if difference < 0 and reason is None:
        return {"reason": [E_("line %(line)s: %(amount)s less arrived than was sent: give a reason "
                              "(%(reasons)s)", line=line_no, amount=shown,
                              reasons=_LISTED.replace(", over", ""))]}
    if reason is DiscrepancyReason.SHORT and difference >= 0:
        return {"reason": [E_("line %(line)s: reason short means less arrived than was sent; "
                              "it arrived in full", line=line_no)]}
    if reason is DiscrepancyReason.OVER and difference <= 0:
        if difference == 0:
            return {"reason": [E_("line %(line)s: reason over means more arrived than was sent; "
                                  "it arrived in full", line=line_no)]}
        return {"reason": [E_("line %(line)s: reason over means more arrived than was sent; less arrived",
                              line=line_no)]}
    if reason is DiscrepancyReason.OTHER and not (note or "").strip():
        return {"note": [E_("line %(line)s: with reason other, say in the note what happened", line=line_no)]}
    return {}
