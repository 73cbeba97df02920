"""Judge consolidated values against the plan: indicators, pillars and composites, agencies, task progress.

A pure function of the plan, the period's duties and what intake read: it returns its results and its own
findings and changes nothing it is given.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from pii_excel.findings import Code, Finding, Location, finding, on_row
from pii_excel.model import (
    AgencyScore,
    Evaluation,
    FigureResult,
    IndicatorResult,
    Intake,
    OfficialScore,
    PillarResult,
    ReportedValue,
    TaskLine,
    TaskProgress,
)
from pii_excel.numbers import format_number
from pii_excel.plan.describe import target_cell
from pii_excel.plan.duties import AgencyDuties, indicator_due
from pii_excel.plan.model import (
    COMPOSITE_INPUT,
    COMPOSITE_OUTPUT,
    COMPOSITE_OVERALL,
    Agency,
    Goal,
    Indicator,
    Plan,
    code_key,
)
from pii_excel.plan.vocab import compare
from pii_excel.scores import estimate_score, mean, required_figure
from pii_excel.vocab import Basis, FigureFrom, Severity, Side, SubmissionState, TargetOn, TaskStatus, Verdict

EXCEEDED, MET, NOT_MET, NO_DATA, NO_GOAL, AWAITING, UNVERIFIED, NOT_DUE = (
    Verdict.EXCEEDED,
    Verdict.MET,
    Verdict.NOT_MET,
    Verdict.NO_DATA,
    Verdict.NO_GOAL,
    Verdict.AWAITING,
    Verdict.UNVERIFIED,
    Verdict.NOT_DUE,
)
EXCEED_MARGIN_PCT = 5.0  # "Vượt": met and beaten by at least 5 % of the target, unless the plan sets its own
PUBLISHED_DECIMALS = 2  # scores are published to two decimals: estimates are judged at the same precision
COMPOSITE_TOLERANCE = 0.05  # points; published composites are rounded to two decimals


def _sign(ind_direction: str) -> int:
    return -1 if ind_direction == "lower" else 1


def _judge(value: float, op: str, target: float, direction: str, margin_pct: float = EXCEED_MARGIN_PCT) -> Verdict:
    if not compare(value, op, target):
        return NOT_MET
    share = margin_pct / 100
    margin = share * abs(target) if target else share
    better_by = (value - target) * _sign(direction)
    return EXCEEDED if op != "=" and better_by >= margin else MET


def evaluate_indicator(
    ind: Indicator,
    value: float | None,
    margin_pct: float = EXCEED_MARGIN_PCT,
) -> tuple[Verdict, bool | None, bool | None]:
    """(status, improved over baseline, increase met) of one value on the target's own basis; both the absolute
    target and the increase over the baseline must hold when the plan states both (PCI)."""
    if value is None:
        return NO_DATA, None, None
    base = ind.baseline_value
    improved = None if base is None else (value - base) * _sign(ind.direction) > 1e-9
    target, op = ind.target_value(), ind.target_op()
    if target is None or op is None:
        return NO_GOAL, improved, None
    status = _judge(value, op, target, ind.direction, margin_pct)
    increase_met = None
    if ind.target.increase is not None and base is not None:
        increase_met = (value - base) * _sign(ind.direction) >= ind.target.increase - 1e-9
        if not increase_met:
            status = NOT_MET
    return status, improved, increase_met


DOUBTFUL = (Severity.ERROR, Severity.WARNING)


def _figure(ind: Indicator, reported: ReportedValue | None, findings: tuple[Finding, ...]) -> FigureResult:
    f = ind.figure
    value = reported.value if reported else None
    change = None if value is None or f.previous_value is None else value - f.previous_value
    doubts = tuple(x.message for x in on_row(findings, reported.source if reported else None) if x.severity in DOUBTFUL)
    return FigureResult(
        f.name or (ind.name if ind.agency_reports_figure else ""),
        f.unit,
        value,
        reported.numerator if reported else None,
        reported.denominator if reported else None,
        f.numerator,
        f.numerator_unit,
        f.denominator,
        f.denominator_unit,
        reported.evidence if reported else "",
        reported.link if reported else "",
        reported.note if reported else "",
        reported.source if reported else None,
        reported.agency if reported else None,
        f.previous_year,
        f.previous_value,
        change,
        doubts if value is not None else (),
    )


def _score(ind: Indicator, published: OfficialScore | None, figure: FigureResult) -> tuple[float | None, Basis]:
    """The indicator's score: published, else estimated from the raw figure and the plan's bounds."""
    if ind.target_on_score and published is not None and published.score is not None:
        return published.score, Basis.OFFICIAL
    if figure.value is not None:
        estimate = estimate_score(ind.figure, figure.value, ind.direction)
        if estimate is not None:
            return round(estimate, PUBLISHED_DECIMALS), Basis.ESTIMATE
    return None, Basis.PENDING


def _judged(
    ind: Indicator, published: OfficialScore | None, figure: FigureResult, score: float | None, score_basis: Basis
) -> tuple[float | None, Basis, Location | None]:
    """The value the verdict rests on and its basis. A score target is judged on a score only; a target on the
    raw figure on the published figure, else the reported one."""
    if ind.target_on_score:
        ref = published.source if score_basis is Basis.OFFICIAL and published else figure.source
        return score, score_basis, (ref if score is not None else None)
    if published is not None and published.score is not None:
        return published.score, Basis.OFFICIAL, published.source
    if figure.value is not None:
        return figure.value, Basis.REPORTED, figure.source
    return None, Basis.PENDING, None


def _bounds_from(plan: Plan, ind: Indicator) -> str:
    """The published edition whose lowest and highest values give the estimate: the year the bounds carry (the
    imported results' year, or the year the plan gives its own bounds)."""
    year = ind.figure.bounds_year
    return f"{plan.index_kind} {year}" if year else "kế hoạch"


def _indicator_results(plan: Plan, intake: Intake, period_id: str | None) -> list[IndicatorResult]:
    official = {o.code: o for o in intake.official if o.kind == "indicator"}
    reported = {v.indicator: v for v in intake.values if v.value is not None}
    out = []
    for ind in plan.indicators:
        published = official.get(ind.code)
        figure = _figure(ind, reported.get(ind.code), intake.findings)
        if ind.agency_lists_documents:
            figure = replace(figure, documents=tuple(d for d in intake.documents if d.indicator == ind.code))
        score, score_basis = _score(ind, published, figure)
        value, basis, ref = _judged(ind, published, figure, score, score_basis)
        status, improved, increase_met = evaluate_indicator(ind, value, plan.exceed_margin_pct)
        if value is None and (figure.value is not None or not ind.agency_reports_figure):
            # the figure is in (or no agency owes one): the verdict waits for publication, nobody is blamed
            status = AWAITING
        elif value is None and period_id is not None and not indicator_due(ind, period_id):
            status = NOT_DUE  # a yearly indicator in a quarter: the templates did not ask for it
        elif basis in (Basis.ESTIMATE, Basis.REPORTED) and figure.doubts and status is not NO_GOAL:
            # a figure the tool itself flagged (typed "≥ 30", no evidence, far from last year) never counts silently
            status = UNVERIFIED
        base, target = ind.baseline_value, ind.target_value()
        delta = None if value is None or base is None else value - base
        delta_pct = None if delta is None or not base else delta / abs(base) * 100
        pct = None
        if value is not None and target:
            pct = (value / target * 100) if ind.direction != "lower" else (target / value * 100 if value else None)
        needed = required_figure(ind.figure, ind.target_op(), target, ind.direction) if ind.target_on_score else None
        out.append(
            IndicatorResult(
                ind.code,
                ind.name,
                ind.unit,
                ind.pillar,
                ind.group,
                TargetOn(ind.target_on),
                FigureFrom(ind.figure_from),
                ind.baseline_year,
                base,
                target,
                ind.target_op(),
                ind.target.increase,
                target_cell(ind),
                tuple(ind.lead),
                figure,
                score,
                score_basis,
                value,
                basis,
                ref,
                status,
                improved,
                delta,
                delta_pct,
                pct,
                increase_met,
                needed[0] if needed else None,
                needed[1] if needed else None,
                _bounds_from(plan, ind) if score_basis is Basis.ESTIMATE or needed else "",
            )
        )
    out.sort(key=lambda r: code_key(r.indicator))  # framework order in every output
    return out


def _goal_checks(
    goal: Goal,
    score: float | None,
    rank: int | None,
    standing: OfficialScore | None = None,
    above: Above | None = None,
    margin_pct: float = EXCEED_MARGIN_PCT,
) -> list[tuple[str, Verdict | None]]:
    """Each judged part of the goal (keyed as `describe.goal_parts` names them) with its verdict, None when it
    cannot be judged yet (no score, no rank in the region, no complete national average)."""
    checks: list[tuple[str, Verdict | None]] = []
    if goal.score is not None:
        checks.append(
            ("score", None if score is None else _judge(score, goal.op or "≥", goal.score, "higher", margin_pct))
        )
    if goal.top_n is not None:
        checks.append(("top_n", None if rank is None else MET if rank <= goal.top_n else NOT_MET))
    if goal.region_top_n is not None:
        region_rank = standing.region_rank if standing else None
        checks.append(
            ("region_top_n", None if region_rank is None else MET if region_rank <= goal.region_top_n else NOT_MET)
        )
    if goal.above_national:
        mean_ = standing.national_mean if standing else None
        checks.append(
            ("above_national", None if score is None or mean_ is None else MET if score > mean_ + 1e-9 else NOT_MET)
        )
    if goal.pillars_above_national is not None:
        pillars = above.pillars if above else None
        checks.append(
            (
                "pillars_above_national",
                None if pillars is None else MET if pillars[0] >= goal.pillars_above_national else NOT_MET,
            )
        )
    if goal.indicators_above_national_pct is not None:
        shares = above.indicators if above else None
        checks.append(
            (
                "indicators_above_national_pct",
                None
                if shares is None
                else MET
                if shares[0] * 100 >= goal.indicators_above_national_pct * shares[1] - 1e-9
                else NOT_MET,
            )
        )
    return checks


def _goal_status(checks: list[tuple[str, Verdict | None]]) -> Verdict:
    """Every part of the goal must hold: one that fails fails it; one that cannot be judged yet leaves it
    awaiting."""
    if not checks:
        return NO_GOAL
    verdicts = [v for _, v in checks]
    if NOT_MET in verdicts:
        return NOT_MET
    if None in verdicts:
        return AWAITING
    return EXCEEDED if all(v == EXCEEDED for v in verdicts) else MET


def _failed(checks: list[tuple[str, Verdict | None]]) -> tuple[str, ...]:
    return tuple(key for key, verdict in checks if verdict == NOT_MET)


@dataclass(frozen=True)
class Above:
    """How many published pillars and indicators score above the national average: (above, of), or None while
    a national average is missing for any of them (other provinces' results not entered in full)."""

    pillars: tuple[int, int] | None
    indicators: tuple[int, int] | None


def _above(official: list[OfficialScore]) -> tuple[int, int] | None:
    if not official or any(o.score is None or o.national_mean is None for o in official):
        return None
    return sum(
        o.score > o.national_mean + 1e-9 for o in official if o.score is not None and o.national_mean is not None
    ), len(official)


def _shown(published: OfficialScore | None, computed: float | None) -> tuple[float | None, int | None, Basis]:
    if published is not None and published.score is not None:
        return published.score, published.rank, Basis.OFFICIAL
    rank = published.rank if published else None
    if computed is not None:
        # at the published precision, so 48,764 is 48,76 and not "better" than a baseline of 48,76
        return round(computed, PUBLISHED_DECIMALS), rank, Basis.ESTIMATE
    return None, rank, Basis.PENDING


def _group_results(plan: Plan, intake: Intake, indicators: list[IndicatorResult]) -> list[PillarResult]:
    """Groups (x.y): published score, else the mean of their indicators' scores when every one is known — the
    plan's indicators this period, the latest published profile for the others. Without a profile the plan does
    not know which other indicators a group holds, so no group (and no pillar) is estimated."""
    official = {o.code: o for o in intake.official if o.kind == "group"}
    out = []
    for g in plan.groups:
        held = [r.score for r in indicators if r.group == g.code]
        held += [p.score for p in plan.profile if p.group == g.code and plan.indicator(p.code) is None]
        computed = mean(held) if plan.profile else None
        score, rank, basis = _shown(official.get(g.code), computed)
        out.append(
            PillarResult(
                g.code,
                g.name,
                "group",
                None,
                None,
                None,
                Goal(),
                score,
                rank,
                basis,
                computed,
                NO_GOAL,
                None,
                None,
                pillar=g.pillar,
            )
        )
    return out


def _pillar_results(plan: Plan, intake: Intake, groups: list[PillarResult]) -> tuple[list[PillarResult], list[Finding]]:
    official = {o.code: o for o in intake.official if o.kind in ("pillar", "total")}
    above = Above(
        _above([official[p.code] for p in plan.pillars if p.code in official])
        if all(p.code in official for p in plan.pillars)
        else None,
        _above([o for o in intake.official if o.kind == "indicator"]),
    )
    out, found = [], []
    for p in plan.pillars:
        held = [g.score for g in groups if g.pillar == p.code]
        o = official.get(p.code)
        score, rank, basis = _shown(o, mean(held) if held else None)
        delta = None if score is None or p.baseline_score is None else score - p.baseline_score
        improved = None if delta is None else delta > 1e-9
        checks = _goal_checks(p.goal, score, rank, o, margin_pct=plan.exceed_margin_pct)
        out.append(
            PillarResult(
                p.code,
                p.name,
                "pillar",
                Side(p.side) if p.side else None,
                p.baseline_score,
                p.baseline_rank,
                p.goal,
                score,
                rank,
                basis,
                mean(held) if held else None,
                _goal_status(checks),
                improved,
                delta,
                p.weight,
                region_rank=o.region_rank if o else None,
                national_mean=o.national_mean if o else None,
                failed=_failed(checks),
            )
        )
    by_code = {r.code: r for r in out}
    composites: list[tuple[str, str, float | None, float | None, int | None, Goal]] = []
    inputs, outputs = plan.side_pillars("input"), plan.side_pillars("output")
    computed_input = mean([by_code[p.code].score for p in inputs]) if inputs else None
    computed_output = mean([by_code[p.code].score for p in outputs]) if outputs else None
    if inputs and outputs:
        composites.append(
            (
                COMPOSITE_INPUT,
                "Chỉ số đầu vào",
                computed_input,
                plan.input_baseline_score,
                plan.input_baseline_rank,
                Goal(),
            )
        )
        composites.append(
            (
                COMPOSITE_OUTPUT,
                "Chỉ số đầu ra",
                computed_output,
                plan.output_baseline_score,
                plan.output_baseline_rank,
                Goal(),
            )
        )
        overall = mean([computed_input, computed_output])
    else:
        weights = [p.weight for p in plan.pillars]
        # a weighted index (PCI) is only computed from every component with its weight: a plain mean of the
        # components a plan happens to list is not the index
        weighted = plan.index_kind.upper() == "PCI" or any(w is not None for w in weights)
        overall = None if weighted and any(w is None for w in weights) else mean([r.score for r in out], weights)
    if overall is not None:
        overall *= plan.overall_scale
    composites.append(
        (
            COMPOSITE_OVERALL,
            f"Chỉ số {plan.index_kind} (chung)",
            overall,
            plan.overall_baseline_score,
            plan.overall_baseline_rank,
            plan.overall_goal,
        )
    )
    for code, name, computed, base_score, base_rank, goal in composites:
        o = official.get(code)
        score, rank, basis = _shown(o, computed)
        delta = None if score is None or base_score is None else score - base_score
        checks = _goal_checks(goal, score, rank, o, above, plan.exceed_margin_pct)
        out.append(
            PillarResult(
                code,
                name,
                "total",
                None,
                base_score,
                base_rank,
                goal,
                score,
                rank,
                basis,
                computed,
                _goal_status(checks),
                None if delta is None else delta > 1e-9,
                delta,
                region_rank=o.region_rank if o else None,
                national_mean=o.national_mean if o else None,
                failed=_failed(checks),
            )
        )
        if (
            o is not None
            and o.score is not None
            and computed is not None
            and abs(o.score - computed) > COMPOSITE_TOLERANCE
        ):
            found.append(
                finding(
                    Code.OFFICIAL_COMPOSITE_MISMATCH,
                    at=o.source or Location(),
                    value=round(o.score, 4),
                    agency=plan.coordinator,
                    name=name,
                    computed=round(computed, 4),
                )
            )
    return out, found


def _task_lines(plan: Plan, intake: Intake, duties: Iterable[AgencyDuties]) -> list[TaskLine]:
    """Every (task, agency) duty of the period with what was reported, in the plan's task order."""
    got = {(t.agency, t.task): t for t in intake.tasks}
    lines = []
    for d in duties:
        for task, role in d.tasks:
            t = got.get((d.agency.code, task.id))
            status = (t.status if t else None) or TaskStatus.NOT_REPORTED
            lines.append(
                TaskLine(
                    task.id,
                    task.indicator,
                    task.text,
                    d.agency.code,
                    role,
                    status,
                    t.result if t else "",
                    t.difficulty if t else "",
                    t.source if t else None,
                )
            )
    order = {t.id: n for n, t in enumerate(plan.tasks)}
    lines.sort(key=lambda line: (order[line.task], plan.require_agency(line.agency).display_name))
    return lines


def _accountability(plan: Plan, agency: Agency, led: list[IndicatorResult]) -> dict:
    """Whether the plan's sanction for a missed target reaches this agency, and on which of its targets. Only a
    final verdict counts: a published result, or the reported figure a target is set on; an estimate is never
    a ground to withhold anyone's rating."""
    if not plan.accountability.strip() or not agency.reports or not led:
        return {}
    final = (Basis.OFFICIAL, Basis.REPORTED)
    missed = [r.indicator for r in led if r.status is NOT_MET and r.basis in final]
    undecided = [r.indicator for r in led if not r.status.reached and r.indicator not in missed]
    return {"accountable": True, "missed": tuple(missed), "undecided": tuple(undecided)}


def _agency_scores(
    plan: Plan, intake: Intake, duties: list[AgencyDuties], indicators: list[IndicatorResult], lines: list[TaskLine]
) -> list[AgencyScore]:
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
                agency.code,
                agency.name,
                sub.status if sub else SubmissionState.NOT_REQUIRED,
                sub.days_late if sub else 0,
                led=tuple(r.indicator for r in led),
                met=tuple(r.indicator for r in led if r.status.reached),
                not_met=tuple(r.indicator for r in led if r.status is NOT_MET),
                no_data=tuple(r.indicator for r in led if r.status is NO_DATA),
                awaiting=tuple(r.indicator for r in led if r.status is AWAITING),
                unverified=tuple(r.indicator for r in led if r.status is UNVERIFIED),
                tasks=tasks,
                **_accountability(plan, agency, led),
            )
        )
    return out


