"""«noi-dung-cua-so.xlsx»: what only the Sở can write in its report — the causes (II.3), its own tasks and solutions
(III), its proposals (IV) — written once in cells, kept in the input folder and used by every later run of the
period, so the signed copy has no dotted lines. Each run offers the form in the period's output folder, filled with
what it used. The layout is shared by this writer and by intake (`intake/own_text.py`)."""

from __future__ import annotations

from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.model import OWN_TEXT_FILE, Consolidation
from pii_excel.xlsx_style import FONT, common_formats, new_workbook, print_setup, row_height

SHEET = "Nội dung Sở viết"
PERIOD_LABEL = "Kỳ báo cáo"
SECTIONS = (
    ("nguyen_nhan", "II.3. Nguyên nhân"),
    ("giai_phap", "III. Nhiệm vụ, giải pháp thời gian tới (bổ sung)"),
    ("de_xuat", "IV. Đề xuất, kiến nghị của Sở"),
)
TOP = 3  # title, how to use it, a blank row; then the period row and the sections
WIDTHS = (14, 34, 90)


def write_own_text_form(model: Consolidation, target: Path) -> Path:
    """The form, filled with the text this run used (blank sections where there was none)."""
    used = {t.key: t.text for t in model.intake.own_text}
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": f"Nội dung của Sở - {model.period.label}"}, model.run_id)
        f = common_formats(wb, 12)
        unlocked = wb.add_format(
            {
                "font_name": FONT,
                "font_size": 12,
                "text_wrap": True,
                "valign": "top",
                "border": 1,
                "locked": False,
                "bg_color": "#FFF2CC",
            }
        )
        ws = wb.add_worksheet(SHEET)
        for c, width in enumerate(WIDTHS):
            ws.set_column(c, c, width)
        ws.write_string(0, 0, "NỘI DUNG SỞ TỰ VIẾT TRONG BÁO CÁO", f["title"])
        ws.write_string(
            1,
            0,
            "Viết vào các ô màu vàng (mỗi ý một dòng: Alt+Enter), lưu tệp vào thư mục input với "
            f"đúng tên «{OWN_TEXT_FILE}» rồi chạy lại; báo cáo dùng nội dung này thay cho dòng chấm, ở "
            "mọi lần chạy sau của kỳ.",
            f["plain"],
        )
        ws.write_string(TOP, 0, "period", f["cell"])
        ws.write_string(TOP, 1, PERIOD_LABEL, f["label"])
        ws.write_string(TOP, 2, model.period.id, f["cell"])
        for r, (key, label) in enumerate(SECTIONS, start=TOP + 1):
            ws.write_string(r, 0, key, f["cell"])
            ws.write_string(r, 1, label, f["label"])
            ws.write_string(r, 2, used.get(key, ""), unlocked)  # our own run's text, stays text
            ws.set_row(r, max(90, row_height([(used.get(key, ""), WIDTHS[2])])))
        ws.protect("", {"format_rows": True, "format_columns": True})
        print_setup(ws, landscape=True, margins=(0.5, 0.5, 0.6, 0.6))
        wb.close()
    return target
