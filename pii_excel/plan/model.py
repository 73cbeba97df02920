"""The plan: pillars, indicators with targets, agencies, tasks and the reporting schedule."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import TypeVar

from pii_excel.location import Location

# Where a field of a plan object came from in a plan workbook: field name -> (sheet, cell).
# Codes of the composite scores beside the pillars: input and output sub-indices (PII) and the index itself.
COMPOSITE_INPUT, COMPOSITE_OUTPUT, COMPOSITE_OVERALL = "DAU_VAO", "DAU_RA", "TONG"

Origin = dict[str, Location]  # field -> where it was read (sheet and cell of the plan workbook)


_T = TypeVar("_T")


@dataclass
class Goal:
    """A pillar's or the overall index's goal as plans write it: a score with a comparator, a rank within the top N,
    a rank within the top N of the region, above the national average; for the overall index also how many pillars
    and what share of the indicators are above the national average (Cà Mau 2026: «4/7 trụ cột và 50 % chỉ số cao
    hơn trung bình cả nước»). Every part must hold."""

    op: str | None = None
    score: float | None = None
    top_n: int | None = None
    note: str = ""
    region_top_n: int | None = None
    above_national: bool = False
    pillars_above_national: int | None = None
    indicators_above_national_pct: float | None = None

    def is_empty(self) -> bool:
        return not self.judged_parts() and not self.note

    def judged_parts(self) -> bool:
        return (
            self.score is not None
            or self.top_n is not None
            or self.region_top_n is not None
            or self.above_national
            or self.pillars_above_national is not None
            or self.indicators_above_national_pct is not None
        )


@dataclass
class Target:
    """An indicator's target: `op value`, and/or an improvement of `increase` over the baseline."""

    op: str | None = None
    value: float | None = None
    increase: float | None = None


@dataclass
class Figure:
    """The raw figure behind an indicator, as the lead agency holds it, and where published scores place it.

    A ratio indicator names its numerator and denominator; the figure is numerator / denominator x factor
    (100 for a percentage). Bounds are the lowest and highest figure among provinces in the latest published
    results: with them a score can be estimated, 100·(x − min)/(max − min), reversed where lower is better.
    """

    name: str = ""
    unit: str = ""
    numerator: str = ""
    numerator_unit: str = ""
    denominator: str = ""
    denominator_unit: str = ""
    factor: float = 1.0
    source: str = ""  # where the figure usually comes from ("Cục Thống kê tỉnh, niên giám thống kê")
    previous_year: int | None = None
    previous_value: float | None = None
    bounds_min: float | None = None
    bounds_max: float | None = None
    bounds_year: int | None = None

    @property
    def is_ratio(self) -> bool:
        return bool(self.numerator or self.denominator)

    @property
    def has_bounds(self) -> bool:
        return self.bounds_min is not None and self.bounds_max is not None and self.bounds_max > self.bounds_min

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"


@dataclass
class Group:
    """A sub-pillar (PII: x.y): its score is the mean of its indicators' scores."""

    code: str
    name: str
    pillar: str = ""
    origin: Origin = field(default_factory=dict, repr=False, compare=False)


