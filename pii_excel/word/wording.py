"""Words and forms of an official Vietnamese document that do not depend on a plan: the dotted lines left to
write on, the blank for the number the clerk fills at signing, dates in the decree's form, «Nơi nhận» lines and
signed changes."""

from __future__ import annotations

from datetime import date

from pii_excel.numbers import fixed

DOTS = "…" * 60


NUMBER_BLANK = " " * 8  # "Số:        /BC-KHCN": the clerk writes the number at signing


def signed(value: float | None) -> str:
    if value is None:
        return ""
    return ("+" if value > 0 else "") + fixed(value)


def date_parts(day: date) -> tuple[str, str, str]:
    """Nghị định 30: day < 10 and months 1-2 take a leading zero."""
    month = f"{day.month:02d}" if day.month <= 2 else str(day.month)
    return f"{day.day:02d}", month, str(day.year)


def copy_to(items: list[str]) -> list[str]:
    """ "- Như trên;" ... "- Lưu: VT, ..." with the decree's punctuation."""
    items = items or ["Như trên", "Lưu: VT"]
    out = []
    for i, item in enumerate(items):
        text = item.strip().rstrip(";.")
        out.append(f"- {text}{'.' if i == len(items) - 1 else ';'}")
    return out
