"""Judge consolidated values against the plan: indicators, pillars and composites, agencies, task progress."""

from __future__ import annotations

from dataclasses import dataclass, field

from pii_excel.duties import all_duties
from pii_excel.findings import finding
from pii_excel.numbers import format_number
from pii_excel.plan.model import Goal, Indicator, Plan
from pii_excel.plan.vocab import compare
from pii_excel.result import CellRef, RunResult
from pii_excel.template import layout as L

EXCEEDED, MET, NOT_MET, NO_DATA, NO_GOAL = "exceeded", "met", "not_met", "no_data", "no_goal"
STATUS_LABELS = {
    EXCEEDED: "Vượt",
    MET: "Đạt",
    NOT_MET: "Chưa đạt",
    NO_DATA: "Không có số liệu",
    NO_GOAL: "Không đặt mục tiêu",
}
EXCEED_MARGIN = 0.05  # "Vượt": the target is met and beaten by at least 5 % of it
TASK_STATUS_LABELS: dict[str | None, str] = {None: "Chưa báo cáo"}
TASK_STATUS_LABELS.update(L.TASK_STATUSES)
COMPOSITE_TOLERANCE = 0.05  # points; published composites are rounded to two decimals


@dataclass
class IndicatorResult:
    indicator: str
    name: str
    unit: str
    value: float | None
    source: str | None  # "official" | "reported" | None
    source_ref: CellRef | None
    baseline: float | None
    target: float | None
    op: str | None
    increase: float | None
    status: str
    improved: bool | None  # better than the baseline (in the indicator's direction)
    delta: float | None
    delta_pct: float | None
    pct_of_target: float | None
    lead: list[str]
    reported_by: str | None = None
    increase_met: bool | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class PillarResult:
    code: str
    name: str
    kind: str  # pillar | total
    side: str | None
    baseline_score: float | None
    baseline_rank: int | None
    goal: Goal
    score: float | None
    rank: int | None
    computed: float | None  # for composites: from the pillar scores
    status: str
    improved: bool | None
    delta: float | None
    weight: float | None = None

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]


@dataclass
class AgencyScore:
    agency: str
    name: str
    submission: str  # on_time | late | missing | not_required
    days_late: int
    led: list[str] = field(default_factory=list)
    met: list[str] = field(default_factory=list)
    not_met: list[str] = field(default_factory=list)
    no_data: list[str] = field(default_factory=list)
    tasks: dict[str, int] = field(default_factory=dict)  # done / in_progress / not_started / not_reported


@dataclass
class TaskProgress:
    indicator: str | None
    counts: dict[str, int] = field(default_factory=dict)  # status -> number of (task, agency) reports


@dataclass
class Evaluation:
    indicators: list[IndicatorResult] = field(default_factory=list)
    pillars: list[PillarResult] = field(default_factory=list)
    agencies: list[AgencyScore] = field(default_factory=list)
    task_progress: list[TaskProgress] = field(default_factory=list)

    def indicator(self, code: str) -> IndicatorResult | None:
        return next((r for r in self.indicators if r.indicator == code), None)

    def counts(self) -> dict[str, int]:
        return {s: sum(r.status == s for r in self.indicators) for s in (EXCEEDED, MET, NOT_MET, NO_DATA)}

    def to_dict(self) -> dict:
        def ref(r):
            return None if r is None else {"file": r.file, "sheet": r.sheet, "cell": r.cell}

        return {
            "results": [
                {
                    "indicator": r.indicator, "value": r.value, "source": r.source, "source_ref": ref(r.source_ref),
                    "target": {"op": r.op, "value": r.target, "increase": r.increase}, "status": r.status,
                    "delta": r.delta, "delta_pct": r.delta_pct, "pct_of_target": r.pct_of_target,
                    "improved": r.improved, "lead": r.lead, "reported_by": r.reported_by,
                }
                for r in self.indicators
            ],
            "pillars": [
                {
                    "code": p.code, "name": p.name, "kind": p.kind, "score": p.score, "rank": p.rank,
                    "computed": p.computed, "status": p.status, "delta": p.delta,
                    "baseline": {"score": p.baseline_score, "rank": p.baseline_rank},
                    "goal": {"op": p.goal.op, "score": p.goal.score, "top_n": p.goal.top_n},
                }
                for p in self.pillars
            ],
            "agencies": [
                {
                    "agency": a.agency, "submission": a.submission, "days_late": a.days_late, "led": a.led,
                    "met": a.met, "not_met": a.not_met, "no_data": a.no_data, "tasks": a.tasks,
                }
                for a in self.agencies
            ],
            "task_progress": [{"indicator": t.indicator, "counts": t.counts} for t in self.task_progress],
        }  # fmt: skip


