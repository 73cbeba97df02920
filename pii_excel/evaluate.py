"""Judge consolidated values against the plan: indicators, pillars and composites, agencies, task progress.

A pure function of the plan, the period's duties and what intake read: it returns its results and its own
findings and changes nothing it is given.
"""

from __future__ import annotations

from collections.abc import Iterable

from pii_excel.duties import AgencyDuties
from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.model import (
    AgencyScore,
    Evaluation,
    IndicatorResult,
    Intake,
    PillarResult,
    TaskLine,
    TaskProgress,
)
from pii_excel.plan.describe import target_cell
from pii_excel.plan.model import COMPOSITE_INPUT, COMPOSITE_OUTPUT, COMPOSITE_OVERALL, Goal, Indicator, Plan
from pii_excel.plan.vocab import compare
from pii_excel.vocab import Side, SubmissionState, TaskStatus, ValueSource, Verdict

EXCEEDED, MET, NOT_MET, NO_DATA, NO_GOAL = (Verdict.EXCEEDED, Verdict.MET, Verdict.NOT_MET, Verdict.NO_DATA,
                                            Verdict.NO_GOAL)  # fmt: skip
EXCEED_MARGIN = 0.05  # "Vượt": the target is met and beaten by at least 5 % of it
COMPOSITE_TOLERANCE = 0.05  # points; published composites are rounded to two decimals


def _sign(ind_direction: str) -> int:
    return -1 if ind_direction == "lower" else 1


def _judge(value: float, op: str, target: float, direction: str) -> Verdict:
    if not compare(value, op, target):
        return NOT_MET
    margin = EXCEED_MARGIN * abs(target) if target else EXCEED_MARGIN
    better_by = (value - target) * _sign(direction)
    return EXCEEDED if op != "=" and better_by >= margin else MET


def evaluate_indicator(ind: Indicator, value: float | None) -> tuple[Verdict, bool | None, bool | None]:
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


def _indicator_results(plan: Plan, intake: Intake) -> list[IndicatorResult]:
    official = {o.code: o for o in intake.official if o.kind == "indicator"}
    reported = {v.indicator: v for v in intake.values if v.value is not None}
    out = []
    for ind in plan.indicators:
        if ind.code in official:
            o = official[ind.code]
            value, source, ref, by = o.score, ValueSource.OFFICIAL, o.source, plan.coordinator
        elif ind.code in reported:
            rv = reported[ind.code]
            value, source, ref, by = rv.value, ValueSource.REPORTED, rv.source, rv.agency
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
                ind.code, ind.name, ind.unit, ind.pillar, ind.baseline_year, value, source, ref, base, target,
                ind.target_op(), ind.target.increase, target_cell(ind), status, improved, delta, delta_pct, pct,
                tuple(ind.lead), by, increase_met,
            )
        )  # fmt: skip
    return out


def _goal_status(goal: Goal, score: float | None, rank: int | None) -> Verdict:
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


