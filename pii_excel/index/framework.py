"""Framework editions as data. The Ministry changes the PII framework every year (codes, definitions, denominators,
groups), so an edition is a list of pillars, groups and indicators with each indicator's unit, direction and source
kind. Editions the tool knows are built in as JSON (`builtin/`); any other is defined by the plan's own structure
and completed by the results workbook (codes and names typed there)."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from importlib import resources

from pii_excel.plan.model import Indicator, Plan
from pii_excel.vocab import SourceKind


@dataclass(frozen=True)
class FrameworkPillar:
    code: str
    name: str
    side: str  # "input" | "output"


@dataclass(frozen=True)
class FrameworkGroup:
    code: str  # "1.1"
    name: str


@dataclass(frozen=True)
class FrameworkIndicator:
    code: str  # "1.1.1"
    name: str
    unit: str = ""
    direction: str = "higher"  # "lower" where a lower raw value scores higher
    source: SourceKind = SourceKind.PROVINCE
    source_note: str = ""  # which index or office, when the province does not supply it

    @property
    def group(self) -> str:
        return group_of(self.code)

    @property
    def province_supplies(self) -> bool:
        return self.source is SourceKind.PROVINCE


@dataclass(frozen=True)
class Edition:
    """One year's framework: what the publication of that year ranks."""

    index: str  # "PII"
    year: int
    pillars: tuple[FrameworkPillar, ...] = ()
    groups: tuple[FrameworkGroup, ...] = ()
    indicators: tuple[FrameworkIndicator, ...] = ()
    publisher: str = ""
    published_on: str = ""  # ISO date, when known
    ranking_size: int | None = None
    sources: str = ""  # where the built-in data comes from
    built_in: bool = False
    notes: tuple[str, ...] = field(default=())

    @property
    def label(self) -> str:
        return f"{self.index} {self.year}"

    @property
    def key(self) -> str:
        return f"{self.index.lower()}-{self.year}"

    def indicator(self, code: str) -> FrameworkIndicator | None:
        return next((i for i in self.indicators if i.code == code), None)

    def pillar_side(self, code: str) -> str:
        found = next((p for p in self.pillars if p.code == code), None)
        return found.side if found else ("input" if code.isdigit() and int(code) <= 5 else "output")


def group_of(code: str) -> str:
    """ "1.1" for "1.1.1"; the framework's codes are pillar.group.indicator."""
    return ".".join(code.split(".")[:2])


def pillar_of(code: str) -> str:
    return code.split(".")[0]


def code_key(code: str) -> tuple[int, ...]:
    return tuple(int(p) if p.isdigit() else 0 for p in code.split("."))


def _builtin_names() -> list[str]:
    folder = resources.files("pii_excel.index") / "builtin"
    return sorted(p.name[:-5] for p in folder.iterdir() if p.name.endswith(".json"))


def builtin_edition(index: str, year: int) -> Edition | None:
    name = f"{index.lower()}-{year}"
    if name not in _builtin_names():
        return None
    data = json.loads((resources.files("pii_excel.index") / "builtin" / f"{name}.json").read_text(encoding="utf-8"))
    return Edition(
        index=data["index"],
        year=data["year"],
        pillars=tuple(FrameworkPillar(**p) for p in data["pillars"]),
        groups=tuple(FrameworkGroup(**g) for g in data["groups"]),
        indicators=tuple(FrameworkIndicator(**{**i, "source": SourceKind(i["source"])}) for i in data["indicators"]),
        publisher=data.get("publisher", ""),
        published_on=data.get("published_on", ""),
        ranking_size=data.get("ranking_size"),
        sources=data.get("sources", ""),
        built_in=True,
    )


def edition_for(plan: Plan, year: int) -> Edition:
    """The edition of `year` for a plan: the built-in one, else one made of the plan's own pillars, groups and
    indicators (the results workbook adds the indicators the plan does not follow). The plan's indicators are added
    to a built-in edition that lacks them, so every indicator the plan follows has a row."""
    found = builtin_edition(plan.index_kind, year)
    reference = found or _nearest_builtin(plan.index_kind, year)

    def source(code: str, agency_reports: bool) -> tuple[SourceKind, str]:
        """Where the value comes from: the framework's word for this code where an edition the tool knows says it
        (codes are stable for most indicators), else what the plan says of who supplies the figure."""
        known = reference.indicator(code) if reference is not None else None
        if known is not None:
            return known.source, known.source_note
        return (SourceKind.PROVINCE if agency_reports else SourceKind.OTHER_INDEX), ""

    def framework_row(i: Indicator) -> FrameworkIndicator:
        """The indicator as the nearest edition the tool knows defines it (name, unit, direction, source), else as
        the plan describes it: an edition not built in carries the framework's wording until its results workbook
        says otherwise, so a change of definition is one the publisher made, not one of the plan's paraphrase."""
        known = reference.indicator(i.code) if reference is not None else None
        if known is not None:
            return known
        return FrameworkIndicator(
            i.code, i.name, i.figure.unit or i.unit, i.direction, *source(i.code, i.agency_reports_figure)
        )

    own = tuple(framework_row(i) for i in plan.indicators)
    if found is not None:
        known = {i.code for i in found.indicators}
        extra = tuple(i for i in own if i.code not in known)
        return _sorted(found, found.indicators + extra)
    pillars = tuple(
        FrameworkPillar(p.code, p.name, p.side or ("input" if p.code <= "5" else "output")) for p in plan.pillars
    )
    groups = tuple(FrameworkGroup(g.code, g.name) for g in plan.groups)
    edition = Edition(plan.index_kind, year, pillars, groups, own, ranking_size=plan.ranking_size)
    return _sorted(edition, own)


def _nearest_builtin(index: str, year: int) -> Edition | None:
    """The built-in edition of the index closest in time to `year` (the latest before it, else the earliest after)."""
    years = sorted(int(n.rsplit("-", 1)[1]) for n in _builtin_names() if n.startswith(f"{index.lower()}-"))
    if not years:
        return None
    before = [y for y in years if y <= year]
    return builtin_edition(index, before[-1] if before else years[0])


def _sorted(edition: Edition, indicators: tuple[FrameworkIndicator, ...]) -> Edition:
    from dataclasses import replace

    return replace(edition, indicators=tuple(sorted(indicators, key=lambda i: code_key(i.code))))
