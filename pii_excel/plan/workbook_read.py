"""Read a plan workbook (.xlsx, .ods, .xls) into a Plan, with a located finding for every bad cell."""

from __future__ import annotations

import difflib
import io
import re
from pathlib import Path

from pii_excel.cells import cell_ref, column_letter, parse_date, text_of
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.numbers import format_number, parse_number
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
from pii_excel.textnorm import ascii_slug, clean_text, fold, nfc

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
        # comparators typed into number cells ("≥1"), by (sheet, cell): checked against their comparator column
        self.typed_ops: dict[tuple[str, str], tuple[str, str]] = {}

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
            if parsed.comparator:
                if not column.op:
                    self.problem(Code.PLAN_COMPARATOR_IN_NUMBER, sheet, cell, field=column.header, value=text)
                    return None
                self.typed_ops[(sheet, cell)] = (parsed.comparator, text)
            if parsed.thousands_dot:
                small = format_number(parsed.value / 1000, 3)
                self.problem(
                    Code.PLAN_NUMBER_THOUSANDS_DOT,
                    sheet,
                    cell,
                    field=column.header,
                    value=text,
                    number=format_number(parsed.value).replace(".", " "),
                    small=small,
                    small_text=small,
                )
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


def _meaning(text: object) -> str:
    """A header's words without marks, parentheses or diacritics: «Đơn vị chủ trì (mã) *» and «don vi chu tri»
    mean the same column."""
    words = re.sub(r"\([^)]*\)|\*", " ", fold(text_of(text)))
    return " ".join(ascii_slug(words).lower().replace("-", " ").split())


def _match_columns(
    header: list, columns: tuple[S.Column, ...], sheet: str, reader: _Reader, has_data
) -> dict[str, int] | None:
    """Where each column is, found by its header's meaning; None when a column cannot be placed and the sheet
    must not be read (its cells would be read as other fields)."""
    cells = {i: _meaning(h) for i, h in enumerate(header) if _meaning(h)}
    positions: dict[str, int] = {}
    for column in columns:  # the header as written, then the same words
        want = _meaning(column.header)
        pos = next((i for i, m in cells.items() if m == want and i not in positions.values()), None)
        if pos is not None:
            positions[column.key] = pos
    for column in columns:  # then a header close to it (a typo, a word added)
        if column.key in positions:
            continue
        want = _meaning(column.header)
        free = [
            (difflib.SequenceMatcher(None, want, m).ratio(), i) for i, m in cells.items() if i not in positions.values()
        ]
        best = max(free, default=None)
        if best is not None and best[0] >= 0.88:
            positions[column.key] = best[1]
    placed = set(positions.values())
    stop = False
    for index, column in enumerate(columns):
        if column.key in positions:
            continue
        cell = f"{column_letter(index)}1"
        if index in cells and index not in placed:
            reader.problem(
                Code.PLAN_COLUMN_RENAMED, sheet, cell, value=clean_text(text_of(header[index])), column=column.header
            )
            placed.add(index)
            stop = True
        elif column.required:
            reader.problem(Code.PLAN_COLUMN_MISSING, sheet, cell, column=column.header)
            stop = True
    for i in sorted(set(cells) - placed):
        if has_data(i):
            reader.problem(Code.PLAN_COLUMN_UNKNOWN, sheet, cell_ref(0, i), value=clean_text(text_of(header[i])))
    return None if stop else positions


def _read_table(workbook, sheet: str, reader: _Reader) -> list[tuple[int, dict, dict]]:
    """Rows of a table sheet as (row index, values by key, origin by key)."""
    columns = S.TABLES[sheet]
    rows = _sheet_rows(workbook, sheet, reader)
    if not rows:
        return []
    body = rows[1:]
    positions = _match_columns(
        rows[0], columns, sheet, reader, lambda i: any(i < len(r) and clean_text(text_of(r[i])) for r in body)
    )
    if positions is None:
        return []
    result = []
    for r, row in enumerate(body, start=1):
        if all(clean_text(text_of(v)) == "" for v in row):
            continue
        values, origin = {}, {"_row": Location("", sheet, cell_ref(r, 0))}
        for column in columns:
            pos = positions.get(column.key)
            raw = row[pos] if pos is not None and pos < len(row) else None
            origin[column.key] = Location("", sheet, cell_ref(r, pos if pos is not None else 0))
            values[column.key] = reader.value(column, raw, sheet, cell_ref(r, pos if pos is not None else 0))
        _typed_comparators(columns, values, origin, reader)
        result.append((r, values, origin))
    return result