@dataclass
class ProfileScore:
    """One indicator's score in the latest published profile, for indicators the plan does not target, so a
    group's score can be estimated from all the indicators it holds."""

    code: str
    name: str
    group: str = ""
    score: float | None = None
    year: int | None = None
    origin: Origin = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Pillar:
    code: str
    name: str
    side: str | None = None  # "input" / "output" where the index has sides
    components: list[str] = field(default_factory=list)  # sub-pillar names, for the report
    baseline_score: float | None = None
    baseline_rank: int | None = None
    goal: Goal = field(default_factory=Goal)
    weight: float | None = None  # percent, where the index uses a weighted mean (PCI)
    origin: Origin = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Indicator:
    code: str
    name: str
    unit: str = ""  # the unit of the baseline and target ("điểm" when they are scores)
    pillar: str = ""
    group: str = ""
    target_on: str = "score"  # vocab.TargetOn
    figure_from: str = "agency"  # vocab.FigureFrom
    figure: Figure = field(default_factory=Figure)
    direction: str = "higher"
    baseline_year: int | None = None
    baseline_value: float | None = None
    target: Target = field(default_factory=Target)
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    frequency: str = "ongoing"
    note: str = ""
    origin: Origin = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_percent(self) -> bool:
        return self.unit.strip() == "%"

    @property
    def agency_reports_figure(self) -> bool:
        return self.figure_from == "agency"

    @property
    def target_on_score(self) -> bool:
        return self.target_on == "score"

    @property
    def agency_lists_documents(self) -> bool:
        """The publisher scores this indicator from documents the province lists (PII 1.1.1, policies): the lead
        lists them — number, date, title, issuer, evidence — and no figure is asked."""
        return self.figure_from == "documents"

    @property
    def figure_published_elsewhere(self) -> bool:
        """The raw figure behind the score is another publisher's number (a PCI sub-index, DTI, PAR INDEX…): no
        agency reports it; the coordinator types it when that index is published, and it gives an estimate."""
        return self.figure_from == "published" and self.target_on_score and bool(self.figure.name)

    def target_value(self) -> float | None:
        """The absolute value to reach: the stated value, else baseline improved by the increase."""
        if self.target.value is not None:
            return self.target.value
        if self.target.increase is not None and self.baseline_value is not None:
            sign = -1 if self.direction == "lower" else 1
            return self.baseline_value + sign * self.target.increase
        return None

    def target_op(self) -> str | None:
        if self.target.op:
            return self.target.op
        if self.target.increase is not None:
            return "≤" if self.direction == "lower" else "≥"
        return None


@dataclass
class Task:
    """One task bullet. Without its own agencies it belongs to its indicator's lead and cooperating agencies."""

    id: str
    text: str
    indicator: str | None = None
    lead: list[str] = field(default_factory=list)
    cooperating: list[str] = field(default_factory=list)
    due: str = ""
    origin: Origin = field(default_factory=dict, repr=False, compare=False)


@dataclass
class Agency:
    code: str
    name: str
    short_name: str = ""
    kind: str = "department"
    email: str = ""
    members: list[str] = field(default_factory=list)  # for a group; empty "all" group means every agency
    reports: bool = True  # submits a template in this plan
    all_members: bool = False  # group of every non-group agency ("các sở, ngành và đơn vị liên quan")
    # a group no one reports for ("UBND các xã, phường" without a list of communes): the coordinator reports its
    # lead duties instead, and its template says so
    by_coordinator: bool = False
    origin: Origin = field(default_factory=dict, repr=False, compare=False)

    @property
    def is_group(self) -> bool:
        return self.kind == "group"

    @property
    def display_name(self) -> str:
        return self.short_name or self.name


@dataclass
class Period:
    """A reporting period: its data period (start to the cut-off `end`), deadline and Vietnamese label."""

    id: str  # "2024", "2020-Q3", "2026-6T", "2026-9T", "2026-M03" (plan.periods)
    start: date
    end: date
    deadline: date
    label: str = ""
    ranking_size: int | None = None  # provinces ranked in this period's results, when not the plan's
    origin: Origin = field(default_factory=dict, repr=False, compare=False)


@dataclass
class ReportSettings:
    doc_symbol: str = "BC-KHCN"
    parent_body: str = ""  # "UBND TỈNH BẮC GIANG"
    issuing_body: str = ""  # "SỞ KHOA HỌC VÀ CÔNG NGHỆ"
    place: str = ""
    recipients: list[str] = field(default_factory=list)  # "Kính gửi"
    copy_to: list[str] = field(default_factory=list)  # "Nơi nhận"
    signer_authority: str = "KT. GIÁM ĐỐC"
    signer_title: str = "PHÓ GIÁM ĐỐC"
    signer_name: str = ""


