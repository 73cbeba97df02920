"""A memory of past periods: every consolidation records its results in the plan's history database.

The history is one SQLite file per plan beside its period folders (`<output>/<plan>/lich-su.sqlite`). Chosen over
run.json files indexed by period because a period is recorded or replaced in one transaction (SQLite's rollback
journal undoes a run killed half-way), two runs of different periods may record at once (SQLite locks the file),
and staff or the IT office can open it with any SQLite tool. run.json stays the full record of one run; the
history keeps what later periods compare against: each indicator, group, pillar, composite and agency.

A period is recorded after its outputs are published, so the history never holds a period whose outputs were not
published; re-running a period replaces its record.
"""

from __future__ import annotations

import sqlite3
from contextlib import closing
from dataclasses import dataclass, replace
from datetime import datetime
from pathlib import Path

from pii_excel.checkpoints import reached
from pii_excel.history_db import (
    BadValue,
    HistoryError,
    as_day,
    as_moment,
    as_number,
    as_text,
    as_whole,
    explain_error,
    shown_value,
    write_transaction,
)
from pii_excel.model import Consolidation, History, Measure, PeriodRecord
from pii_excel.numbers import format_number
from pii_excel.plan.model import COMPOSITE_OVERALL, Plan
from pii_excel.plan.periods import PeriodKind, format_date, parse_period_id
from pii_excel.vocab import Basis, FigureFrom, SubmissionState, TaskStatus, Verdict

HISTORY_FILE = "lich-su.sqlite"
SCHEMA_VERSION = 1
TREND_PERIODS = 8  # at most this many periods of a kind in the trend (two years of quarters)
KILL_POINT = "history-recording"  # a test kills the process here, inside the transaction

SCHEMA = """
CREATE TABLE IF NOT EXISTS schema_info (version INTEGER NOT NULL);
CREATE TABLE IF NOT EXISTS periods (
    period_id TEXT PRIMARY KEY,
    label TEXT NOT NULL,
    kind TEXT NOT NULL,
    data_start TEXT NOT NULL,
    data_end TEXT NOT NULL,
    deadline TEXT NOT NULL,
    ranking_size INTEGER NOT NULL,
    run_id TEXT NOT NULL,
    generated_at TEXT NOT NULL,
    recorded_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS measures (
    period_id TEXT NOT NULL REFERENCES periods(period_id) ON DELETE CASCADE,
    kind TEXT NOT NULL,
    code TEXT NOT NULL,
    name TEXT NOT NULL,
    value REAL,
    unit TEXT NOT NULL,
    score REAL,
    basis TEXT NOT NULL,
    status TEXT NOT NULL,
    rank INTEGER,
    PRIMARY KEY (period_id, kind, code)
);
"""


def history_path(output_root: Path, plan: Plan) -> Path:
    return output_root / plan.id / HISTORY_FILE


MAX_LINEAGE = 20  # plans continued one from another; more is a loop typed by hand


def lineage_paths(output_root: Path, plan: Plan) -> list[Path]:
    """The plan's history file, then its predecessors' (`plan next` records which plan a plan continues): the
    rolled-over plan keeps its past, compared by period, though its id — and so its folder — changed."""
    from pii_excel.plan import builtin_plan_ids, load_plan

    paths, seen, current = [history_path(output_root, plan)], {plan.id}, plan
    while current.predecessor and current.predecessor not in seen and len(paths) < MAX_LINEAGE:
        seen.add(current.predecessor)
        paths.append(output_root / current.predecessor / HISTORY_FILE)
        if current.predecessor not in builtin_plan_ids():
            break  # a plan file's own predecessor is not known from here: one step back is what the folder gives
        current = load_plan(current.predecessor)
    return paths


