"""Read a plan workbook (.xlsx, .ods, .xls) into a Plan, with a located finding for every bad cell."""

from __future__ import annotations

import re
from pathlib import Path

from pii_excel.cells import cell_ref, parse_date, text_of
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.numbers import parse_number
from pii_excel.plan import workbook_schema as S
from pii_excel.plan.mapping import from_cells
from pii_excel.plan.model import (
    Agency,
    Group,
    Indicator,
    Period,
    Pillar,
    Plan,
    ProfileScore,
    Task,
)
from pii_excel.plan.periods import data_period, make_period, normalise_period_id
from pii_excel.plan.vocab import (
    parse_comparator,
    parse_direction,
    parse_figure_from,
    parse_frequency,
    parse_kind,
    parse_side,
    parse_target_on,
    parse_yes_no,
)
from pii_excel.textnorm import clean_text, fold, nfc

_CHOICE_PARSERS = {
    "side": parse_side,
    "direction": parse_direction,
    "frequency": parse_frequency,
    "kind": parse_kind,
    "target_on": parse_target_on,
    "figure_from": parse_figure_from,
}
_CODE_SPLIT = re.compile(r"[;,\n]+")


class _Reader:
    def __init__(self, file: str):
        self.file = file
        self.findings: list[Finding] = []

    def problem(self, code: Code, sheet: str, cell: str = "", **kw) -> None:
        self.findings.append(finding(code, at=Location(self.file, sheet, cell), **kw))

    def value(self, column: S.Column, raw: object, sheet: str, cell: str):
        """Typed value of one cell, or None (with a finding) when it cannot be understood."""
        text = clean_text(text_of(raw))
        if column.kind not in ("lines",) and not text:
            if column.required:
                self.problem(Code.PLAN_FIELD_MISSING, sheet, cell, field=column.header)
            return [] if column.kind == "codes" else None
        kind = column.kind
        if kind == "text":
            return text
        if kind == "lines":
            lines = [clean_text(x) for x in nfc(text_of(raw)).splitlines()]
            return [x for x in lines if x]
        if kind == "codes":
            return [c for c in (clean_text(x) for x in _CODE_SPLIT.split(text)) if c]
        if kind in ("number", "int"):
            parsed = parse_number(raw)
            if parsed.value is None or (kind == "int" and not parsed.value.is_integer()):
                self.problem(Code.PLAN_VALUE_NOT_NUMBER, sheet, cell, field=column.header, value=text)
                return None
            return int(parsed.value) if kind == "int" else parsed.value
        if kind == "date":
            try:
                return parse_date(raw)
            except ValueError:
                self.problem(Code.PLAN_VALUE_NOT_DATE, sheet, cell, field=column.header, value=text)
                return None
        if kind == "comparator":
            op = parse_comparator(text)
            if op is None:
                self.problem(Code.PLAN_COMPARATOR_INVALID, sheet, cell, value=text)
            return op
        choices = ", ".join(column.choices)
        result = parse_yes_no(text) if kind == "bool" else _CHOICE_PARSERS[kind.split(":", 1)[1]](text)
        if result is None:
            self.problem(Code.PLAN_VALUE_NOT_IN_LIST, sheet, cell, field=column.header, value=text, choices=choices)
        return result


def _sheet_rows(workbook, wanted: str, reader: _Reader) -> list[list] | None:
    names = {fold(n): n for n in workbook.sheet_names}
    name = names.get(fold(wanted))
    if name is None:
        if wanted not in S.OPTIONAL_SHEETS:
            reader.problem(Code.PLAN_SHEET_MISSING, wanted)
        return None
    return workbook.get_sheet_by_name(name).to_python(skip_empty_area=False)


def _header_key(text: object) -> str:
    return fold(text_of(text)).rstrip("*").strip()


def _read_table(workbook, sheet: str, reader: _Reader) -> list[tuple[int, dict, dict]]:
    """Rows of a table sheet as (row index, values by key, origin by key)."""
    columns = S.TABLES[sheet]
    rows = _sheet_rows(workbook, sheet, reader)
    if not rows:
        return []
    header = {_header_key(h): i for i, h in enumerate(rows[0])}
    positions: dict[str, int] = {}
    for column in columns:
        pos = header.get(_header_key(column.header))
        if pos is None:
            if column.required:
                reader.problem(Code.PLAN_COLUMN_MISSING, sheet, "1", column=column.header)
            continue
        positions[column.key] = pos
    if any(c.required and c.key not in positions for c in columns):
        return []
    result = []
    for r, row in enumerate(rows[1:], start=1):
        if all(clean_text(text_of(v)) == "" for v in row):
            continue
        values, origin = {}, {"_row": Location("", sheet, cell_ref(r, 0))}
        for column in columns:
            pos = positions.get(column.key)
            raw = row[pos] if pos is not None and pos < len(row) else None
            origin[column.key] = Location("", sheet, cell_ref(r, pos if pos is not None else 0))
            values[column.key] = reader.value(column, raw, sheet, cell_ref(r, pos if pos is not None else 0))
        result.append((r, values, origin))
    return result