def _sign(ind_direction: str) -> int:
    return -1 if ind_direction == "lower" else 1


def _judge(value: float, op: str, target: float, direction: str) -> str:
    if not compare(value, op, target):
        return NOT_MET
    margin = EXCEED_MARGIN * abs(target) if target else EXCEED_MARGIN
    better_by = (value - target) * _sign(direction)
    return EXCEEDED if op != "=" and better_by >= margin else MET


def evaluate_indicator(ind: Indicator, value: float | None) -> tuple[str, bool | None, bool | None]:
    """(status, improved over baseline, increase met) of one value; both the absolute target and the
    increase over the baseline must hold when the plan states both (PCI)."""
    if value is None:
        return NO_DATA, None, None
    base = ind.baseline_value
    improved = None if base is None else (value - base) * _sign(ind.direction) > 1e-9
    target, op = ind.target_value(), ind.target_op()
    if target is None or op is None:
        return NO_DATA, improved, None
    status = _judge(value, op, target, ind.direction)
    increase_met = None
    if ind.target.increase is not None and base is not None:
        increase_met = (value - base) * _sign(ind.direction) >= ind.target.increase - 1e-9
        if not increase_met:
            status = NOT_MET
    return status, improved, increase_met


def _indicator_results(plan: Plan, result: RunResult) -> list[IndicatorResult]:
    official = {o.code: o for o in result.official if o.kind == "indicator"}
    reported = {v.indicator: v for v in result.values if v.value is not None}
    out = []
    for ind in plan.indicators:
        if ind.code in official:
            value, source, ref, by = official[ind.code].score, "official", official[ind.code].source, plan.coordinator
        elif ind.code in reported:
            rv = reported[ind.code]
            value, source, ref, by = rv.value, "reported", rv.source, rv.agency
        else:
            value, source, ref, by = None, None, None, None
        status, improved, increase_met = evaluate_indicator(ind, value)
        base, target = ind.baseline_value, ind.target_value()
        delta = None if value is None or base is None else value - base
        delta_pct = None if delta is None or not base else delta / abs(base) * 100
        pct = None
        if value is not None and target:
            pct = (value / target * 100) if ind.direction != "lower" else (target / value * 100 if value else None)
        out.append(
            IndicatorResult(
                ind.code, ind.name, ind.unit, value, source, ref, base, target, ind.target_op(), ind.target.increase,
                status, improved, delta, delta_pct, pct, list(ind.lead), by, increase_met,
            )
        )  # fmt: skip
    return out


def _goal_status(goal: Goal, score: float | None, rank: int | None) -> str:
    if goal.score is None and goal.top_n is None:
        return NO_GOAL
    checks = []
    if goal.score is not None:
        if score is None:
            return NO_DATA
        checks.append(_judge(score, goal.op or "≥", goal.score, "higher"))
    if goal.top_n is not None:
        if rank is None:
            return NO_DATA
        checks.append(MET if rank <= goal.top_n else NOT_MET)
    if NOT_MET in checks:
        return NOT_MET
    return EXCEEDED if checks and all(c == EXCEEDED for c in checks) else MET


def _mean(scores: list[float | None], weights: list[float | None] | None = None) -> float | None:
    known = [s for s in scores if s is not None]
    if not scores or len(known) < len(scores):
        return None
    given = [w for w in weights or [] if w is not None]
    if weights and len(given) == len(weights) and sum(given):
        return sum(s * w for s, w in zip(known, given, strict=True)) / sum(given)
    return sum(known) / len(known)