def period_record(model: Consolidation) -> PeriodRecord:
    """This run's results in the form the history keeps."""
    ev, period = model.evaluation, model.period
    measures: list[Measure] = []
    for r in ev.indicators:
        reported = r.figure.value is not None or r.figure_from is FigureFrom.AGENCY
        value, unit = (r.figure.value, r.figure.unit) if reported else (r.value, r.unit)
        measures.append(
            Measure("indicator", r.indicator, r.name, value, unit, r.score, r.score_basis.value, r.status.value)
        )
    for g in ev.groups:
        measures.append(
            Measure("group", g.code, g.name, g.score, "điểm", g.score, g.basis.value, g.status.value, g.rank)
        )
    for p in ev.pillars:
        measures.append(
            Measure(p.kind, p.code, p.name, p.score, "điểm", p.score, p.basis.value, p.status.value, p.rank)
        )
    for a in ev.agencies:
        owed = sum(a.tasks.values())
        done = a.tasks.get(TaskStatus.DONE, 0)
        # an agency that has not reported has no share done (not 0 %): «Diễn biến» must not call it worse
        share = done / owed * 100 if owed and a.submission is not SubmissionState.MISSING else None
        measures.append(Measure("agency", a.agency, a.name, share, "%", status=a.submission.value))
    kind = parse_period_id(period.id)
    return PeriodRecord(
        period.id,
        period.label,
        kind.kind.value if kind else "",
        period.end,
        model.plan.ranking_base(period),
        model.run_id,
        model.generated_at,
        tuple(measures),
    )


def record_period(path: Path, model: Consolidation, recorded_at: datetime) -> None:
    """Record (or replace) the run's period in one transaction."""
    record, p = model.history.current or period_record(model), model.period
    with write_transaction(path, SCHEMA) as con:
        if con.execute("SELECT count(*) FROM schema_info").fetchone()[0] == 0:
            con.execute("INSERT INTO schema_info VALUES (?)", (SCHEMA_VERSION,))
        con.execute("DELETE FROM periods WHERE period_id = ?", (record.period_id,))
        con.execute(
            "INSERT INTO periods VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (
                record.period_id,
                record.label,
                record.kind,
                p.start.isoformat(),
                p.end.isoformat(),
                p.deadline.isoformat(),
                record.ranking_size,
                record.run_id,
                record.generated_at.isoformat(),
                recorded_at.isoformat(),
            ),
        )
        reached(KILL_POINT)
        con.executemany(
            "INSERT INTO measures VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                (record.period_id, m.kind, m.code, m.name, m.value, m.unit, m.score, m.basis, m.status, m.rank)
                for m in record.measures
            ],
        )


@dataclass(frozen=True)
class HistoryRead:
    """The records that could be read, and a Vietnamese note on each row that could not (skipped, named)."""

    records: list[PeriodRecord]
    skipped: list[str]

    def note(self, path: Path) -> str:
        if not self.skipped:
            return ""
        shown = "; ".join(self.skipped[:5]) + (
            f"; và {len(self.skipped) - 5} dòng khác" if len(self.skipped) > 5 else ""
        )
        return (
            f"Tệp lịch sử «{path.name}» có {len(self.skipped)} dòng không đọc được nên đã bỏ qua khi so sánh "
            f"với các kỳ trước: {shown}."
        )


def read_history(path: Path) -> HistoryRead:
    """Every recorded period that can be read, ordered by its data cut-off, and the rows that could not be (a
    value of another type, a date typed by hand, a row a newer version wrote): a note, never a stop. An absent
    file is an empty history; a file that is not a history at all raises HistoryError."""
    if not path.is_file():
        return HistoryRead([], [])
    try:
        with closing(sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True, timeout=30)) as con:
            tables = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
            if tables and "periods" not in tables:  # only published results imported so far: no period yet
                return HistoryRead([], [])
            periods = con.execute(
                "SELECT period_id, label, kind, data_end, ranking_size, run_id, generated_at FROM periods"
            ).fetchall()
            rows = con.execute(
                "SELECT period_id, kind, code, name, value, unit, score, basis, status, rank FROM measures"
            ).fetchall()
    except sqlite3.Error as exc:
        raise explain_error(path, exc) from exc
    skipped: list[str] = []
    by_period: dict[str, list[Measure]] = {}
    for period_id, kind, code, name, value, unit, score, basis, status, rank in rows:
        try:
            measure = Measure(
                as_text("kind", kind),
                as_text("code", code),
                as_text("name", name, False),
                as_number("value", value),
                as_text("unit", unit, False),
                as_number("score", score),
                _known_basis(as_text("basis", basis, False)),
                as_text("status", status, False),
                as_whole("rank", rank),
            )
        except BadValue as bad:
            column, found = bad.args
            skipped.append(f"bảng measures, kỳ «{period_id}», {kind} {code}: cột {column} là {shown_value(found)}")
            continue
        by_period.setdefault(str(period_id), []).append(measure)
    records = []
    for pid, label, kind, end, size, run_id, at in periods:
        try:
            records.append(
                PeriodRecord(
                    as_text("period_id", pid),
                    as_text("label", label, False),
                    as_text("kind", kind),
                    as_day("data_end", end),
                    as_whole("ranking_size", size, True) or 0,
                    as_text("run_id", run_id, False),
                    as_moment("generated_at", at),
                    tuple(by_period.get(str(pid), ())),
                )
            )
        except BadValue as bad:
            column, found = bad.args
            skipped.append(f"bảng periods, kỳ «{pid}»: cột {column} là {shown_value(found)}")
    # by cut-off; periods ending the same day shortest first (the fourth quarter before the year)
    length = {k.value: n for n, k in enumerate(PeriodKind)}
    return HistoryRead(sorted(records, key=lambda r: (r.end, length.get(r.kind, 9), r.period_id)), skipped)