def _task_progress(plan: Plan, lines: list[TaskLine]) -> list[TaskProgress]:
    by_indicator: dict[str | None, dict[TaskStatus, int]] = {}
    for line in lines:
        counts = by_indicator.setdefault(line.indicator, {})
        counts[line.status] = counts.get(line.status, 0) + 1
    order = [i.code for i in plan.indicators] + [None]
    return [TaskProgress(k, by_indicator[k]) for k in order if k in by_indicator]


def _one_score_per_component(plan: Plan, intake: Intake) -> tuple[Intake, list[Finding]]:
    """A PCI plan sets targets on its component indices, so an indicator and a pillar share a code: the coordinator
    may type the published score in either sheet, and both then carry it (the pillar's, with its rank, when both
    were typed). Two different scores for one component are said at the indicator's cell."""
    twins = plan.component_twins()
    if not twins:
        return intake, []
    by_kind = {(o.kind, o.code): o for o in intake.official}
    official = [o for o in intake.official if o.code not in twins or o.kind not in ("indicator", "pillar")]
    found: list[Finding] = []
    for code in twins:
        ind, pil = by_kind.get(("indicator", code)), by_kind.get(("pillar", code))
        if (
            ind is not None
            and pil is not None
            and ind.score is not None
            and pil.score is not None
            and abs(ind.score - pil.score) > 0.005
        ):
            found.append(
                finding(
                    Code.OFFICIAL_TWIN_DISAGREES,
                    at=ind.source or Location(),
                    agency=plan.coordinator,
                    value=format_number(ind.score, 4),
                    component=code,
                    other=format_number(pil.score, 4),
                )
            )
        chosen = pil if pil is not None and pil.score is not None else ind
        if chosen is None:
            continue
        official.append(replace(chosen, kind="indicator"))
        official.append(replace(chosen, kind="pillar"))
    return replace(intake, official=tuple(official)), found


def evaluate(plan: Plan, intake: Intake, duties: list[AgencyDuties], period_id: str | None = None) -> Evaluation:
    """Results of the period: `duties` are the period's (from duties.all_duties), computed once per run; indicators
    not reported in `period_id` are "không thuộc kỳ này", never missing data."""
    intake, twins = _one_score_per_component(plan, intake)
    indicators = _indicator_results(plan, intake, period_id)
    groups = _group_results(plan, intake, indicators)
    pillars, found = _pillar_results(plan, intake, groups)
    found = [*twins, *found]
    lines = _task_lines(plan, intake, duties)
    return Evaluation(
        indicators=tuple(indicators),
        pillars=tuple(pillars),
        groups=tuple(groups),
        agencies=tuple(_agency_scores(plan, intake, duties, indicators, lines)),
        task_lines=tuple(lines),
        task_progress=tuple(_task_progress(plan, lines)),
        findings=tuple(found),
        components=tuple(plan.component_twins()),
    )
