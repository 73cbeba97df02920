"""Write a plan as the Excel plan workbook a department edits to make its next plan."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.plan import workbook_schema as S
from pii_excel.plan.mapping import row_of
from pii_excel.plan.model import Period, Plan
from pii_excel.plan.periods import data_period
from pii_excel.xlsx_style import base_format, common_formats, new_workbook, print_setup, row_height

CODE_SEP = "; "


def plan_info(plan: Plan) -> dict[str, object]:
    return row_of(plan, S.INFO_FIELDS)


def plan_tables(plan: Plan) -> dict[str, list[dict[str, object]]]:
    """The plan as rows of each table sheet, keyed by column key."""
    agencies = []
    for a in plan.agencies:
        row = row_of(a, S.AGENCY_COLUMNS)
        if not a.is_group:
            row["all_members"] = ""  # only a group can include every agency
        agencies.append(row)
    return {
        S.SHEET_PILLARS: [row_of(p, S.PILLAR_COLUMNS) for p in plan.pillars],
        S.SHEET_GROUPS: [row_of(g, S.GROUP_COLUMNS) for g in plan.groups],
        S.SHEET_INDICATORS: [row_of(i, S.INDICATOR_COLUMNS) for i in plan.indicators],
        S.SHEET_PROFILE: [row_of(p, S.PROFILE_COLUMNS) for p in plan.profile],
        S.SHEET_AGENCIES: agencies,
        S.SHEET_TASKS: [row_of(t, S.TASK_COLUMNS) for t in plan.tasks],
        S.SHEET_PERIODS: [_period_row(p) for p in plan.periods],
    }


def _period_row(period: Period) -> dict[str, object]:
    """A period's row; its data period is left blank when it is the regime's default, so staff who renumber
    the period for another year cannot keep last year's dates by mistake."""
    row = row_of(period, S.PERIOD_COLUMNS)
    if (period.start, period.end) == data_period(period.id):
        row["start"] = row["end"] = None
    return row


def blank_plan() -> Plan:
    """What `plan new` writes: no rows, the report settings' usual wording, 34 provinces ranked (since 7/2025)."""
    return Plan(id="", title="", index_kind="", ranking_size=34)


def write_plan_workbook(plan: Plan, target: str | Path, to_check: tuple[str, list[str]] | None = None) -> Path:
    """The plan workbook; `to_check` (a heading and its lines) opens the guide with what staff must confirm, such as
    the guesses `plan import` made."""
    target = Path(target)
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": plan.title, "subject": f"Kế hoạch {plan.id}"})
        fmt = _formats(wb)
        _write_guide(wb, fmt, to_check)
        _write_info(wb, fmt, plan_info(plan))
        for sheet, rows in plan_tables(plan).items():
            _write_table(wb, fmt, sheet, S.TABLES[sheet], rows)
        wb.close()
    return target


def _formats(wb) -> dict:
    base = base_format()
    return {
        **common_formats(wb),
        "key": wb.add_format({**base, "font_color": "#7F7F7F", "font_size": 10}),
        "label": wb.add_format({**base, "bold": True}),
        "number": wb.add_format({**base, "border": 1, "num_format": "0.00##"}),  # plan figures keep their decimals
        "wrap": wb.add_format({**base, "text_wrap": True, "valign": "top"}),
    }


def _write_guide(wb, fmt, to_check: tuple[str, list[str]] | None = None) -> None:
    ws = wb.add_worksheet(S.SHEET_GUIDE)
    width = 75  # fits portrait A4 at full size; rows are sized because LibreOffice and WPS do not fit them
    ws.set_column(0, 0, width, fmt["wrap"])
    lines = list(S.GUIDE_LINES)
    if to_check is not None:
        heading, items = to_check
        lines[1:1] = ["", heading, *[f"{n}. {item}" for n, item in enumerate(items, start=1)], ""]
    for row, line in enumerate(lines):
        ws.write_string(row, 0, line, fmt["title"] if row == 0 else fmt["wrap"])
        if row and line:
            ws.set_row(row, row_height([(line, width)]))
    print_setup(ws, landscape=False, widths=[width])


def _write_value(ws, row: int, col: int, column: S.Column, value, fmt) -> None:
    if value is None or value == "":
        ws.write_blank(row, col, None, fmt["cell"])
    elif column.kind == "date" and isinstance(value, (date, datetime)):
        ws.write_datetime(row, col, datetime(value.year, value.month, value.day), fmt["date"])
    elif column.kind in ("number", "int") and isinstance(value, (int, float)):
        ws.write_number(row, col, value, fmt["int" if column.kind == "int" else "number"])
    else:
        ws.write_string(row, col, str(value), fmt["cell"])


def _add_choice_validation(ws, first_row: int, last_row: int, col: int, column: S.Column) -> None:
    if not column.choices:
        return
    ws.data_validation(
        first_row,
        col,
        last_row,
        col,
        {
            "validate": "list",
            "source": list(column.choices),
            "error_title": "Giá trị không hợp lệ",
            "error_message": "Chọn một giá trị trong danh sách: " + ", ".join(column.choices),
            "input_title": column.header[:32],
            "input_message": (column.help or "Chọn từ danh sách")[:255],
        },
    )


def _write_info(wb, fmt, info: dict) -> None:
    ws = wb.add_worksheet(S.SHEET_INFO)
    ws.set_column(0, 0, 24, fmt["key"])
    ws.set_column(1, 1, 46, fmt["label"])
    ws.set_column(2, 2, 70, fmt["text"])
    ws.set_column(3, 3, 50, fmt["key"])
    for col, head in enumerate(("Mã trường", "Thông tin", "Giá trị", "Hướng dẫn")):
        ws.write_string(0, col, head, fmt["header"])
    for row, field in enumerate(S.INFO_FIELDS, start=1):
        ws.write_string(row, 0, field.key, fmt["key"])
        ws.write_string(row, 1, field.header + (" *" if field.required else ""), fmt["label"])
        _write_value(ws, row, 2, field, info.get(field.key), fmt)
        if field.help:
            ws.write_string(row, 3, field.help, fmt["key"])
        _add_choice_validation(ws, row, row, 2, field)
    ws.freeze_panes(1, 0)


def _write_table(wb, fmt, sheet: str, columns: tuple[S.Column, ...], rows: list[dict]) -> None:
    ws = wb.add_worksheet(sheet)
    for col, column in enumerate(columns):
        ws.set_column(col, col, column.width)
        ws.write_string(0, col, column.header + (" *" if column.required else ""), fmt["header"])
        if column.help:
            ws.write_comment(0, col, column.help, {"x_scale": 2})
    for r, row in enumerate(rows, start=1):
        for col, column in enumerate(columns):
            _write_value(ws, r, col, column, row.get(column.key), fmt)
    last = max(len(rows) + 200, 500)  # room for new rows keeps the drop-downs working there too
    for col, column in enumerate(columns):
        _add_choice_validation(ws, 1, last, col, column)
    ws.freeze_panes(1, 1)
    ws.autofilter(0, 0, max(len(rows), 1), len(columns) - 1)
    print_setup(ws, repeat_to_row=0)