def _pillar_results(plan: Plan, intake: Intake) -> tuple[list[PillarResult], list[Finding]]:
    official = {o.code: o for o in intake.official if o.kind in ("pillar", "total")}
    out, found = [], []
    for p in plan.pillars:
        o = official.get(p.code)
        score, rank = (o.score, o.rank) if o else (None, None)
        delta = None if score is None or p.baseline_score is None else score - p.baseline_score
        improved = None if delta is None else delta > 1e-9
        out.append(
            PillarResult(p.code, p.name, "pillar", Side(p.side) if p.side else None, p.baseline_score,
                         p.baseline_rank, p.goal, score, rank, None, _goal_status(p.goal, score, rank), improved,
                         delta, p.weight)
        )  # fmt: skip
    by_code = {r.code: r for r in out}
    composites: list[tuple[str, str, float | None, float | None, int | None, Goal]] = []
    inputs, outputs = plan.side_pillars("input"), plan.side_pillars("output")
    computed_input = _mean([by_code[p.code].score for p in inputs]) if inputs else None
    computed_output = _mean([by_code[p.code].score for p in outputs]) if outputs else None
    if inputs and outputs:
        composites.append((COMPOSITE_INPUT, "Chỉ số đầu vào", computed_input, None, None, Goal()))
        composites.append((COMPOSITE_OUTPUT, "Chỉ số đầu ra", computed_output, None, None, Goal()))
        overall = _mean([computed_input, computed_output])
    else:
        overall = _mean([r.score for r in out], [p.weight for p in plan.pillars])
    if overall is not None:
        overall *= plan.overall_scale
    composites.append(
        (COMPOSITE_OVERALL, f"Chỉ số {plan.index_kind} (chung)", overall, plan.overall_baseline_score,
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
            found.append(finding(Code.OFFICIAL_COMPOSITE_MISMATCH, at=o.source or Location(), value=round(score, 4),
                                 agency=plan.coordinator, name=name, computed=round(computed, 4)))  # fmt: skip
    return out, found


def _task_lines(plan: Plan, intake: Intake, duties: Iterable[AgencyDuties]) -> list[TaskLine]:
    """Every (task, agency) duty of the period with what was reported, in the plan's task order."""
    got = {(t.agency, t.task): t for t in intake.tasks}
    lines = []
    for d in duties:
        for task, role in d.tasks:
            t = got.get((d.agency.code, task.id))
            status = (t.status if t else None) or TaskStatus.NOT_REPORTED
            lines.append(TaskLine(task.id, task.indicator, task.text, d.agency.code, role, status,
                                  t.result if t else "", t.difficulty if t else "", t.source if t else None))  # fmt: skip
    order = {t.id: n for n, t in enumerate(plan.tasks)}
    lines.sort(key=lambda line: (order[line.task], plan.require_agency(line.agency).display_name))
    return lines


def _agency_scores(plan: Plan, intake: Intake, duties: list[AgencyDuties], indicators: list[IndicatorResult],
                   lines: list[TaskLine]) -> list[AgencyScore]:  # fmt: skip
    status_of = {s.agency: s for s in intake.submissions}
    owing = {d.agency.code for d in duties}
    out = []
    for agency in plan.agencies:
        led = [r for r in indicators if agency.code in r.lead]
        if not led and agency.code not in owing:
            continue
        sub = status_of.get(agency.code)
        tasks: dict[TaskStatus, int] = {}
        if agency.code in owing:
            tasks = dict.fromkeys(TaskStatus, 0)
            for line in lines:
                if line.agency == agency.code:
                    tasks[line.status] += 1
        out.append(
            AgencyScore(
                agency.code, agency.name, sub.status if sub else SubmissionState.NOT_REQUIRED, sub.days_late if sub else 0,
                led=tuple(r.indicator for r in led),
                met=tuple(r.indicator for r in led if r.status.reached),
                not_met=tuple(r.indicator for r in led if r.status is NOT_MET),
                no_data=tuple(r.indicator for r in led if r.status is NO_DATA),
                tasks=tasks,
            )
        )  # fmt: skip
    return out


def _task_progress(plan: Plan, lines: list[TaskLine]) -> list[TaskProgress]:
    by_indicator: dict[str | None, dict[TaskStatus, int]] = {}
    for line in lines:
        counts = by_indicator.setdefault(line.indicator, {})
        counts[line.status] = counts.get(line.status, 0) + 1
    order = [i.code for i in plan.indicators] + [None]
    return [TaskProgress(k, by_indicator[k]) for k in order if k in by_indicator]


def evaluate(plan: Plan, intake: Intake, duties: list[AgencyDuties]) -> Evaluation:
    """Results of the period: `duties` are the period's (from duties.all_duties), computed once per run."""
    indicators = _indicator_results(plan, intake)
    pillars, found = _pillar_results(plan, intake)
    lines = _task_lines(plan, intake, duties)
    return Evaluation(
        indicators=tuple(indicators),
        pillars=tuple(pillars),
        agencies=tuple(_agency_scores(plan, intake, duties, indicators, lines)),
        task_lines=tuple(lines),
        task_progress=tuple(_task_progress(plan, lines)),
        findings=tuple(found),
    )
