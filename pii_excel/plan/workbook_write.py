"""Write a plan as the Excel plan workbook a department edits to make its next plan."""

from __future__ import annotations

from datetime import date, datetime
from pathlib import Path

from pii_excel.atomic import atomic_path
from pii_excel.plan import workbook_schema as S
from pii_excel.plan.model import Plan
from pii_excel.plan.vocab import AGENCY_KINDS, DIRECTIONS, FREQUENCIES, SIDES, YES_NO
from pii_excel.xlsx_style import base_format, common_formats, new_workbook, print_setup

CODE_SEP = "; "


def _codes(codes: list[str]) -> str:
    return CODE_SEP.join(codes)


def plan_info(plan: Plan) -> dict[str, object]:
    r, g = plan.report, plan.overall_goal
    return {
        "id": plan.id,
        "title": plan.title,
        "index_kind": plan.index_kind,
        "province": plan.province,
        "issuer": plan.issuer,
        "parent_body": plan.parent_body,
        "doc_number": plan.doc_number,
        "doc_date": plan.doc_date,
        "ranking_size": plan.ranking_size,
        "baseline_year": plan.baseline_year,
        "target_year": plan.target_year,
        "coordinator": plan.coordinator,
        "overall_baseline_score": plan.overall_baseline_score,
        "overall_baseline_rank": plan.overall_baseline_rank,
        "overall_goal_op": g.op,
        "overall_goal_score": g.score,
        "overall_goal_top_n": g.top_n,
        "overall_goal_note": g.note,
        "overall_scale": plan.overall_scale,
        "report_doc_symbol": r.doc_symbol,
        "report_parent_body": r.parent_body,
        "report_issuing_body": r.issuing_body,
        "report_place": r.place,
        "report_recipients": "\n".join(r.recipients),
        "report_copy_to": "\n".join(r.copy_to),
        "report_signer_authority": r.signer_authority,
        "report_signer_title": r.signer_title,
        "report_signer_name": r.signer_name,
        "notes": "\n".join(plan.notes),
    }


def plan_tables(plan: Plan) -> dict[str, list[dict[str, object]]]:
    """The plan as rows of each table sheet, keyed by column key."""
    return {
        S.SHEET_PILLARS: [
            {
                "code": p.code,
                "name": p.name,
                "side": SIDES.get(p.side or "", ""),
                "components": "\n".join(p.components),
                "baseline_score": p.baseline_score,
                "baseline_rank": p.baseline_rank,
                "goal_op": p.goal.op,
                "goal_score": p.goal.score,
                "goal_top_n": p.goal.top_n,
                "goal_note": p.goal.note,
                "weight": p.weight,
            }
            for p in plan.pillars
        ],
        S.SHEET_INDICATORS: [
            {
                "code": i.code,
                "name": i.name,
                "unit": i.unit,
                "pillar": i.pillar,
                "direction": DIRECTIONS.get(i.direction, i.direction),
                "baseline_year": i.baseline_year,
                "baseline_value": i.baseline_value,
                "target_op": i.target.op,
                "target_value": i.target.value,
                "target_increase": i.target.increase,
                "lead": _codes(i.lead),
                "cooperating": _codes(i.cooperating),
                "frequency": FREQUENCIES.get(i.frequency, i.frequency),
                "note": i.note,
            }
            for i in plan.indicators
        ],
        S.SHEET_AGENCIES: [
            {
                "code": a.code,
                "name": a.name,
                "short_name": a.short_name,
                "kind": AGENCY_KINDS.get(a.kind, a.kind),
                "email": a.email,
                "members": _codes(a.members),
                "all_members": YES_NO[a.all_members] if a.is_group else "",
                "reports": YES_NO[a.reports],
            }
            for a in plan.agencies
        ],
        S.SHEET_TASKS: [
            {
                "id": t.id,
                "indicator": t.indicator or "",
                "text": t.text,
                "lead": _codes(t.lead),
                "cooperating": _codes(t.cooperating),
                "due": t.due,
            }
            for t in plan.tasks
        ],
        S.SHEET_PERIODS: [{"id": p.id, "deadline": p.deadline} for p in plan.periods],
    }


def write_plan_workbook(plan: Plan, target: str | Path) -> Path:
    target = Path(target)
    with atomic_path(target) as tmp:
        wb = new_workbook(tmp, {"title": plan.title, "subject": f"Kế hoạch {plan.id}"})
        fmt = _formats(wb)
        _write_guide(wb, fmt)
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
    }


def _write_guide(wb, fmt) -> None:
    ws = wb.add_worksheet(S.SHEET_GUIDE)
    ws.set_column(0, 0, 120, fmt["text"])
    for row, line in enumerate(S.GUIDE_LINES):
        ws.write_string(row, 0, line, fmt["title"] if row == 0 else fmt["text"])


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
