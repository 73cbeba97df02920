"""Read one identified submission: values, task progress, general information and official results."""

from __future__ import annotations

import dataclasses
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

from pii_excel.cells import cell_ref, column_letter, parse_date, text_of
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.intake.checks import (
    check_figure,
    check_published,
    check_value,
    is_count_unit,
    is_implausible,
    parse_status,
    read_number,
    unit_slip,
)
from pii_excel.intake.identify import (
    TemplateIdentity,
    column_positions,
    find_sheet,
    locate_header,
    read_locked_fingerprint,
    sheet_rows,
    table_rows,
)
from pii_excel.model import AgencyInfo, EnteredCell, OfficialScore, PolicyDocument, ReportedValue, TaskReport
from pii_excel.numbers import format_number
from pii_excel.plan.duties import TaskRoles, duties_of, role_of_text
from pii_excel.plan.fingerprint import plan_fingerprint
from pii_excel.plan.model import Indicator, Plan
from pii_excel.template import layout as L
from pii_excel.template.content import build_template_content, fingerprint_rows
from pii_excel.textnorm import fold, nfc
from pii_excel.untrusted.cell_probe import CellFacts, probe_cells
from pii_excel.vocab import Severity

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
RATIO_TOLERANCE = 0.005  # relative: a figure rounded to a few decimals still matches its numerator/denominator
MAX_TEXT = 20_000  # characters kept of one free-text answer; longer text is cut with a mark


@dataclass
class Submission:
    """Everything read from one accepted workbook."""

    agency: str
    rel: str
    values: list[ReportedValue] = field(default_factory=list)
    tasks: list[TaskReport] = field(default_factory=list)
    info: AgencyInfo | None = None
    official: list[OfficialScore] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    entered: list[EnteredCell] = field(default_factory=list)
    documents: list[PolicyDocument] = field(default_factory=list)


def clean_answer(raw: object) -> tuple[str, list[str]]:
    """Free text as the report can use it, and what was done to it ("too_long", "control")."""
    text = nfc(text_of(raw)).strip()
    notes = []
    # Control characters other than line breaks and tabs never belong in a report (or in XML).
    kept = text if text.isprintable() else _CONTROL.sub("", text)  # control characters are never printable
    if len(kept) != len(text):
        notes.append("control")
    if len(kept) > MAX_TEXT:
        notes.append("too_long")
        kept = kept[:MAX_TEXT] + " …[cắt bớt]"
    return kept, notes


def _matches(typed: float, computed: float) -> bool:
    """A typed figure matches its computed ratio when it is that ratio rounded to the decimals typed, or within
    RATIO_TOLERANCE of it."""
    digits = repr(typed).partition(".")[2]
    decimals = len(digits) if digits and "e" not in digits else 0
    return abs(typed - computed) <= max(0.5 * 10**-decimals + 1e-12, RATIO_TOLERANCE * abs(computed))


@functools.cache
def _info_labels() -> tuple[dict[str, str], frozenset[str]]:
    """«Thông tin chung» labels folded -> their keys, and the keys an `AgencyInfo` holds."""
    labels = {fold(label): key for key, label, _ in L.INFO_ROWS}
    return labels, frozenset(f.name for f in dataclasses.fields(AgencyInfo)) - {"agency"}


class IdentityMismatch(Exception):
    """The hidden identification names an agency whose template this workbook is not."""


