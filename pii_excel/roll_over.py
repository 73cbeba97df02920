"""Next year's plan from this year's: the results of a consolidated period become the baselines.

Published results are taken as they are; an estimated score is taken too but marked in the indicator's note
and the plan's notes, so staff replace it when the Ministry publishes. Targets and goals are left blank for staff to
set (`plan check` lists each one), the years and reporting periods move on by one year, and last year's raw
figures become the figures the next reasonableness check compares with.
"""

from __future__ import annotations

import copy
import re
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from pii_excel.model import Measure, PeriodRecord
from pii_excel.plan.model import COMPOSITE_INPUT, COMPOSITE_OUTPUT, COMPOSITE_OVERALL, Goal, Period, Plan, Target
from pii_excel.plan.periods import moved_on, parse_period_id
from pii_excel.textnorm import lower_first
from pii_excel.vocab import Basis, Verdict

if TYPE_CHECKING:
    from pii_excel.index.results import EditionResults

OFFICIAL, ESTIMATE = Basis.OFFICIAL.value, Basis.ESTIMATE.value  # as the history stores them


class RollOverError(ValueError):
    """The period cannot seed next year's plan; the message is Vietnamese."""


def _next_year_text(text: str, year: int) -> str:
    return re.sub(rf"(?<!\d){year}(?!\d)", str(year + 1), text)


def _baseline(measure: Measure | None, on_score: bool) -> tuple[float | None, str]:
    """(baseline, basis) from a recorded result: a score target takes the score, a figure target the figure."""
    if measure is None:
        return None, ""
    if on_score:
        return (measure.score, measure.basis) if measure.basis in (OFFICIAL, ESTIMATE) else (None, "")
    return measure.value, measure.basis


def _published(record: PeriodRecord, published: EditionResults | None) -> PeriodRecord:
    """The record with every score the edition of its year published taken in place of what the run recorded (an
    estimate, or a score typed early): next year's baselines are the published profile wherever it speaks."""
    if published is None:
        return record
    from dataclasses import replace

    from pii_excel.index.use import official_scores

    scores = {(o.kind, o.code): o for o in official_scores(published)}
    measures = []
    for m in record.measures:
        kind = "total" if m.kind == "total" else m.kind
        o = scores.get((kind, m.code))
        if o is not None and o.score is not None:
            m = replace(
                m,
                score=o.score,
                basis=OFFICIAL,
                rank=o.rank if o.rank is not None else m.rank,
                value=o.score if m.kind != "indicator" else m.value,
            )
        measures.append(m)
    return replace(record, measures=tuple(measures), ranking_size=published.ranking_size or record.ranking_size)


def next_plan(plan: Plan, record: PeriodRecord, published: EditionResults | None = None) -> Plan:
    """Next year's plan from a recorded year; `published`: that year's imported results, whose scores and ranks
    are the baselines wherever they exist."""
    record = _published(record, published)
    parsed = parse_period_id(record.period_id)
    if parsed is None or parsed.kind.value != "year":
        raise RollOverError(
            f"Kỳ «{record.period_id}» không phải kỳ năm: kế hoạch năm sau lấy kết quả của một kỳ năm (ví dụ 2024)."
        )
    year = parsed.year
    new = copy.deepcopy(plan)
    new.id = _next_year_text(plan.id, year) if str(year) in plan.id else f"{plan.id}-{year + 1}"
    new.predecessor = plan.id  # its history and imported results stay this plan's past
    new.title = _next_year_text(plan.title, year)
    new.doc_number, new.doc_date = "", None
    new.baseline_year = year
    new.target_year = (plan.target_year + 1) if plan.target_year else year + 1
    new.ranking_size = record.ranking_size
    estimated, missing, doubted = [], [], []
    for ind in new.indicators:
        m = record.measure("indicator", ind.code)
        value, basis = _baseline(m, ind.target_on_score)
        ind.baseline_year, ind.baseline_value, ind.target = year, value, Target()
        if m is not None and m.status == Verdict.UNVERIFIED.value and value is not None and basis != OFFICIAL:
            # a figure still under verification when the year closed: its estimate is not a baseline to trust
            doubted.append(ind.code)
            ind.note = (
                f"Số liệu năm {year} của chỉ số này còn cần xác minh khi tổng hợp; giá trị cơ sở và số liệu "
                "năm trước lấy từ số liệu đó: kiểm tra lại trước khi dùng. " + ind.note
            ).strip()
        if basis == ESTIMATE:
            estimated.append(ind.code)
            ind.note = (
                f"Giá trị cơ sở năm {year} là điểm ước tính từ số liệu gốc, chưa phải điểm công bố: thay bằng "
                "điểm công bố khi có. " + ind.note
            ).strip()
        elif value is None:
            missing.append(ind.code)
        if m is not None and ind.agency_reports_figure and m.value is not None:
            ind.figure.previous_year, ind.figure.previous_value = year, m.value
    for p in new.pillars:
        m = record.measure("pillar", p.code)
        p.baseline_score, p.baseline_rank = (m.score, m.rank) if m is not None else (None, None)
        p.goal = Goal()
    total = record.measure("total", COMPOSITE_OVERALL)
    new.overall_baseline_score = total.score if total is not None else None
    new.overall_baseline_rank = total.rank if total is not None else None
    side_in, side_out = record.measure("total", COMPOSITE_INPUT), record.measure("total", COMPOSITE_OUTPUT)
    new.input_baseline_score, new.input_baseline_rank = (side_in.score, side_in.rank) if side_in else (None, None)
    new.output_baseline_score, new.output_baseline_rank = (side_out.score, side_out.rank) if side_out else (None, None)
    new.overall_goal = Goal()
    # the plan's own periods of next year where it has them (PII 2025: 34 provinces ranked), else this year's moved on
    by_year: dict[int, list[Period]] = {}
    for period in plan.periods:
        if (q := parse_period_id(period.id)) is not None:
            by_year.setdefault(q.year, []).append(period)
    new.periods = copy.deepcopy(by_year.get(year + 1, [])) or [moved_on(x) for x in by_year.get(year, [])]
    new.notes = [
        f"Lập từ kế hoạch «{plan.id}» và kết quả tổng hợp {lower_first(record.label)} (lượt {record.run_id}): giá "
        f"trị cơ sở là kết quả năm {year}; mục tiêu các chỉ số và trụ cột để trống cho Sở điền."
    ]
    if estimated:
        new.notes.append(
            f"Giá trị cơ sở của các chỉ số {', '.join(estimated)} là điểm ước tính, chưa phải điểm "
            "công bố: thay bằng điểm công bố khi Bộ KH&CN công bố."
        )
    if missing:
        new.notes.append(f"Chưa có kết quả năm {year} của các chỉ số {', '.join(missing)}: giá trị cơ sở để trống.")
    if doubted:
        new.notes.append(
            f"Số liệu năm {year} của các chỉ số {', '.join(doubted)} còn cần xác minh khi tổng hợp: giá trị "
            "cơ sở lấy từ số liệu đó, kiểm tra lại (hoặc thay bằng điểm công bố) trước khi dùng."
        )
    if total is not None and total.basis == ESTIMATE:
        new.notes.append(f"Điểm cơ sở chung và các trụ cột năm {year} là điểm ước tính, chưa phải điểm công bố.")
    if not new.periods:
        new.notes.append("Chưa có kỳ báo cáo: thêm các kỳ ở trang «Lịch báo cáo».")
    return new


