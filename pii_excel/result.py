"""The one result model of a consolidation run; every writer reads this and nothing else."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from datetime import datetime
from typing import Any

from pii_excel.findings import Finding, Severity


@dataclass(frozen=True)
class CellRef:
    file: str
    sheet: str
    cell: str


@dataclass
class InputFile:
    path: str  # relative to the input folder, NFC
    sha256: str
    size: int
    status: str = "skipped"  # accepted | rejected | superseded | skipped
    agency: str | None = None
    saved_at: str | None = None  # ISO time the workbook says it was last saved (or the file time)
    saved_source: str | None = None  # "workbook" | "file"
    reason: str = ""


@dataclass
class ReportedValue:
    indicator: str
    agency: str
    value: float | None
    source: CellRef
    evidence: str = ""  # data source / evidence document, as the agency wrote it
    link: str = ""
    note: str = ""


@dataclass
class TaskReport:
    agency: str
    task: str
    role: str
    status: str | None  # done | in_progress | not_started | None when not reported
    result: str = ""
    difficulty: str = ""
    source: CellRef | None = None


@dataclass
class AgencyInfo:
    agency: str
    reporter: str = ""
    position: str = ""
    phone: str = ""
    email: str = ""
    report_date: str = ""
    results: str = ""
    difficulties: str = ""
    proposals: str = ""


@dataclass
class OfficialScore:
    """A published score (and rank) entered by the coordinator, for an indicator, pillar or composite."""

    code: str
    kind: str  # indicator | pillar | total
    score: float | None
    rank: int | None = None
    source: CellRef | None = None
    note: str = ""


@dataclass
class SubmissionStatus:
    agency: str
    name: str
    status: str  # on_time | late | missing
    days_late: int = 0
    file: str | None = None
    submitted_at: str | None = None
    time_source: str | None = None  # "workbook" (last-saved time inside the file) | "file" (file time)


@dataclass
class RunResult:
    plan_id: str
    plan_title: str
    period: str
    period_label: str
    deadline: str
    generated_at: datetime
    input_dir: str
    inputs: list[InputFile] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)
    submissions: list[SubmissionStatus] = field(default_factory=list)
    values: list[ReportedValue] = field(default_factory=list)
    tasks: list[TaskReport] = field(default_factory=list)
    infos: list[AgencyInfo] = field(default_factory=list)
    official: list[OfficialScore] = field(default_factory=list)
    finding_agency: dict[int, str] = field(default_factory=dict)  # index in findings -> agency it concerns
    outputs: dict[str, str] = field(default_factory=dict)
    evaluation: Any = None  # pii_excel.evaluate.Evaluation, filled after intake
    notes: list[str] = field(default_factory=list)  # messages for the console (e.g. no LibreOffice for --pdf)
    run_id: str = ""  # stamped into every output of the run, so a set can be checked to come from one run

    def add_finding(self, item: Finding, agency: str | None = None) -> None:
        if agency:
            self.finding_agency[len(self.findings)] = agency
        self.findings.append(item)

    def findings_of(self, agency: str) -> list[Finding]:
        return [f for i, f in enumerate(self.findings) if self.finding_agency.get(i) == agency]

    def count(self, severity: Severity) -> int:
        return sum(f.severity is severity for f in self.findings)

    def to_dict(self) -> dict:
        def ref(r: CellRef | None) -> dict | None:
            return asdict(r) if r else None

        data = {
            "run_id": self.run_id,
            "plan": {"id": self.plan_id, "title": self.plan_title},
            "period": {"id": self.period, "label": self.period_label, "deadline": self.deadline},
            "generated_at": self.generated_at.isoformat(timespec="seconds"),
            "input_dir": self.input_dir,
            "inputs": [asdict(i) for i in self.inputs],
            "findings": [{**f.to_dict(), "agency": self.finding_agency.get(i)} for i, f in enumerate(self.findings)],
            "submissions": [asdict(s) for s in self.submissions],
            "values": [{**asdict(v), "source": ref(v.source)} for v in self.values],
            "tasks": [{**asdict(t), "source": ref(t.source)} for t in self.tasks],
            "agency_reports": [asdict(i) for i in self.infos],
            "official": [{**asdict(o), "source": ref(o.source)} for o in self.official],
            "summary": {
                "files": len(self.inputs),
                "accepted": sum(i.status == "accepted" for i in self.inputs),
                "rejected": sum(i.status == "rejected" for i in self.inputs),
                "superseded": sum(i.status == "superseded" for i in self.inputs),
                "skipped": sum(i.status == "skipped" for i in self.inputs),
                "on_time": sum(s.status == "on_time" for s in self.submissions),
                "late": sum(s.status == "late" for s in self.submissions),
                "missing": sum(s.status == "missing" for s in self.submissions),
                "errors": self.count(Severity.ERROR),
                "warnings": self.count(Severity.WARNING),
                "infos": self.count(Severity.INFO),
            },
            "outputs": dict(self.outputs),
        }
        if self.evaluation is not None:
            data.update(self.evaluation.to_dict())
        return data
