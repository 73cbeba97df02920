"""The results use cases as library calls: write the template, import a filled one, list what is stored. The CLI
only parses options and prints what these return."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path

from pii_excel.findings import Code, Finding, Location, finding
from pii_excel.history import history_path
from pii_excel.index.framework import edition_for
from pii_excel.index.results import EditionResults, check_results, definition_changes
from pii_excel.plan.model import Plan
from pii_excel.textnorm import nfc
from pii_excel.vocab import Severity


@dataclass(frozen=True)
class ImportOutcome:
    results: EditionResults | None
    findings: list[Finding]
    stored: bool = False
    replaced: bool = False
    changes: list[str] = field(default_factory=list)
    redefined: dict[str, str] = field(default_factory=dict)  # code -> how its definition changed since the last edition

    @property
    def errors(self) -> list[Finding]:
        return [f for f in self.findings if f.severity is Severity.ERROR]


def write_template(plan: Plan, year: int, target: Path) -> Path:
    from pii_excel.index.workbook import write_results_template

    return write_results_template(plan, edition_for(plan, year), target)


def import_results(
    plan: Plan, source: Path, output_root: Path, *, force: bool = False, now: datetime | None = None
) -> ImportOutcome:
    """Read a filled results workbook through the guarded reading, check it, and store it in the plan's history —
    not when it has errors, unless `force`. Importing an edition again replaces it and lists what changed."""
    from pii_excel.index.store import read_editions, save_edition
    from pii_excel.index.workbook import SHEET_INFO, read_results_bytes
    from pii_excel.untrusted.guarded import Refused, call_guarded, checked_workbook_bytes

    name = nfc(source.name)
    try:
        data = checked_workbook_bytes(source)
        read = call_guarded(read_results_bytes, data, name)
    except Refused as exc:
        return ImportOutcome(
            None, [finding(Code.RESULTS_UNREADABLE, at=Location(name), detail=exc.reason, technical=exc.technical)]
        )
    found = list(read.findings)
    results = read.results
    if results is None:
        return ImportOutcome(None, found)
    made_for = read.identity.get("year", "")
    if made_for.isdigit() and int(made_for) != results.year:
        found.append(
            finding(
                Code.RESULTS_OTHER_EDITION,
                at=Location(name, SHEET_INFO),
                value=f"{results.index} {results.year}",
                expected=f"{results.index} {made_for}",
            )
        )
    edition = edition_for(plan, results.year)
    sides = {p.code: p.side for p in edition.pillars}
    found += check_results(results, plan.province, sides)
    results = replace(results, sha256=hashlib.sha256(data).hexdigest())
    if any(f.severity is Severity.ERROR for f in found) and not force:
        return ImportOutcome(results, found)
    path = history_path(output_root, plan)
    stored = read_editions(path)
    replaced = any(e.index == results.index and e.year == results.year for e in stored)
    earlier = [e for e in stored if e.index == results.index and e.year < results.year]
    redefined = definition_changes(earlier[-1], results) if earlier else {}
    changes = save_edition(path, results, now or datetime.now().astimezone().replace(microsecond=0))
    return ImportOutcome(results, found, stored=True, replaced=replaced, changes=changes, redefined=redefined)


def stored_editions(plan: Plan, output_root: Path) -> list[EditionResults]:
    from pii_excel.index.store import read_editions

    return read_editions(history_path(output_root, plan))