def _typed_comparators(columns: tuple[S.Column, ...], values: dict, origin: dict, reader: _Reader) -> None:
    """A comparator typed with the number ("≥20"): taken when its own column is blank, a conflict when that
    column says otherwise (found at the cell typed, not at the comparator column)."""
    by_key = {c.key: c for c in columns}
    for column in columns:
        if not column.op:
            continue
        at = origin.get(column.key)
        typed = reader.typed_ops.pop((at.sheet, at.cell), None) if at is not None else None
        if typed is None or at is None:
            continue
        op, text = typed
        stated = values.get(column.op)
        if stated is None:
            values[column.op] = op
        elif stated != op:
            op_at = origin.get(column.op) or at
            reader.problem(
                Code.PLAN_COMPARATOR_CONFLICT,
                at.sheet,
                at.cell,
                value=text,
                typed=op,
                op=stated,
                op_cell=op_at.cell,
                op_column=by_key[column.op].header,
            )


def _read_info(workbook, reader: _Reader) -> tuple[dict, dict]:
    """«Thông tin chung»: each field's row found by its key (column A) or, when the key was edited, by its label
    (column B); a required row found by neither is named with the cell its key belongs in."""
    rows = _sheet_rows(workbook, S.SHEET_INFO, reader) or []
    by_key = {clean_text(text_of(row[0])): (r, row) for r, row in enumerate(rows) if row}
    by_label = {_meaning(row[1]): (r, row) for r, row in enumerate(rows) if len(row) > 1 and _meaning(row[1])}
    values: dict[str, object] = {}
    origin: dict[str, Location] = {}
    for index, field in enumerate(S.INFO_FIELDS):
        found = by_key.get(field.key) or by_label.get(_meaning(field.header))
        if found is None:
            if field.required and rows:
                reader.problem(
                    Code.PLAN_INFO_ROW_MISSING, S.SHEET_INFO, f"A{index + 2}", field=field.header, key=field.key
                )
            values[field.key] = [] if field.kind == "lines" else None
            continue
        r, row = found
        raw = row[2] if len(row) > 2 else None
        origin[field.key] = Location("", S.SHEET_INFO, cell_ref(r, 2))
        values[field.key] = reader.value(field, raw, S.SHEET_INFO, cell_ref(r, 2))
    _typed_comparators(S.INFO_FIELDS, values, origin, reader)
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
    """Read a plan workbook. Returns (None, findings) when it cannot be read at all.

    A plan workbook is as untrusted as an agency's (it travels by e-mail between offices): its bytes are read once
    and pre-checked like an agency's, and parsed in a supervised worker with time and memory limits."""
    from pii_excel.untrusted.guarded import Refused, call_guarded, checked_workbook_bytes

    path = Path(path)
    name = nfc(path.name)
    try:
        return call_guarded(read_plan_bytes, checked_workbook_bytes(path), name)
    except Refused as exc:
        reader = _Reader(name)
        reader.problem(Code.PLAN_UNREADABLE, "", detail=exc.reason, technical=exc.technical)
        return None, reader.findings


def read_plan_bytes(data: bytes, name: str) -> tuple[Plan | None, list[Finding]]:
    """A plan workbook's checked bytes (`name`: its file name, for locations) to a plan; run in a guarded worker."""
    from python_calamine import CalamineWorkbook

    reader = _Reader(name)
    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(data))
    except Exception as exc:  # calamine raises several types for broken or foreign files
        from pii_excel.untrusted.reader_errors import explain  # the same Vietnamese reasons as for agencies' files

        failure = explain(exc)
        reason = failure.reason or "tệp được đặt mật khẩu"
        reader.problem(Code.PLAN_UNREADABLE, "", detail=reason, technical=failure.technical)
        return None, reader.findings
    info, info_origin = _read_info(workbook, reader)
    tables = {sheet: _read_table(workbook, sheet, reader) for sheet in S.TABLES}
    stops = (Code.PLAN_SHEET_MISSING, Code.PLAN_COLUMN_MISSING, Code.PLAN_COLUMN_RENAMED, Code.PLAN_INFO_ROW_MISSING)
    if any(f.code in stops for f in reader.findings):
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