class _Table:
    """A template table as submitted: header located by text, rows keyed by their code cell."""

    def __init__(self, reader: SubmissionReader, sheet: str):
        self.reader = reader
        self.sheet = sheet
        self.columns = L.TABLE_SHEETS[sheet]
        self.name: str = sheet
        self.rows: dict[str, tuple[int, list]] = {}
        self.positions: dict[str, int] = {}
        self.ok = False
        found = find_sheet(reader.workbook, sheet)
        if found is None:
            found = self._find_renamed()
            if found is None:
                reader.problem(Code.TEMPLATE_SHEET_MISSING, sheet, "")
                return
            reader.problem(Code.TEMPLATE_SHEET_RENAMED, found, "", expected=sheet)
        self.name = found
        table = table_rows(reader.workbook, self.name, self.columns)
        if table is None:
            reader.problem(Code.TEMPLATE_COLUMN_MISSING, self.name, "A1", column=self.columns[0].header)
            return
        self.positions = table.positions
        for c in self.columns:
            if c.key not in self.positions and not c.optional:
                reader.problem(Code.TEMPLATE_COLUMN_MISSING, self.name, cell_ref(table.header, 0), column=c.header)
        self._check_merged(table.header)
        for r, key, row in table.keyed:
            self.rows.setdefault(key, (r, row))
        self.ok = True

    def _find_renamed(self) -> str | None:
        """A renamed sheet is still ours if it holds this table's exact header row."""
        known = {fold(n) for n in (*L.TABLE_SHEETS, L.SHEET_INFO, L.SHEET_GUIDE, L.SHEET_META)}
        for name in self.reader.workbook.sheet_names:
            if fold(name) in known:
                continue
            rows = sheet_rows(self.reader.workbook, name)
            header = locate_header(rows, self.columns[0].header)
            found = column_positions(rows[header], self.columns) if header is not None else {}
            if header is not None and all(c.key in found for c in self.columns if not c.optional):
                return name
        return None

    def _check_merged(self, header: int) -> None:
        inputs = {self.positions[c.key] for c in self.columns if c.input and c.key in self.positions}
        merged = self.reader.workbook.merged_ranges(self.name)
        for (r1, c1), (r2, c2) in merged:
            if r2 > header and any(c1 <= c <= c2 for c in inputs):
                span = f"{cell_ref(r1, c1)}:{cell_ref(r2, c2)}"
                self.reader.problem(Code.TEMPLATE_INPUT_MERGED, self.name, cell_ref(r1, c1), value=span, detail=span)

    def raw(self, key: str, column: str):
        _, row = self.rows[key]
        pos = self.positions.get(column)
        return None if pos is None or pos >= len(row) else row[pos]

    def ref(self, key: str, column: str) -> str:
        return cell_ref(self.rows[key][0], self.positions.get(column, 0))

    def where(self, key: str, column: str) -> Location:
        return Location(self.reader.rel, self.name, self.ref(key, column))

    def _record_inputs(self, key: str) -> None:
        r, row = self.rows[key]
        number = str(r + 1)
        for column, pos, letter in self._inputs:
            self.reader.entered(self.sheet, key, column, letter + number, row[pos] if pos < len(row) else None)

    @functools.cached_property
    def _inputs(self) -> list[tuple[str, int, str]]:
        """Each input column found: its key, position and letter (every row's cells are recorded)."""
        return [
            (c.key, self.positions[c.key], column_letter(self.positions[c.key]))
            for c in self.columns
            if c.input and c.key in self.positions
        ]

    def text(self, key: str, column: str) -> str:
        """A free-text answer of a row, cleaned; its cell is worked out only when there is something to say."""
        raw = self.raw(key, column)
        text, notes = clean_answer(raw)
        if notes:
            self.reader.text_notes(raw, notes, self.name, self.ref(key, column))
        return text

    def reconcile(self, expected: list[dict], older: Iterable[str] = ()) -> list[str]:
        """Compare with the rows the template was made with; return the keys that can be read. `older`: rows an
        earlier version of the template had, read when present and never asked for."""
        key_name = self.columns[0].key
        wanted = {str(row[key_name]): row for row in expected}
        kept = [key for key in older if key in self.rows and key not in wanted]
        for key, (r, _) in self.rows.items():
            if key not in wanted and key not in kept:
                self.reader.problem(
                    Code.TEMPLATE_ROW_UNKNOWN, self.name, cell_ref(r, self.positions.get(key_name, 0)), value=key
                )
        readable = []
        self.reader.rows_expected += len(wanted)
        self.reader.rows_seen += len(self.rows)
        for key, row in wanted.items():
            if key not in self.rows:
                self.reader.problem(Code.TEMPLATE_ROW_MISSING, self.name, "", value=key)
                continue
            readable.append(key)
            self.reader.rows_matched += 1
            self._record_inputs(key)
            if self.reader.locked_intact:
                if not self.reader.same_plan:  # a template of another version of the plan: what differs, named
                    self.reader.plan_differences += [
                        f"{key} {c.header}: {text_of(self.raw(key, c.key)) or 'trống'} (mẫu) / "
                        f"{text_of(row.get(c.key)) or 'trống'} (kế hoạch)"
                        for c in self.columns
                        if c.locked_in_fingerprint
                        and c.key != key_name
                        and c.key in self.positions
                        and L.canonical_cell(self.raw(key, c.key)) != L.canonical_cell(row.get(c.key))
                    ]
                continue
            for c in self.columns:
                if not c.locked_in_fingerprint or c.key == key_name or c.key not in self.positions:
                    continue
                seen, expected_value = L.canonical_cell(self.raw(key, c.key)), L.canonical_cell(row.get(c.key))
                if seen != expected_value:
                    self.reader.problem(
                        Code.TEMPLATE_LOCKED_CELL_CHANGED,
                        self.name,
                        self.ref(key, c.key),
                        value=text_of(self.raw(key, c.key)),
                        column=c.header,
                        key=key,
                        expected=text_of(row.get(c.key)),
                    )
        for key in kept:
            self._record_inputs(key)
        return readable + kept


