"""Imported results used where the run needs them: the edition of the period's year gives the official scores
(indicators, groups, pillars, input, output, the index — no typing in the coordinator's sheets), and the latest
edition up to that year gives every indicator's estimation bounds (the plan's own bounds stay an override)."""

from __future__ import annotations

import copy
from dataclasses import dataclass, field, replace

from pii_excel.findings import Location
from pii_excel.index.results import EditionResults, definition_changes
from pii_excel.model import Intake, OfficialScore
from pii_excel.plan.model import COMPOSITE_INPUT, COMPOSITE_OUTPUT, COMPOSITE_OVERALL, Plan
from pii_excel.plan.periods import parse_period_id
from pii_excel.textnorm import fold
from pii_excel.vocab import ResultKind, SourceKind

_KINDS = {
    ResultKind.GROUP: "group",
    ResultKind.PILLAR: "pillar",
    ResultKind.INPUT: "total",
    ResultKind.OUTPUT: "total",
    ResultKind.INDEX: "total",
}
# raw values no agency figure can be set against: the Ministry's own assessment of documents (1.1.1), a survey
NOT_A_FIGURE = (SourceKind.ASSESSED, SourceKind.SURVEY)
_CODES = {ResultKind.INPUT: COMPOSITE_INPUT, ResultKind.OUTPUT: COMPOSITE_OUTPUT, ResultKind.INDEX: COMPOSITE_OVERALL}


def period_year(period_id: str) -> int | None:
    parsed = parse_period_id(period_id)
    return parsed.year if parsed is not None else None


def edition_of_year(plan: Plan, editions: list[EditionResults], year: int | None) -> EditionResults | None:
    return next((e for e in editions if e.index == plan.index_kind and e.year == year), None)


def bounds_editions(plan: Plan, editions: list[EditionResults], year: int | None) -> list[EditionResults]:
    """The imported editions of the plan's index up to `year`: their bounds estimate that year's scores."""
    return [e for e in editions if e.index == plan.index_kind and (year is None or e.year <= year)]


def official_scores(results: EditionResults, region: str = "") -> tuple[OfficialScore, ...]:
    """The edition's published scores and ranks, each pointing at the results file it was imported from, with the
    national and regional averages and the rank in the region where the other provinces' results allow (`region`:
    the plan's, when the results file does not say)."""
    note = f"Kết quả công bố {results.label}"
    out = []
    for i in results.indicators:
        if i.score is None and i.rank is None:
            continue
        s = results.standing(i.code, region)
        out.append(
            OfficialScore(
                i.code,
                "indicator",
                i.score,
                i.rank,
                Location(results.source_file, "Chỉ số thành phần"),
                note,
                s.region_rank,
                s.national_mean,
                s.region_mean,
            )
        )
    for a in results.aggregates:
        if a.score is None and a.rank is None:
            continue
        s = results.standing(a.code, region)
        out.append(
            OfficialScore(
                _CODES.get(a.kind, a.code),
                _KINDS[a.kind],
                a.score,
                a.rank,
                Location(results.source_file, "Nhóm, trụ cột"),
                note,
                a.region_rank if a.region_rank is not None else s.region_rank,
                s.national_mean,
                s.region_mean,
            )
        )
    return tuple(out)


def with_official(intake: Intake, results: EditionResults | None, region: str = "") -> Intake:
    """The intake with the imported edition's scores; a score the coordinator typed for a code the edition lacks
    stays (the «Công bố» sheets keep serving early scores)."""
    if results is None:
        return intake
    imported = official_scores(results, region)
    have = {(o.kind, o.code) for o in imported}
    typed = tuple(o for o in intake.official if (o.kind, o.code) not in have)
    return replace(intake, official=imported + typed)


def with_bounds(plan: Plan, editions: list[EditionResults]) -> Plan:
    """A copy of the plan whose indicators take as estimation bounds the lowest and highest values of the latest of
    `editions` that publishes them (its year recorded with them), except where the plan sets bounds of its own or the
    published value is an assessment or survey result no reported figure can be scored against."""
    newest_first = sorted(editions, key=lambda e: e.year, reverse=True)
    if not newest_first:
        return plan
    bounded = copy.deepcopy(plan)
    for ind in bounded.indicators:
        if ind.figure.has_bounds:
            continue
        for results in newest_first:
            row = results.indicator(ind.code)
            if row is not None and row.has_bounds and row.source not in NOT_A_FIGURE:
                ind.figure.bounds_min, ind.figure.bounds_max, ind.figure.bounds_year = row.low, row.high, results.year
                break
    return bounded


def redefined_since_baseline(plan: Plan, editions: list[EditionResults], year: int | None) -> dict[str, str]:
    """Indicators whose definition changed between the edition of the plan's baseline year and the latest edition
    up to the period's year: the change from the baseline is then across two definitions, and outputs say so."""
    mine = sorted((e for e in editions if e.index == plan.index_kind), key=lambda e: e.year)
    base = next((e for e in mine if e.year == plan.baseline_year), None)
    later = [e for e in mine if base is not None and e.year > base.year and (year is None or e.year <= year)]
    return definition_changes(base, later[-1]) if base is not None and later else {}


@dataclass(frozen=True)
class CallCoverage:
    """What the framework of a data call's edition asks that the plan does not, or words otherwise."""

    edition: str  # "PII 2025"
    not_followed: tuple[tuple[str, str, str], ...] = ()  # (code, name, unit): the province supplies, no plan row
    wording: dict[str, str] = field(default_factory=dict)  # code -> the edition's name and unit, where they differ


def call_coverage(plan: Plan, editions: list[EditionResults], period_id: str) -> CallCoverage | None:
    """For the Ministry's data call of an edition whose framework is known (imported with its results, or built
    in): the province-supplied indicators the plan does not follow — staff add them to the plan with their lead
    agency, since no agency is asked for what nobody assigned it — and the plan's indicators the edition names or
    measures otherwise. None for another period or an edition not known yet."""
    from pii_excel.index.framework import builtin_edition
    from pii_excel.plan.periods import PeriodKind, period_kind

    if period_kind(period_id) is not PeriodKind.DATA_CALL:
        return None
    year = period_year(period_id)
    imported = edition_of_year(plan, editions, year)
    built_in = builtin_edition(plan.index_kind, year) if imported is None and year is not None else None
    if imported is not None:
        rows = [(i.code, i.name, i.unit, i.source) for i in imported.indicators]
    elif built_in is not None:
        rows = [(i.code, i.name, i.unit, i.source) for i in built_in.indicators]
    else:
        return None
    followed = {i.code: i for i in plan.indicators}
    missing = tuple(
        (code, name, unit)
        for code, name, unit, source in rows
        if source is SourceKind.PROVINCE and code not in followed
    )
    wording: dict[str, str] = {}
    for code, name, unit, _source in rows:
        own = followed.get(code)
        if own is None or not own.agency_reports_figure:
            continue
        if fold(name) != fold(own.name) or (unit and fold(unit) != fold(own.figure.unit or own.unit)):
            wording[code] = f"Khung {plan.index_kind} {year}: {name}" + (f" ({unit})" if unit else "")
    return CallCoverage(f"{plan.index_kind} {year}", missing, wording)
