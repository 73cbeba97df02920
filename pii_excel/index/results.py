"""The published results of one edition for the province — every indicator's raw value, the lowest and highest
among provinces, score and rank; every group's, pillar's, the input and output sub-indices' and the index's score,
national rank and rank in the region — and the checks that make them trustworthy before they are used.

The arithmetic is the publisher's, verified on published profiles (DOMAIN.md; Khánh Hòa's PII 2025 profile: group
1.1 «Môi trường chính sách» — 1.1.1 47,59 in 28,20–55,64 → 70,66; 1.1.2 7,45 in 6,35–8,44 → 52,63; 1.1.3 7,14 in
6,12–8,03 → 53,40; group 58,90): score = 100·(x − min)/(max − min), reversed where lower is better; a group is the
mean of its indicators, a pillar the mean of its groups, input the mean of pillars 1–5, output of 6–7, the index the
mean of input and output."""

from __future__ import annotations

from dataclasses import dataclass, field

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.index.framework import code_key, group_of, pillar_of
from pii_excel.numbers import format_number
from pii_excel.scores import normalised
from pii_excel.textnorm import fold
from pii_excel.vocab import ResultKind, SourceKind

# Published figures are rounded to two decimals: a score recomputed from rounded figures can differ by the rounding
# of the score itself plus what the rounding of x, min and max (±0.005 each) moves through 100/(max − min).
SCORE_ROUNDING = 0.006
FIGURE_ROUNDING = 0.005
MEAN_TOLERANCE = 0.011  # a mean of scores each rounded to ±0.005, compared with its own rounded value


@dataclass(frozen=True)
class IndicatorResult:
    code: str
    name: str
    unit: str = ""
    direction: str = "higher"
    source: SourceKind = SourceKind.PROVINCE
    raw: float | None = None
    low: float | None = None
    high: float | None = None
    score: float | None = None
    rank: int | None = None
    at: dict[str, Location] = field(default_factory=dict, compare=False)  # column key -> the cell it came from

    @property
    def group(self) -> str:
        return group_of(self.code)

    @property
    def has_bounds(self) -> bool:
        return self.low is not None and self.high is not None and self.high > self.low

    def normalised(self) -> float | None:
        """The score the publisher's min–max normalisation gives this raw value (clipped to 0–100)."""
        if self.raw is None or not self.has_bounds:
            return None
        assert self.low is not None and self.high is not None
        return normalised(self.raw, self.low, self.high, self.direction)


@dataclass(frozen=True)
class AggregateResult:
    kind: ResultKind
    code: str  # "1.1", "1", "input", "output", "index"
    name: str
    score: float | None = None
    rank: int | None = None
    region_rank: int | None = None
    at: dict[str, Location] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class ProvinceResult:
    """Another province's published value for one code (indicator, group, pillar, «input», «output», «index»):
    entered when staff have them, so national and regional averages and ranks in the region can be worked out."""

    province: str
    region: str
    code: str
    raw: float | None = None
    score: float | None = None
    rank: int | None = None
    at: dict[str, Location] = field(default_factory=dict, compare=False)


@dataclass(frozen=True)
class Standing:
    """Where the province stands on one code among the provinces entered: the national average when every ranked
    province is there, the regional average and rank when every province of the region is."""

    national_mean: float | None = None
    region_mean: float | None = None
    region_rank: int | None = None
    entered: int = 0  # provinces with a score for the code, the province included


@dataclass(frozen=True)
class EditionResults:
    """One edition's published results for one province, as imported."""

    index: str
    year: int
    province: str = ""
    region: str = ""
    publisher: str = ""
    document: str = ""  # the publication's document or page
    published_on: str = ""  # ISO date
    ranking_size: int | None = None
    region_size: int | None = None
    indicators: tuple[IndicatorResult, ...] = ()
    aggregates: tuple[AggregateResult, ...] = ()
    source_file: str = ""
    sha256: str = ""
    others: tuple[ProvinceResult, ...] = ()

    @property
    def label(self) -> str:
        return f"{self.index} {self.year}"

    def own_score(self, code: str) -> float | None:
        row = self.indicator(code) or next((a for a in self.aggregates if a.code == code), None)
        return row.score if row is not None else None

    def standing(self, code: str, region: str = "") -> Standing:
        """The averages and rank in the region of `code` (indicator, group, pillar, «input», «output», «index»)
        over the provinces entered; an average over fewer provinces than ranked is no average (None)."""
        own = self.own_score(code)
        region = region or self.region
        rows = [o for o in self.others if o.code == code and o.score is not None]
        scores = [o.score for o in rows if o.score is not None] + ([own] if own is not None else [])
        national = _mean(scores) if scores and self.ranking_size and len(scores) == self.ranking_size else None
        mates = [o.score for o in rows if o.score is not None and region and fold(o.region) == fold(region)]
        in_region = mates + ([own] if own is not None else [])
        whole = bool(region) and self.region_size is not None and len(in_region) == self.region_size
        regional = _mean(in_region) if whole and in_region else None
        rank = None
        if whole and own is not None:
            rank = 1 + sum(s > own + 1e-9 for s in mates)
        return Standing(national, regional, rank, len(scores))

    def provinces(self) -> list[str]:
        """The other provinces entered, in the order first entered."""
        return list(dict.fromkeys(o.province for o in self.others))

    def aggregate(self, kind: ResultKind, code: str) -> AggregateResult | None:
        return next((a for a in self.aggregates if a.kind is kind and a.code == code), None)

    def indicator(self, code: str) -> IndicatorResult | None:
        return next((i for i in self.indicators if i.code == code), None)

    @property
    def overall(self) -> AggregateResult | None:
        return self.aggregate(ResultKind.INDEX, "index")