class Expectations:
    """What each agency's template holds in this run's plan and period, worked out once per agency."""

    def __init__(self, plan: Plan, now: datetime):
        self.plan, self.now = plan, now
        self.plan_fingerprint = plan_fingerprint(plan)
        self.roles = TaskRoles(plan)
        self._by_agency: dict[tuple[str, str], tuple] = {}

    def of(self, agency: str, period_id: str):
        key = (agency, period_id)
        if key not in self._by_agency:
            duties = duties_of(self.plan, self.plan.require_agency(agency), period_id, self.roles)
            tables = build_template_content(
                self.plan, self.plan.require_period(period_id), duties, self.now, self.plan_fingerprint
            ).tables
            self._by_agency[key] = (duties, tables, L.locked_fingerprint(fingerprint_rows(tables)))
        return self._by_agency[key]

    def prepare(self, period_id: str) -> None:
        """Work out every reporting agency's template for the period now."""
        for agency in self.plan.agencies:
            if agency.reports and not agency.is_group:
                try:
                    self.of(agency.code, period_id)
                except Exception:  # worked out again when a file needs it, and reported at that file
                    continue

    def owner_of(self, fingerprint: str, period_id: str) -> str | None:
        """The agency whose template for the period has exactly these locked tables, if any."""
        for agency in self.plan.agencies:
            if agency.reports and not agency.is_group and self.of(agency.code, period_id)[2] == fingerprint:
                return agency.code
        return None