def _read_info(workbook, reader: _Reader) -> tuple[dict, dict]:
    rows = _sheet_rows(workbook, S.SHEET_INFO, reader) or []
    by_key = {clean_text(text_of(row[0])): (r, row) for r, row in enumerate(rows) if row}
    values: dict[str, object] = {}
    origin: dict[str, Location] = {}
    for field in S.INFO_FIELDS:
        found = by_key.get(field.key)
        if found is None:
            if field.required and rows:
                reader.problem(Code.PLAN_FIELD_MISSING, S.SHEET_INFO, field=field.header)
            values[field.key] = [] if field.kind == "lines" else None
            continue
        r, row = found
        raw = row[2] if len(row) > 2 else None
        origin[field.key] = Location("", S.SHEET_INFO, cell_ref(r, 2))
        values[field.key] = reader.value(field, raw, S.SHEET_INFO, cell_ref(r, 2))
    return values, origin


def _period(v: dict, origin: dict, reader: _Reader) -> Period | None:
    period_id = normalise_period_id(v["id"])
    if data_period(period_id) is None:
        reader.problem(Code.PLAN_PERIOD_INVALID, origin["id"].sheet, origin["id"].cell, value=v["id"])
        return None
    if v["deadline"] is None:
        return None
    # The label and the default data period follow from the id, so a renamed period never keeps last year's
    # dates unless staff typed them.
    period = make_period(period_id, v["deadline"], v["start"], v["end"], v["ranking_size"])
    period.origin = origin
    return period


def read_plan_workbook(path: str | Path) -> tuple[Plan | None, list[Finding]]:
    """Read a plan workbook. Returns (None, findings) when it cannot be read at all."""
    from python_calamine import CalamineWorkbook

    path = Path(path)
    reader = _Reader(nfc(path.name))
    try:
        workbook = CalamineWorkbook.from_path(str(path))
    except Exception as exc:  # calamine raises several types for broken or foreign files
        from pii_excel.intake.reader_errors import explain  # the same Vietnamese reasons as for agencies' files

        failure = explain(exc)
        reason = failure.reason or "tệp được đặt mật khẩu"
        reader.problem(Code.PLAN_UNREADABLE, "", detail=reason, technical=failure.technical)
        return None, reader.findings
    info, info_origin = _read_info(workbook, reader)
    tables = {sheet: _read_table(workbook, sheet, reader) for sheet in S.TABLES}
    if any(f.code in (Code.PLAN_SHEET_MISSING, Code.PLAN_COLUMN_MISSING) for f in reader.findings):
        return None, reader.findings
    if any(info[k] is None for k in ("id", "title")):
        return None, reader.findings

    tasks = [
        from_cells(Task, S.TASK_COLUMNS, v, indicator=v["indicator"] or None, origin=o)
        for _, v, o in tables[S.SHEET_TASKS]
        if v["id"] and v["text"]
    ]
    periods = [p for _, v, o in tables[S.SHEET_PERIODS] if v["id"] and (p := _period(v, o, reader))]

    def rows(sheet: str, cls: type) -> list:
        return [from_cells(cls, S.TABLES[sheet], v, origin=o) for _, v, o in tables[sheet] if v["code"] and v["name"]]

    plan = from_cells(
        Plan,
        S.INFO_FIELDS,
        info,
        pillars=rows(S.SHEET_PILLARS, Pillar),
        groups=rows(S.SHEET_GROUPS, Group),
        profile=rows(S.SHEET_PROFILE, ProfileScore),
        indicators=rows(S.SHEET_INDICATORS, Indicator),
        agencies=rows(S.SHEET_AGENCIES, Agency),
        tasks=tasks,
        periods=periods,
        origin={**info_origin, "coordinator": info_origin.get("coordinator", Location("", S.SHEET_INFO))},
    )
    return plan, reader.findings