@dataclass(frozen=True)
class RolledOver:
    """What `plan next` wrote and what to tell staff (Vietnamese lines, in order)."""

    path: Path
    plan: Plan
    messages: tuple[str, ...]
    still_to_fill: int  # errors `plan check` finds in the new plan: what staff must fill before using it


def roll_over(plan: Plan, period_id: str, target: Path, output_root: Path, plan_ref: str = "") -> RolledOver:
    """`plan next`: next year's plan from `plan`, its period `period_id` as recorded in the history under
    `output_root` (and the published results imported for that year), written to `target` as a plan workbook.
    RollOverError says in Vietnamese why nothing was written."""
    from pii_excel.history import HistoryError, history_path, read_history
    from pii_excel.index.store import read_editions
    from pii_excel.plan import check_plan
    from pii_excel.plan.workbook_write import write_plan_workbook
    from pii_excel.vocab import Severity

    messages: list[str] = []
    path = history_path(output_root, plan)
    try:
        read = read_history(path)
    except HistoryError as exc:
        raise RollOverError(str(exc)) from None
    if read.skipped:
        messages.append(read.note(path))
    record = next((r for r in read.records if r.period_id == period_id), None)
    if record is None:
        elsewhere = recorded_elsewhere(plan, period_id, output_root)
        if elsewhere is not None:  # the demo writes to output/demo: say where the period was consolidated
            raise RollOverError(
                f"Kỳ «{period_id}» của kế hoạch «{plan.id}» không có trong {path}, nhưng đã được tổng "
                f"hợp trong {elsewhere}: chạy lại với «--ket-qua {elsewhere}»."
            )
        raise RollOverError(
            f"Kỳ «{period_id}» của kế hoạch «{plan.id}» chưa được tổng hợp (không có trong {path}). "
            f"Chạy «pii-excel consolidate {plan_ref or plan.id} --period {period_id}» trước."
        )
    try:
        wanted = parse_period_id(period_id)
        year = wanted.year if wanted is not None else None
        published = next((e for e in read_editions(path) if e.index == plan.index_kind and e.year == year), None)
    except HistoryError:
        published = None
    if published is not None:
        messages.append(f"Dùng kết quả công bố {published.label} đã nhập làm giá trị cơ sở nơi hồ sơ công bố có điểm.")
    new = next_plan(plan, record, published)
    write_plan_workbook(new, target)
    messages.append(f"Đã ghi kế hoạch «{new.id}» ra {target} (giá trị cơ sở: kết quả {lower_first(record.label)}).")
    messages += [f"- {note}" for note in new.notes[1:]]
    todo = [f for f in check_plan(target).findings if f.severity is Severity.ERROR]
    messages.append(f"Còn {len(todo)} mục cần điền trước khi dùng; xem bằng «pii-excel plan check {target}».")
    return RolledOver(target, new, tuple(messages), len(todo))


def recorded_elsewhere(plan: Plan, period_id: str, output_root: Path) -> Path | None:
    """Another results folder beside or below the one given (the demo's «output/demo») whose history holds the
    period: where staff most likely consolidated it."""
    from pii_excel.history import HistoryError, history_path, read_history

    for root in sorted({output_root.parent, output_root, Path("output")}):
        candidates = [c for c in root.glob("*") if c.is_dir()] if root.is_dir() else []
        for candidate in candidates:
            path = history_path(candidate, plan)
            if candidate == output_root or not path.is_file():
                continue
            try:
                if any(r.period_id == period_id for r in read_history(path).records):
                    return candidate
            except HistoryError:
                continue
    return None
