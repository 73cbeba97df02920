"""The analysis after publication, as data: where the province stands in one edition, against the edition before
it, the national and regional averages and the plan's targets; which indicators are strongest and weakest across
every indicator of the edition, who owns them, and the raw figure that would have reached the next target.

Built once from the imported results (`index/`) and the plan; the Word report and the workbook only turn it into
their files. Every figure is the imported workbook's; a rank is always kept with the number ranked that edition."""

from __future__ import annotations

from dataclasses import dataclass, field

from pii_excel.index.framework import code_key
from pii_excel.index.results import EditionResults, IndicatorResult, definition_changes
from pii_excel.plan.model import Goal, Plan
from pii_excel.scores import normalised
from pii_excel.vocab import ResultKind, SourceKind, Verdict

DEFAULT_TOP = 10  # strongest and weakest indicators listed


@dataclass(frozen=True)
class Needed:
    """The raw figure that would have reached `score` with the edition's bounds: «≥ 0,256 tổ chức/10.000 dân»."""

    op: str
    figure: float
    score: float
    reason: str  # «mục tiêu của Kế hoạch» | «trung bình cả nước»


@dataclass(frozen=True)
class IndicatorLine:
    code: str
    name: str
    unit: str
    direction: str
    source: SourceKind
    raw: float | None
    low: float | None
    high: float | None
    score: float | None
    rank: int | None
    previous_score: float | None = None
    previous_rank: int | None = None
    redefined: str = ""  # how the definition changed since the previous edition: no like-for-like change
    owners: tuple[str, ...] = ()  # lead agencies in the plan, by name; empty is a gap the report shows
    national_mean: float | None = None
    target: str = ""  # the plan's target for the edition's year («≥ 20 điểm»), when it has one
    verdict: Verdict | None = None  # the target met or not, on the official score
    needed: Needed | None = None

    @property
    def change(self) -> float | None:
        if self.redefined or self.score is None or self.previous_score is None:
            return None
        return self.score - self.previous_score


@dataclass(frozen=True)
class AggregateLine:
    kind: ResultKind
    code: str
    name: str
    score: float | None
    rank: int | None
    region_rank: int | None = None
    previous_score: float | None = None
    previous_rank: int | None = None
    national_mean: float | None = None
    region_mean: float | None = None
    goal: str = ""
    verdict: Verdict | None = None

    @property
    def change(self) -> float | None:
        return None if self.score is None or self.previous_score is None else self.score - self.previous_score


@dataclass(frozen=True)
class Analysis:
    plan: Plan
    edition: EditionResults
    previous: EditionResults | None
    overall: AggregateLine | None
    sides: tuple[AggregateLine, ...]  # input, output
    pillars: tuple[AggregateLine, ...]
    groups: tuple[AggregateLine, ...]
    indicators: tuple[IndicatorLine, ...]  # every indicator of the edition, code order
    top: int = DEFAULT_TOP
    strengths: tuple[IndicatorLine, ...] = ()
    weaknesses: tuple[IndicatorLine, ...] = ()
    risers: tuple[IndicatorLine, ...] = ()
    fallers: tuple[IndicatorLine, ...] = ()
    redefined: tuple[IndicatorLine, ...] = field(default=())

    @property
    def size(self) -> int | None:
        return self.edition.ranking_size

    @property
    def previous_size(self) -> int | None:
        return self.previous.ranking_size if self.previous else None

    @property
    def same_base(self) -> bool:
        """Ranks of the two editions compare only over the same number of provinces (63 before 7/2025, 34 after)."""
        return self.previous is not None and self.size is not None and self.size == self.previous_size

    @property
    def unowned(self) -> tuple[IndicatorLine, ...]:
        return tuple(i for i in self.indicators if not i.owners)


def _owners(plan: Plan, code: str) -> tuple[str, ...]:
    ind = plan.indicator(code)
    if ind is None:
        return ()
    return tuple(a.display_name if (a := plan.agency(c)) else c for c in ind.lead)


def _judge(score: float | None, op: str, value: float) -> Verdict | None:
    if score is None:
        return None
    met = {
        "≥": score >= value - 1e-9,
        ">": score > value + 1e-9,
        "≤": score <= value + 1e-9,
        "<": score < value - 1e-9,
        "=": abs(score - value) < 1e-9,
    }.get(op, score >= value - 1e-9)
    return Verdict.MET if met else Verdict.NOT_MET


def _judged_year(plan: Plan, edition: EditionResults) -> bool:
    """The plan's targets are judged on results after its baseline year: the baseline year's results are where the
    targets start from, not a result against them."""
    return plan.baseline_year is None or edition.year > plan.baseline_year


def _needed(row: IndicatorResult, score: float, reason: str) -> Needed | None:
    """The inverse of the publisher's min–max normalisation: the raw value whose score is `score`."""
    if row.low is None or row.high is None or row.high <= row.low or not 0 <= score <= 100:
        return None
    share = score / 100 if row.direction != "lower" else 1 - score / 100
    figure = row.low + share * (row.high - row.low)
    assert normalised(figure, row.low, row.high, row.direction) is not None
    return Needed("≤" if row.direction == "lower" else "≥", figure, score, reason)