def _n(value: float | None) -> str:
    return format_number(value, 2) if value is not None else ""


def _where(row: IndicatorResult | AggregateResult | ProvinceResult, key: str) -> Location:
    return row.at.get(key) or next(iter(row.at.values()), Location())


def check_results(results: EditionResults, expected_province: str, pillar_sides: dict[str, str]) -> list[Finding]:
    """Every check the published arithmetic allows, each a located Vietnamese finding. `pillar_sides`: pillar code
    -> "input" | "output" (the framework's)."""
    found: list[Finding] = []
    size = results.ranking_size
    if expected_province and results.province and fold(results.province) != fold(expected_province):
        found.append(finding(Code.RESULTS_OTHER_PROVINCE, value=results.province, expected=expected_province))
    for row in results.indicators:
        name = f"{row.code} {row.name}".strip()
        if row.low is not None and row.high is not None and row.low > row.high:
            found.append(
                finding(
                    Code.RESULTS_BOUNDS_REVERSED, at=_where(row, "low"), name=name, low=_n(row.low), high=_n(row.high)
                )
            )
        elif (
            row.raw is not None
            and row.low is not None
            and row.high is not None
            and not (row.low - FIGURE_ROUNDING <= row.raw <= row.high + FIGURE_ROUNDING)
        ):
            found.append(
                finding(
                    Code.RESULTS_RAW_OUTSIDE,
                    at=_where(row, "raw"),
                    name=name,
                    value=_n(row.raw),
                    low=_n(row.low),
                    high=_n(row.high),
                )
            )
        elif row.score is not None and (computed := row.normalised()) is not None:
            assert row.low is not None and row.high is not None
            tolerance = SCORE_ROUNDING + 100 * 3 * FIGURE_ROUNDING / (row.high - row.low)
            if abs(computed - row.score) > tolerance:
                found.append(
                    finding(
                        Code.RESULTS_SCORE_MISMATCH,
                        at=_where(row, "score"),
                        name=name,
                        value=_n(row.score),
                        raw=_n(row.raw),
                        low=_n(row.low),
                        high=_n(row.high),
                        computed=_n(computed),
                    )
                )
        found += _score_and_rank(row, name, size)
        filled = {k: getattr(row, k) is not None for k in ("raw", "low", "high", "score", "rank")}
        if any(filled.values()) and not all(filled.values()):
            missing = ", ".join(_COLUMN_WORDS[k] for k, ok in filled.items() if not ok)
            found.append(finding(Code.RESULTS_ROW_INCOMPLETE, at=_where(row, "code"), name=name, missing=missing))
    for agg in results.aggregates:
        found += _score_and_rank(agg, agg.name, size)
        if agg.region_rank is not None and results.region_size and not 1 <= agg.region_rank <= results.region_size:
            found.append(
                finding(
                    Code.RESULTS_RANK_INVALID,
                    at=_where(agg, "region_rank"),
                    value=agg.region_rank,
                    name=f"{agg.name} (trong vùng)",
                    size=results.region_size,
                )
            )
    found += _means(results, pillar_sides)
    found += _others(results, expected_province)
    overall = results.overall
    if overall is None or overall.score is None:
        at = _where(overall, "score") if overall is not None else Location()
        found.append(finding(Code.RESULTS_INDEX_MISSING, at=at, name=results.label))
    return found