class SubmissionReader:
    def __init__(
        self, workbook, path: Path, rel: str, plan: Plan, identity: TemplateIdentity, expectations: Expectations
    ):
        self.workbook, self.path, self.rel, self.plan, self.identity = workbook, path, rel, plan, identity
        self.agency = identity.agency
        self.period = plan.period(identity.period)
        self.submission = Submission(self.agency, rel)
        self.duties, self.expected, expected_fingerprint = expectations.of(self.agency, identity.period)
        actual = read_locked_fingerprint(workbook)
        self.locked_intact = actual == identity.locked_fingerprint
        same_plan = identity.plan_fingerprint == expectations.plan_fingerprint
        current = identity.template_version == L.TEMPLATE_VERSION
        if self.locked_intact and same_plan and current and actual != expected_fingerprint:
            # untouched tables that are not this agency's: the hidden agency code was edited
            raise IdentityMismatch(identity.agency)
        if actual is not None and actual != expected_fingerprint:
            owner = expectations.owner_of(actual, identity.period)
            if owner is not None and owner != self.agency:
                # the tables are exactly another agency's template: its identity sheet was pasted or edited
                raise IdentityMismatch(identity.agency)
        self.rows_expected = self.rows_matched = self.rows_seen = 0
        self.same_plan = same_plan
        self.plan_differences: list[str] = []  # «2.2.1 Số liệu năm trước: 2,36 (mẫu) / 2,4 (kế hoạch)», when not

    def problem(self, code: Code, sheet: str, cell: str, **kw) -> None:
        self.submission.findings.append(finding(code, at=Location(self.rel, sheet, cell), agency=self.agency, **kw))

    def entered(self, sheet: str, key: str, column: str, cell: str, raw: object) -> None:
        """Every input cell, blank ones too: a finding at a blank cell must still find its place in a correction
        workbook, and a cell emptied in a resubmission is a change."""
        blank = raw is None or (isinstance(raw, str) and not raw.strip())  # a number or a date is never blank
        self.submission.entered.append(EnteredCell(self.agency, sheet, key, column, cell, None if blank else raw))

    def add(self, found: list[Finding]) -> None:
        self.submission.findings.extend(f.of_agency(self.agency) for f in found)

    def text(self, raw: object, sheet: str, cell: str) -> str:
        text, notes = clean_answer(raw)
        if notes:
            self.text_notes(raw, notes, sheet, cell)
        return text

    def text_notes(self, raw: object, notes: list[str], sheet: str, cell: str) -> None:
        """What cleaning a free-text answer did, said at its cell."""
        if "too_long" in notes:
            self.problem(
                Code.TEXT_TOO_LONG,
                sheet,
                cell,
                detail=f"{len(nfc(text_of(raw))):,}".replace(",", "."),
                limit=f"{MAX_TEXT:,}".replace(",", "."),
            )
        if "control" in notes:
            self.problem(Code.TEXT_CONTROL_CHARS, sheet, cell)

    def read(self) -> Submission:
        self._read_info()
        self._read_indicators()
        self._read_tasks()
        if not self.same_plan:  # say what differs, so staff know whether to send new templates or use that plan
            shown = "; ".join(self.plan_differences[:5]) + ("; …" if len(self.plan_differences) > 5 else "")
            differs = (
                f"{len(self.plan_differences)} ô khác kế hoạch hiện hành: {shown}"
                if self.plan_differences
                else "các ô khoá (mã, mục tiêu, vai trò) vẫn khớp kế hoạch hiện hành"
            )
            self.problem(Code.IDENTITY_PLAN_CHANGED, "", "", differs=differs)
        if self.rows_expected and self.rows_seen and not self.rows_matched:
            # not one of the agency's rows is there, while other rows are: an identity moved onto another file
            raise IdentityMismatch(self.agency)
        if self.duties.official_results:
            # the indicators' sheet only where the template has one (or an older version's template had one)
            if L.SHEET_OFFICIAL_INDICATORS in self.expected or find_sheet(self.workbook, L.SHEET_OFFICIAL_INDICATORS):
                self._read_official_indicators()
            self._read_official_pillars()
        if self.duties.documents:
            self._read_documents()
        return self.submission

    def _read_documents(self) -> None:
        """The documents listed for an indicator scored from documents: a row with anything typed must say which
        document (number, date, title); the same number twice is listed once."""
        table = _Table(self, L.SHEET_DOCUMENTS)
        if not table.ok:
            return
        fields = ("number", "date", "title", "issuer", "evidence", "note")
        seen: dict[str, str] = {}
        for key in table.reconcile(self.expected[L.SHEET_DOCUMENTS]):
            for column in fields:
                self.entered(L.SHEET_DOCUMENTS, key, column, table.ref(key, column), table.raw(key, column))
            texts = {c: table.text(key, c) for c in fields if c != "date"}
            raw_date = table.raw(key, "date")
            if not any(texts.values()) and not text_of(raw_date).strip():
                continue
            issued = None
            where = table.where(key, "date")
            if text_of(raw_date).strip():
                try:
                    issued = parse_date(raw_date)
                except ValueError:
                    issued = None
                if issued is None or issued.year < 1945:
                    self.problem(
                        Code.VALUE_DOCUMENT_DATE_INVALID, table.name, where.cell, value=text_of(raw_date), key=key
                    )
                    issued = None
            missing = [
                label for column, label in (("number", "số, ký hiệu"), ("title", "trích yếu")) if not texts[column]
            ] + (["ngày ban hành"] if not text_of(raw_date).strip() else [])
            if missing:
                self.problem(
                    Code.VALUE_DOCUMENT_INCOMPLETE,
                    table.name,
                    table.ref(key, "number"),
                    key=key,
                    missing=", ".join(missing),
                )
            number = fold(texts["number"]).replace(" ", "")
            if number and number in seen:
                self.problem(
                    Code.VALUE_DOCUMENT_REPEATED,
                    table.name,
                    table.ref(key, "number"),
                    value=texts["number"],
                    key=key,
                    first=seen[number],
                )
                continue
            if number:
                seen[number] = key
            indicator = text_of(table.raw(key, "indicator")).strip() or key.rsplit("-", 1)[0]
            self.submission.documents.append(
                PolicyDocument(
                    indicator,
                    self.agency,
                    texts["number"],
                    issued,
                    texts["title"],
                    texts["issuer"],
                    texts["evidence"],
                    texts["note"],
                    table.where(key, "number"),
                )
            )

    def _read_info(self) -> None:
        name = find_sheet(self.workbook, L.SHEET_INFO)
        if name is None:
            self.submission.info = AgencyInfo(self.agency)
            self.problem(Code.TEMPLATE_SHEET_MISSING, L.SHEET_INFO, "")
            return
        labels, fields = _info_labels()
        answers: dict[str, str] = {}
        reporter_cell = "B1"
        for r, row in enumerate(sheet_rows(self.workbook, name)):
            if len(row) < 2 or (key := labels.get(fold(text_of(row[0])))) is None:
                continue
            if key == "reporter":
                reporter_cell = cell_ref(r, 1)
            if key in fields:
                self.entered(L.SHEET_INFO, key, "value", cell_ref(r, 1), row[1])
            if key == "report_date":
                try:
                    moment = parse_date(row[1])
                    answers[key] = moment.isoformat() if moment else ""
                except ValueError:
                    answers[key] = self.text(row[1], name, cell_ref(r, 1))
            elif key in fields:
                answers[key] = self.text(row[1], name, cell_ref(r, 1))
        info = self.submission.info = AgencyInfo(self.agency, **answers)
        if not info.reporter and not info.phone and not info.email:
            self.problem(Code.AGENCY_REPORTER_MISSING, name, reporter_cell)

    def _read_indicators(self) -> None:
        table = _Table(self, L.SHEET_INDICATORS)
        if not table.ok:
            return
        keys = table.reconcile(self.expected[L.SHEET_INDICATORS])
        number_keys = [k for k in ("value", *L.RATIO_KEYS) if k in table.positions]
        facts = probe_cells(self.workbook.zip, table.name, {table.ref(k, c) for k in keys for c in number_keys})
        for key in keys:
            indicator = self.plan.require_indicator(key)
            where = table.where(key, "value")
            checked = check_figure(table.raw(key, "value"), facts.get(where.cell), where, indicator)
            self.add(checked.findings)
            value, numerator, denominator = checked.value, None, None
            if indicator.figure.is_ratio:
                numerator, bad_numerator = self._part(table, key, "numerator", facts)
                denominator, bad_denominator = self._part(table, key, "denominator", facts)
                if not (bad_numerator or bad_denominator):  # a rejected part has its own finding at its cell
                    value = self._with_ratio(table, key, indicator, value, numerator, denominator)
            evidence = table.text(key, "source")
            link = table.text(key, "link")
            note = table.text(key, "note")
            if value is not None and not evidence:
                self.problem(Code.VALUE_SOURCE_MISSING, table.name, table.ref(key, "source"), key=key)
            if value is None and checked.value is None and not checked.findings:
                self.problem(Code.VALUE_MISSING, table.name, where.cell, key=key)
            evidence_cell = table.ref(key, "source") if "source" in table.positions else ""
            self.submission.values.append(
                ReportedValue(
                    key, self.agency, value, where, evidence, link, note, numerator, denominator, evidence_cell
                )
            )

    def _part(self, table: _Table, key: str, column: str, facts: dict[str, CellFacts]) -> tuple[float | None, bool]:
        """A numerator or denominator, and whether something was typed there that could not be used."""
        if column not in table.positions:
            return None, False
        where = table.where(key, column)
        figure = self.plan.require_indicator(key).figure
        unit = figure.numerator_unit if column == "numerator" else figure.denominator_unit
        checked = check_value(
            table.raw(key, column), facts.get(where.cell), where, percent=False, count=is_count_unit(unit)
        )
        self.add(checked.findings)
        rejected = checked.value is None and any(f.severity is Severity.ERROR for f in checked.findings)
        return checked.value, rejected

    def _with_ratio(
        self,
        table: _Table,
        key: str,
        indicator: Indicator,
        value: float | None,
        numerator: float | None,
        denominator: float | None,
    ) -> float | None:
        """The figure checked against numerator / denominator x factor; computed from them when left blank."""
        if numerator is None and denominator is None:
            return value
        factor = indicator.figure.factor
        times = f" × {format_number(factor)}" if factor != 1 else ""
        if numerator is None or denominator is None:
            given, missing, cell = (
                ("tử số", "mẫu số", table.ref(key, "denominator"))
                if denominator is None
                else ("mẫu số", "tử số", table.ref(key, "numerator"))
            )
            self.problem(Code.VALUE_RATIO_PART_MISSING, table.name, cell, key=key, given=given, missing=missing)
            return value
        if denominator == 0:
            self.problem(Code.VALUE_RATIO_ZERO_DENOMINATOR, table.name, table.ref(key, "denominator"), key=key)
            return value
        computed = numerator / denominator * factor
        shown = format_number(computed, 4)
        if value is None:  # left blank or unreadable: the numerator and denominator are the agency's own figures
            self.problem(
                Code.VALUE_FROM_RATIO, table.name, table.ref(key, "value"), key=key, times=times, computed=shown
            )
            self._against_last_year(table, key, indicator, computed)
            return computed
        if value is not None and not _matches(value, computed):
            self.problem(
                Code.VALUE_RATIO_MISMATCH,
                table.name,
                table.ref(key, "value"),
                value=format_number(value, 6),
                times=times,
                computed=shown,
            )
            self._against_last_year(table, key, indicator, computed)
            return computed
        return value

    def _against_last_year(self, table: _Table, key: str, indicator: Indicator, computed: float) -> None:
        """The year-on-year check the template promises, on a figure worked out from its numerator and denominator
        (the typed figure was checked when it was read): far from last year's is a warning at the figure's cell,
        and a figure about 1/1.000 or 1/10.000 of it points at a part typed in the wrong unit."""
        f = indicator.figure
        if f.previous_value is None or not is_implausible(computed, (f.previous_value,)):
            return
        where = table.ref(key, "value")
        hint = unit_slip(computed, f.previous_value, f.numerator_unit, f.denominator_unit)
        if hint is not None:
            part, unit, scale = hint
            self.problem(
                Code.VALUE_UNIT_SUSPECTED,
                table.name,
                table.ref(key, part),
                key=key,
                value=format_number(computed, 6),
                previous=format_number(f.previous_value, 6),
                part="tử số" if part == "numerator" else "mẫu số",
                unit=unit,
                scale=scale,
            )
            return
        self.problem(
            Code.VALUE_IMPLAUSIBLE,
            table.name,
            where,
            value=format_number(computed, 6),
            baseline=f.previous_value,
            compared="số liệu năm trước",
        )

    def _read_tasks(self) -> None:
        table = _Table(self, L.SHEET_TASKS)
        if not table.ok:
            return
        roles = {str(r["id"]): role_of_text(str(r["role"])) for r in self.expected[L.SHEET_TASKS]}
        for key in table.reconcile(self.expected[L.SHEET_TASKS]):
            where = table.where(key, "status")
            raw_status = self.text(table.raw(key, "status"), table.name, where.cell)
            status = parse_status(raw_status) if raw_status else None
            if not raw_status:
                self.problem(Code.TASK_STATUS_MISSING, table.name, where.cell, key=key)
            elif status is None:
                self.problem(Code.TASK_STATUS_INVALID, table.name, where.cell, value=raw_status, key=key)
            self.submission.tasks.append(
                TaskReport(
                    self.agency,
                    key,
                    roles[key],
                    status,
                    table.text(key, "result"),
                    table.text(key, "difficulty"),
                    where,
                )
            )

    def _read_official_indicators(self) -> None:
        table = _Table(self, L.SHEET_OFFICIAL_INDICATORS)
        if not table.ok:
            return
        # templates made before a component index was typed only on the pillars' sheet still carry it here
        keys = table.reconcile(self.expected.get(L.SHEET_OFFICIAL_INDICATORS, []), older=self.plan.component_twins())
        cells = {table.ref(k, c) for k in keys for c in ("official", "source_value")}
        facts = probe_cells(self.workbook.zip, table.name, cells)
        for key in keys:
            indicator = self.plan.require_indicator(key)
            where = table.where(key, "official")
            checked = check_published(table.raw(key, "official"), facts.get(where.cell), where, indicator)
            self.add(checked.findings)
            if checked.value is not None:
                self.submission.official.append(
                    OfficialScore(key, "indicator", checked.value, None, where, table.text(key, "note"))
                )
            if indicator.figure_published_elsewhere:
                self._read_source_value(table, key, indicator, facts)

    def _read_source_value(self, table: _Table, key: str, indicator: Indicator, facts: dict) -> None:
        """Another index's published value typed by the coordinator: the raw figure of this indicator, which the
        evaluation turns into an estimated score with the latest bounds (no agency is ever asked for it)."""
        where = table.where(key, "source_value")
        checked = check_figure(table.raw(key, "source_value"), facts.get(where.cell), where, indicator)
        self.add(checked.findings)
        if checked.value is not None:
            evidence = indicator.figure.source or "Kết quả công bố của chỉ số nguồn"
            self.submission.values.append(
                ReportedValue(key, self.agency, checked.value, where, evidence, "", table.text(key, "note"))
            )

    def _read_official_pillars(self) -> None:
        table = _Table(self, L.SHEET_OFFICIAL_PILLARS)
        if not table.ok:
            return
        n = self.plan.ranking_size
        for key in table.reconcile(self.expected[L.SHEET_OFFICIAL_PILLARS]):
            where = table.where(key, "score")
            checked = read_number(table.raw(key, "score"), None, where)
            self.add(checked.findings)
            score = checked.value
            if score is not None and not 0 <= score <= 100:
                self.problem(Code.OFFICIAL_SCORE_OUT_OF_RANGE, table.name, where.cell, value=format_number(score, 4))
                score = None
            rank_where = table.where(key, "rank")
            raw_rank = table.raw(key, "rank")
            # «4/63»: a rank as the publication and our own sheets write it, over the number ranked
            of = re.fullmatch(r"\s*(\d{1,3})\s*/\s*(\d{1,3})\s*", raw_rank) if isinstance(raw_rank, str) else None
            if of is not None and int(of.group(1)) <= int(of.group(2)):
                raw_rank = int(of.group(1))
            rank_checked = read_number(raw_rank, None, rank_where)
            rank = None
            if rank_checked.value is not None:
                if rank_checked.value.is_integer() and 1 <= rank_checked.value <= n:
                    rank = int(rank_checked.value)
                else:
                    self.problem(
                        Code.OFFICIAL_RANK_INVALID,
                        table.name,
                        rank_where.cell,
                        value=format_number(rank_checked.value)
                        if rank_checked.value is not None
                        else text_of(table.raw(key, "rank")),
                        size=n,
                    )
            elif rank_checked.findings:
                self.add([f for f in rank_checked.findings if f.severity.value == "error"])
            if score is not None or rank is not None:
                kind = "total" if key in (L.TOTAL_INPUT, L.TOTAL_OUTPUT, L.TOTAL_OVERALL) else "pillar"
                if self.plan.group(key) is not None and self.plan.pillar(key) is None:
                    kind = "group"
                self.submission.official.append(OfficialScore(key, kind, score, rank, where, table.text(key, "note")))