def _known_basis(basis: str) -> str:
    """A basis this version does not know (a newer version's) is kept as no basis: never shown as a label."""
    return basis if basis in {b.value for b in Basis} else ""


def read_records(path: Path) -> list[PeriodRecord]:
    """Every recorded period that can be read (see read_history)."""
    return read_history(path).records


def history_for(model: Consolidation, records: list[PeriodRecord]) -> History:
    """This period beside its previous period, the same period a year ago and the trend of its kind."""
    current = period_record(model)
    parsed = parse_period_id(model.period.id)
    if parsed is None:
        return History(current=current, trend=(current,))
    by_id = {r.period_id: r for r in records if r.period_id != current.period_id}
    previous = by_id.get(parsed.shifted(steps=-1).text)
    year_ago = by_id.get(parsed.shifted(years=-1).text)
    same_kind = [r for r in by_id.values() if r.kind == current.kind and r.end < current.end]
    trend = (*sorted(same_kind, key=lambda r: r.end)[-(TREND_PERIODS - 1) :], current)
    return History(current, previous, year_ago, trend)


def load_history(path: Path | list[Path], model: Consolidation) -> History:
    """The history of this plan (the first path) and of the plans it continues (the others): a period recorded by
    this plan wins over the same period recorded by a predecessor."""
    paths = path if isinstance(path, list) else [path]
    try:
        records: dict[str, PeriodRecord] = {}
        notes = []
        for n, each in enumerate(paths):
            try:
                read = read_history(each)
            except HistoryError:
                if n == 0:
                    raise
                continue  # a predecessor's unreadable history is left out; this plan's own is what must be read
            for record in read.records:
                records.setdefault(record.period_id, record)
            if read.skipped:
                notes.append(read.note(each))
        length = {k.value: i for i, k in enumerate(PeriodKind)}
        ordered = sorted(records.values(), key=lambda r: (r.end, length.get(r.kind, 9), r.period_id))
        return replace(history_for(model, ordered), notes=tuple(notes))
    except HistoryError as exc:
        current = period_record(model)
        return History(current=current, trend=(current,), problem=str(exc), technical=exc.technical)


def record_summary(record: PeriodRecord) -> dict[str, object]:
    """One line of `pii-excel history`: what the period was and how it stood, in Vietnamese."""
    index = record.measure("total", COMPOSITE_OVERALL)
    indicators = [m for m in record.measures if m.kind == "indicator"]
    reached = sum(m.status in (Verdict.MET.value, Verdict.EXCEEDED.value) for m in indicators)
    basis = f" ({Basis(index.basis).label})" if index is not None and index.basis in {b.value for b in Basis} else ""
    score = (
        f"{index.name}: {format_number(index.value, 2)} điểm{basis}"
        if index is not None and index.value is not None
        else "chưa có điểm chỉ số chung"
    )
    return {
        "id": record.period_id,
        "label": record.label,
        "data_end": format_date(record.end),
        "ranking_size": record.ranking_size,
        "index": score,
        "reached": f"{reached}/{len(indicators)} chỉ số đạt hoặc vượt mục tiêu",
        "generated_at": f"{record.generated_at:%d/%m/%Y %H:%M}",
        "run_id": record.run_id,
    }