def _indicator(
    plan: Plan,
    edition: EditionResults,
    previous: EditionResults | None,
    row: IndicatorResult,
    redefined: dict[str, str],
) -> IndicatorLine:
    before = previous.indicator(row.code) if previous else None
    standing = edition.standing(row.code, plan.region)
    ind = plan.indicator(row.code)
    target, verdict, needed = "", None, None
    if ind is not None and ind.target_on_score and ind.target_value() is not None and _judged_year(plan, edition):
        op, value = ind.target_op() or "≥", ind.target_value()
        assert value is not None
        target = f"{op} {value:g} điểm".replace(".", ",")
        verdict = _judge(row.score, op, value)
        if verdict is Verdict.NOT_MET and row.source is SourceKind.PROVINCE:
            needed = _needed(row, value, "mục tiêu của Kế hoạch")
    owners = _owners(plan, row.code)
    mean = standing.national_mean
    below = mean is not None and row.score is not None and row.score < mean
    if needed is None and owners and below and row.source is SourceKind.PROVINCE:
        assert mean is not None
        needed = _needed(row, mean, "trung bình cả nước")
    return IndicatorLine(
        row.code,
        row.name,
        row.unit,
        row.direction,
        row.source,
        row.raw,
        row.low,
        row.high,
        row.score,
        row.rank,
        before.score if before else None,
        before.rank if before else None,
        redefined.get(row.code, ""),
        owners,
        standing.national_mean,
        target,
        verdict,
        needed,
    )


def _goal_text(goal: Goal) -> str:
    parts = []
    if goal.score is not None:
        parts.append(f"{goal.op or '≥'} {goal.score:g} điểm".replace(".", ","))
    if goal.top_n is not None:
        parts.append(f"trong nhóm {goal.top_n} tỉnh dẫn đầu")
    return "; ".join(parts)


def _aggregate(
    plan: Plan, edition: EditionResults, previous: EditionResults | None, kind: ResultKind, code: str
) -> AggregateLine | None:
    row = edition.aggregate(kind, code)
    if row is None:
        return None
    before = previous.aggregate(kind, code) if previous else None
    standing = edition.standing(code, plan.region)
    goal: Goal | None = None
    if kind is ResultKind.PILLAR:
        goal = next((p.goal for p in plan.pillars if p.code == code), None)
    elif kind is ResultKind.INDEX:
        goal = plan.overall_goal
    verdict = None
    judged = goal is not None and (goal.score is not None or goal.top_n is not None) and _judged_year(plan, edition)
    if goal is not None and judged and row.score is not None:
        parts = []
        if goal.score is not None:
            parts.append(_judge(row.score, goal.op or "≥", goal.score))
        if goal.top_n is not None and row.rank is not None:
            parts.append(Verdict.MET if row.rank <= goal.top_n else Verdict.NOT_MET)
        verdict = Verdict.NOT_MET if Verdict.NOT_MET in parts else Verdict.MET
    region_rank = row.region_rank if row.region_rank is not None else standing.region_rank
    return AggregateLine(
        kind,
        code,
        row.name,
        row.score,
        row.rank,
        region_rank,
        before.score if before else None,
        before.rank if before else None,
        standing.national_mean,
        standing.region_mean,
        _goal_text(goal) if goal else "",
        verdict,
    )


def build_analysis(plan: Plan, editions: list[EditionResults], year: int, top: int = DEFAULT_TOP) -> Analysis | None:
    """The analysis of the plan's index in `year` from the imported editions (None when that edition was not
    imported); the edition before it is the latest earlier one of the same index."""
    mine = sorted((e for e in editions if e.index == plan.index_kind), key=lambda e: e.year)
    edition = next((e for e in mine if e.year == year), None)
    if edition is None:
        return None
    earlier = [e for e in mine if e.year < year]
    previous = earlier[-1] if earlier else None
    redefined = definition_changes(previous, edition) if previous else {}
    indicators = tuple(
        sorted(
            (_indicator(plan, edition, previous, r, redefined) for r in edition.indicators),
            key=lambda i: code_key(i.code),
        )
    )
    ranked = [i for i in indicators if i.rank is not None]
    by_rank = sorted(ranked, key=lambda i: (i.rank, -(i.score or 0), code_key(i.code)))
    top = max(1, top)
    strengths = tuple(by_rank[:top])
    weaknesses = tuple(i for i in reversed(by_rank[-top:]) if i not in strengths)
    moved = [i for i in indicators if i.change is not None and abs(i.change) >= 0.005]
    risers = tuple(sorted((i for i in moved if (i.change or 0) > 0), key=lambda i: -(i.change or 0)))
    fallers = tuple(sorted((i for i in moved if (i.change or 0) < 0), key=lambda i: i.change or 0))
    groups = tuple(
        a
        for a in (
            _aggregate(plan, edition, previous, ResultKind.GROUP, g.code)
            for g in sorted(edition.aggregates, key=lambda a: code_key(a.code))
            if g.kind is ResultKind.GROUP
        )
        if a is not None
    )
    pillars = tuple(
        a
        for a in (
            _aggregate(plan, edition, previous, ResultKind.PILLAR, p.code)
            for p in sorted(edition.aggregates, key=lambda a: code_key(a.code))
            if p.kind is ResultKind.PILLAR
        )
        if a is not None
    )
    sides = tuple(
        a
        for a in (
            _aggregate(plan, edition, previous, k, c)
            for k, c in ((ResultKind.INPUT, "input"), (ResultKind.OUTPUT, "output"))
        )
        if a is not None
    )
    return Analysis(
        plan,
        edition,
        previous,
        _aggregate(plan, edition, previous, ResultKind.INDEX, "index"),
        sides,
        pillars,
        groups,
        indicators,
        top,
        strengths,
        weaknesses,
        risers,
        fallers,
        tuple(i for i in indicators if i.redefined),
    )