@dataclass
class Plan:
    id: str
    title: str
    index_kind: str = "PII"  # "PII", "PCI" or another index's short name
    province: str = ""
    region: str = ""  # the socio-economic region the publisher ranks the province in
    issuer: str = ""
    parent_body: str = ""
    doc_number: str = ""
    doc_date: date | None = None
    ranking_size: int = 63
    baseline_year: int | None = None
    target_year: int | None = None
    coordinator: str = ""  # agency code that consolidates and enters official results
    # the plan this one continues (`plan next`): its history and imported results are this plan's past too
    predecessor: str = ""
    overall_baseline_score: float | None = None
    overall_baseline_rank: int | None = None
    overall_goal: Goal = field(default_factory=Goal)
    # the published input and output sub-indices of the baseline year (PII), so their change can be shown
    input_baseline_score: float | None = None
    input_baseline_rank: int | None = None
    output_baseline_score: float | None = None
    output_baseline_rank: int | None = None
    # The overall index = (weighted) mean of pillar scores x overall_scale (PCI: sub-indices out of 10, index out of 100)
    overall_scale: float = 1.0
    # «Vượt mục tiêu»: met and beaten by at least this share of the target. The tool's own convention — neither
    # the plans, Nghị định 09/2019 nor the Ministry's documents define it — so a plan may set its own.
    exceed_margin_pct: float = 5.0
    # The plan's own sanction for a missed target, as it words it («… không xếp loại hoàn thành xuất sắc nhiệm vụ
    # năm 2020»): applied to the units that report under this plan and lead a target, on final verdicts only.
    accountability: str = ""
    report: ReportSettings = field(default_factory=ReportSettings)
    pillars: list[Pillar] = field(default_factory=list)
    groups: list[Group] = field(default_factory=list)
    profile: list[ProfileScore] = field(default_factory=list)  # latest published scores of other indicators
    indicators: list[Indicator] = field(default_factory=list)
    agencies: list[Agency] = field(default_factory=list)
    tasks: list[Task] = field(default_factory=list)
    periods: list[Period] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # transcription notes, shown by `plan show`
    origin: Origin = field(default_factory=dict, repr=False, compare=False)

    # --- look-ups -------------------------------------------------------------------
    @property
    def pillar_noun(self) -> str:
        """What the index calls its parts: PII's «trụ cột», PCI's «chỉ số thành phần» (VCCI has no pillars)."""
        return "chỉ số thành phần" if self.index_kind.upper() == "PCI" else "trụ cột"

    @property
    def numbered(self) -> bool:
        """Whether the plan has a number to cite: «41/KH-UBND», not «/KH-UBND» (a symbol waiting for its number)."""
        return bool(self.doc_number.split("/")[0].strip())

    def _by_code(self, items: list) -> dict:
        """Code -> the first item with it, built once per list: a plan of hundreds of agencies is asked for one
        by code thousands of times per run. Rebuilt when the list is replaced or grows or shrinks (the cache
        holds the list itself, so a new list can never pass for it)."""
        cache = self.__dict__.setdefault("_lookups", {})
        hit = cache.get(id(items))
        if hit is None or hit[0] is not items or hit[1] != len(items):
            index: dict = {}
            for item in items:
                index.setdefault(item.code, item)
            hit = cache[id(items)] = (items, len(items), index)
        return hit[2]

    def __getstate__(self) -> dict:
        return {k: v for k, v in self.__dict__.items() if k != "_lookups"}  # copies and workers build their own

    def agency(self, code: str) -> Agency | None:
        return self._by_code(self.agencies).get(code)

    def indicator(self, code: str) -> Indicator | None:
        return self._by_code(self.indicators).get(code)

    def pillar(self, code: str) -> Pillar | None:
        return next((p for p in self.pillars if p.code == code), None)

    def component_twins(self) -> list[str]:
        """Codes of indicators that are a pillar under another name: a PCI plan sets its targets on the component
        indices, which are both its «pillars» (scores and ranks VCCI publishes) and indicators agencies answer
        for. Their published score is typed once, on the pillars' sheet."""
        return [i.code for i in self.indicators if i.pillar == i.code and self.pillar(i.code) is not None]

    def group(self, code: str) -> Group | None:
        return next((g for g in self.groups if g.code == code), None)

    def period(self, period_id: str) -> Period | None:
        return next((p for p in self.periods if p.id == period_id), None)

    def require_agency(self, code: str) -> Agency:
        """The agency, for callers that hold a code the plan itself gave them."""
        return _required(self.agency(code), "agency", code, self.id)

    def require_indicator(self, code: str) -> Indicator:
        return _required(self.indicator(code), "indicator", code, self.id)

    def require_period(self, period_id: str) -> Period:
        return _required(self.period(period_id), "period", period_id, self.id)

    def agency_name(self, code: str) -> str:
        agency = self.agency(code)
        return agency.name if agency else code

    def tasks_of_indicator(self, code: str) -> list[Task]:
        return [t for t in self.tasks if t.indicator == code]

    def general_tasks(self) -> list[Task]:
        return [t for t in self.tasks if t.indicator is None]

    def task_lead(self, task: Task) -> list[str]:
        if task.lead or task.cooperating or task.indicator is None:
            return task.lead
        ind = self.indicator(task.indicator)
        return ind.lead if ind else []

    def task_cooperating(self, task: Task) -> list[str]:
        if task.lead or task.cooperating or task.indicator is None:
            return task.cooperating
        ind = self.indicator(task.indicator)
        return ind.cooperating if ind else []

    def group_members(self, code: str) -> list[str]:
        """Codes of the (non-group) agencies a group stands for; an agency stands for itself."""
        agency = self.agency(code)
        if agency is None or not agency.is_group:
            return [code]
        if agency.by_coordinator:
            return [self.coordinator] if self.coordinator else []
        if agency.all_members:
            return [a.code for a in self.agencies if not a.is_group]
        return list(agency.members)

    def expand(self, codes: list[str]) -> list[str]:
        """Agency codes with groups replaced by their members, in order, without repeats."""
        seen: dict[str, None] = {}
        for code in codes:
            for member in self.group_members(code):
                seen.setdefault(member, None)
        return list(seen)

    def reporting_agencies(self) -> list[Agency]:
        return [a for a in self.agencies if a.reports and not a.is_group]

    def side_pillars(self, side: str) -> list[Pillar]:
        return [p for p in self.pillars if p.side == side]

    def rank_text(self, rank: int | None, period: Period | None = None) -> str:
        return "" if rank is None else f"{rank}/{self.ranking_base(period)}"

    def ranking_base(self, period: Period | None = None) -> int:
        """Provinces ranked: the period's own count (63 until the merger of July 2025, 34 after), else the plan's."""
        return period.ranking_size if period is not None and period.ranking_size else self.ranking_size


def _required(found: _T | None, kind: str, code: str, plan_id: str) -> _T:
    if found is None:
        raise KeyError(f"{kind} {code!r} is not in plan {plan_id!r}")
    return found


def code_key(code: str) -> tuple:
    """Framework order of codes: 1.2.1 before 1.10.1 (numeric parts compare as numbers, other text after them)."""
    return tuple((0, int(p), "") if p.isdigit() else (1, 0, p) for p in re.split(r"[.\s]+", code.strip()))


_D = TypeVar("_D")


def with_defaults(cls: type[_D], **given: object) -> _D:
    """Build a plan object from what a source gave; a field given as None (absent, or a blank cell) takes the
    model's default, so the defaults live here and nowhere else (JSON reader, workbook reader)."""
    return cls(**{k: v for k, v in given.items() if v is not None})