def _pillar_results(plan: Plan, result: RunResult) -> list[PillarResult]:
    official = {o.code: o for o in result.official if o.kind in ("pillar", "total")}
    out = []
    for p in plan.pillars:
        o = official.get(p.code)
        score, rank = (o.score, o.rank) if o else (None, None)
        delta = None if score is None or p.baseline_score is None else score - p.baseline_score
        improved = None if delta is None else delta > 1e-9
        out.append(
            PillarResult(p.code, p.name, "pillar", p.side, p.baseline_score, p.baseline_rank, p.goal, score, rank,
                         None, _goal_status(p.goal, score, rank), improved, delta, p.weight)
        )  # fmt: skip
    by_code = {r.code: r for r in out}
    composites: list[tuple[str, str, float | None, float | None, int | None, Goal]] = []
    inputs, outputs = plan.side_pillars("input"), plan.side_pillars("output")
    computed_input = _mean([by_code[p.code].score for p in inputs]) if inputs else None
    computed_output = _mean([by_code[p.code].score for p in outputs]) if outputs else None
    if inputs and outputs:
        composites.append((L.TOTAL_INPUT, "Chỉ số đầu vào", computed_input, None, None, Goal()))
        composites.append((L.TOTAL_OUTPUT, "Chỉ số đầu ra", computed_output, None, None, Goal()))
        overall = _mean([computed_input, computed_output])
    else:
        overall = _mean([r.score for r in out], [p.weight for p in plan.pillars])
    if overall is not None:
        overall *= plan.overall_scale
    composites.append(
        (L.TOTAL_OVERALL, f"Chỉ số {plan.index_kind} (chung)", overall, plan.overall_baseline_score,
         plan.overall_baseline_rank, plan.overall_goal)
    )  # fmt: skip
    for code, name, computed, base_score, base_rank, goal in composites:
        o = official.get(code)
        score, rank = (o.score, o.rank) if o else (None, None)
        shown = score if score is not None else computed
        delta = None if shown is None or base_score is None else shown - base_score
        out.append(
            PillarResult(code, name, "total", None, base_score, base_rank, goal, score, rank, computed,
                         _goal_status(goal, shown, rank), None if delta is None else delta > 1e-9, delta)
        )  # fmt: skip
        if o is not None and score is not None and computed is not None and abs(score - computed) > COMPOSITE_TOLERANCE:
            src = o.source
            result.add_finding(
                finding("COMPOSITE_MISMATCH", file=src.file if src else "", sheet=src.sheet if src else "",
                        cell=src.cell if src else "", value=format_number(score, 4), name=name,
                        computed=format_number(computed, 4)),
                plan.coordinator,
            )  # fmt: skip
    return out


def _agency_scores(plan: Plan, result: RunResult, indicators: list[IndicatorResult]) -> list[AgencyScore]:
    status_of = {s.agency: s for s in result.submissions}
    duties = {d.agency.code: d for d in all_duties(plan, result.period)}
    reports: dict[str, list] = {}
    for t in result.tasks:
        reports.setdefault(t.agency, []).append(t)
    out = []
    for agency in plan.agencies:
        led = [r for r in indicators if agency.code in r.lead]
        d = duties.get(agency.code)
        if not led and d is None:
            continue
        sub = status_of.get(agency.code)
        score = AgencyScore(
            agency.code, agency.name, sub.status if sub else "not_required", sub.days_late if sub else 0
        )
        score.led = [r.indicator for r in led]
        score.met = [r.indicator for r in led if r.status in (MET, EXCEEDED)]
        score.not_met = [r.indicator for r in led if r.status == NOT_MET]
        score.no_data = [r.indicator for r in led if r.status == NO_DATA]
        if d is not None:
            counts = {"done": 0, "in_progress": 0, "not_started": 0, "not_reported": 0}
            got = {t.task: t.status for t in reports.get(agency.code, [])}
            for task, _role in d.tasks:
                counts[got.get(task.id) or "not_reported"] += 1
            score.tasks = counts
        out.append(score)
    return out


def _task_progress(plan: Plan, result: RunResult) -> list[TaskProgress]:
    by_indicator: dict[str | None, dict[str, int]] = {}
    expected = {d.agency.code: d for d in all_duties(plan, result.period)}
    got = {(t.agency, t.task): t.status for t in result.tasks}
    for code, d in expected.items():
        for task, _role in d.tasks:
            status = got.get((code, task.id)) or "not_reported"
            counts = by_indicator.setdefault(task.indicator, {})
            counts[status] = counts.get(status, 0) + 1
    order = [i.code for i in plan.indicators] + [None]
    return [TaskProgress(k, by_indicator[k]) for k in order if k in by_indicator]


def evaluate(plan: Plan, result: RunResult) -> Evaluation:
    indicators = _indicator_results(plan, result)
    return Evaluation(
        indicators=indicators,
        pillars=_pillar_results(plan, result),
        agencies=_agency_scores(plan, result, indicators),
        task_progress=_task_progress(plan, result),
    )