def _others(results: EditionResults, expected_province: str) -> list[Finding]:
    """Other provinces' rows: scores and ranks in range, and the province's own national rank as their scores
    order it, when every ranked province has been entered (a typing slip in one row shows here)."""
    found: list[Finding] = []
    own = fold(results.province or expected_province)
    for o in results.others:
        found += _score_and_rank(o, f"{o.province} — {o.code}", results.ranking_size)
    codes = [i.code for i in results.indicators] + [a.code for a in results.aggregates]
    for code in codes:
        row = results.indicator(code) or next((a for a in results.aggregates if a.code == code), None)
        if row is None or row.score is None or row.rank is None:
            continue
        rivals = [o.score for o in results.others if o.code == code and o.score is not None and fold(o.province) != own]
        if not results.ranking_size or len(rivals) + 1 != results.ranking_size:
            continue
        computed = 1 + sum(s > row.score + 1e-9 for s in rivals)
        if computed != row.rank:
            name = f"{code} {row.name}".strip() if isinstance(row, IndicatorResult) else row.name
            found.append(
                finding(
                    Code.RESULTS_RANK_DISAGREES, at=_where(row, "rank"), name=name, value=row.rank, computed=computed
                )
            )
    return found


_COLUMN_WORDS = {"raw": "giá trị", "low": "thấp nhất", "high": "cao nhất", "score": "điểm", "rank": "thứ hạng"}


def _score_and_rank(
    row: IndicatorResult | AggregateResult | ProvinceResult, name: str, size: int | None
) -> list[Finding]:
    found = []
    if row.score is not None and not 0 <= row.score <= 100:
        found.append(finding(Code.RESULTS_SCORE_OUT_OF_RANGE, at=_where(row, "score"), value=_n(row.score), name=name))
    if row.rank is not None and size and not 1 <= row.rank <= size:
        found.append(finding(Code.RESULTS_RANK_INVALID, at=_where(row, "rank"), value=row.rank, name=name, size=size))
    return found


def _mean(values: list[float]) -> float:
    return sum(values) / len(values)


def _means(results: EditionResults, sides: dict[str, str]) -> list[Finding]:
    """Group = mean of its indicators (a warning: a profile may be entered in part), pillar = mean of its groups,
    input = mean of pillars 1–5, output = mean of 6–7, the index = mean of input and output (errors)."""
    found: list[Finding] = []
    groups = {a.code: a for a in results.aggregates if a.kind is ResultKind.GROUP}
    pillars = {a.code: a for a in results.aggregates if a.kind is ResultKind.PILLAR}
    for code, agg in groups.items():
        scores = [i.score for i in results.indicators if i.group == code and i.score is not None]
        if agg.score is not None and scores and abs(_mean(scores) - agg.score) > MEAN_TOLERANCE:
            found.append(
                finding(
                    Code.RESULTS_GROUP_MEAN_DIFFERS,
                    at=_where(agg, "score"),
                    name=agg.name,
                    value=_n(agg.score),
                    computed=_n(_mean(scores)),
                    count=len(scores),
                )
            )
    checks: list[tuple[AggregateResult | None, list[AggregateResult]]] = []
    for code, pillar in pillars.items():
        checks.append((pillar, [g for g in groups.values() if pillar_of(g.code) == code]))
    ordered = sorted(pillars.values(), key=lambda a: code_key(a.code))
    checks.append((results.aggregate(ResultKind.INPUT, "input"), [p for p in ordered if sides.get(p.code) == "input"]))
    checks.append(
        (results.aggregate(ResultKind.OUTPUT, "output"), [p for p in ordered if sides.get(p.code) == "output"])
    )
    sides_rows = [results.aggregate(ResultKind.INPUT, "input"), results.aggregate(ResultKind.OUTPUT, "output")]
    checks.append((results.overall, [a for a in sides_rows if a is not None]))
    for whole, parts in checks:
        if whole is None or whole.score is None or not parts or any(p.score is None for p in parts):
            continue
        computed = _mean([p.score for p in parts if p.score is not None])
        if abs(computed - whole.score) > MEAN_TOLERANCE:
            listed = ", ".join(f"{p.name} {_n(p.score)}" for p in parts)
            found.append(
                finding(
                    Code.RESULTS_MEAN_MISMATCH,
                    at=_where(whole, "score"),
                    name=whole.name,
                    value=_n(whole.score),
                    computed=_n(computed),
                    parts=listed,
                )
            )
    return found


def definition_changes(before: EditionResults, after: EditionResults) -> dict[str, str]:
    """Indicators whose definition changed between two editions (the framework changes every year: «/tổng số đơn vị
    hành chính cấp xã» became «/10.000 dân»), keyed by code, each said as «tên cũ (đơn vị) → tên mới (đơn vị)»;
    a code absent from one edition is not a change of definition. Comparing such an indicator across the two
    editions is flagged, never silently made."""
    old = {i.code: i for i in before.indicators}
    out = {}
    for new in after.indicators:
        was = old.get(new.code)
        if was is None or not was.name or not new.name:
            continue
        if fold(was.name) != fold(new.name) or (was.unit and new.unit and fold(was.unit) != fold(new.unit)):

            def shown(i: IndicatorResult) -> str:
                return f"«{i.name}»" + (f" ({i.unit})" if i.unit else "")

            out[new.code] = f"{before.label} {shown(was)} → {after.label} {shown(new)}"
    return out
