"""The seams the architecture promises: writers read only the consolidation model; words live in the vocabulary."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from pii_excel import vocab
from pii_excel.model import Consolidation

PACKAGE = Path(__file__).parent.parent / "pii_excel"
WRITERS = ("output", "report")
FORBIDDEN_FOR_WRITERS = ("pii_excel.intake", "pii_excel.duties", "pii_excel.plan.workbook", "pii_excel.template")


def _imports(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = set()
    for node in ast.walk(tree):  # imports inside functions count too
        if isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found.update(f"{node.module}.{a.name}" for a in node.names)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
    return found


def test_writers_import_nothing_from_intake_duties_or_the_plan_workbook():
    for package in WRITERS:
        for path in (PACKAGE / package).rglob("*.py"):
            bad = sorted(m for m in _imports(path) if m.startswith(FORBIDDEN_FOR_WRITERS))
            assert not bad, f"{path.relative_to(PACKAGE)} imports {bad}"


def test_evaluation_reads_neither_files_nor_templates():
    bad = sorted(
        m for m in _imports(PACKAGE / "evaluate.py") if m.startswith(("pii_excel.intake", "pii_excel.template"))
    )
    assert not bad


def test_every_writer_takes_only_the_model():
    from pii_excel.output.run_json import run_json_text
    from pii_excel.output.summary import write_summary
    from pii_excel.report.context import build_context
    from pii_excel.report.render import render_report

    for writer in (write_summary, render_report, run_json_text, build_context):
        params = list(inspect.signature(writer).parameters.values())
        assert params[0].annotation in ("Consolidation", Consolidation), writer.__name__
        assert not any("Plan" in str(p.annotation) or p.name in ("plan", "result") for p in params), writer.__name__


def _labels() -> dict[str, str]:
    enums = [e for e in vars(vocab).values() if isinstance(e, type) and issubclass(e, vocab.Vocab)]
    labels = {
        member.label: f"{enum.__name__}.{member.name}" for enum in enums for member in enum if enum is not vocab.Tone
    }
    labels.update({vocab.YES: "YES", vocab.NO: "NO"})
    return labels


# The same words with another meaning: a column "Thông tin" (the information asked for) and the template's row
# "Đơn vị báo cáo" (the reporting agency's name) are not the statuses of the same spelling.
OTHER_MEANINGS = {("plan/workbook_write.py", "Thông tin"), ("template/layout.py", "Đơn vị báo cáo")}


def test_no_module_outside_the_vocabulary_spells_a_status_label():
    labels = _labels()
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        if path.name == "vocab.py":
            continue
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            where = path.relative_to(PACKAGE).as_posix()
            if isinstance(node, ast.Constant) and node.value in labels and (where, node.value) not in OTHER_MEANINGS:
                offenders.append(f"{where}:{node.lineno} «{node.value}» ({labels[node.value]})")
    assert not offenders, "labels spelled outside vocab.py:\n" + "\n".join(offenders)


def test_each_label_is_spelled_once_and_every_member_has_one():
    enums = [
        e for e in vars(vocab).values() if isinstance(e, type) and issubclass(e, vocab.Vocab) and e is not vocab.Vocab
    ]
    for enum in enums:
        members = list(enum)
        assert all(m.label for m in members), enum
        assert len({m.label for m in members}) == len(members), f"two {enum.__name__} members share a label"


def test_the_model_is_frozen():
    import dataclasses

    from pii_excel import model

    for name, obj in vars(model).items():
        if dataclasses.is_dataclass(obj) and obj.__module__ == model.__name__:
            assert obj.__dataclass_params__.frozen, name  # type: ignore[attr-defined]


def test_a_label_belongs_to_its_vocabulary_even_when_values_are_shared():
    """Members compare and hash as their values, so «received_table», a file status and a time source, once took one
    label for both; labels are looked up by vocabulary and value."""
    assert vocab.FileStatus.RECEIVED_TABLE == vocab.TimeSource.RECEIVED_TABLE  # the same stored value
    assert vocab.FileStatus.RECEIVED_TABLE.label != vocab.TimeSource.RECEIVED_TABLE.label
    assert vocab.Side.INPUT.label != vocab.ResultKind.INPUT.label


def test_a_label_inside_a_sentence_keeps_its_capitals():
    """Issue #35: `remind` wrote «quý iii» (a period label lowered whole). Labels enter sentences through
    `lower_first` only: «quý III năm 2024»."""
    from pii_excel.textnorm import lower_first

    assert lower_first("Quý III năm 2024") == "quý III năm 2024"
    assert lower_first("UBND tỉnh") == "UBND tỉnh" and lower_first("") == ""
    lowered = [f"{p.relative_to(PACKAGE)}:{n}" for p in PACKAGE.rglob("*.py")
               for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if re.search(r"label\.lower\(\)", line)]  # fmt: skip
    assert not lowered


def test_every_package_imported_at_run_time_is_declared():
    """Issue #37: a package the tool imports (even inside a function) is a dependency in setup.cfg, not something
    another dependency happens to install (jinja2 came with docxtpl, lxml with python-docx)."""
    import importlib.metadata as metadata
    import sys

    declared = {re.split(r"[<>=!~;\[ ]", r)[0].lower().replace("_", "-") for r in metadata.requires("pii-excel") or []
                if "extra ==" not in r}  # fmt: skip
    providers = metadata.packages_distributions()
    missing = {}
    for path in PACKAGE.rglob("*.py"):
        for name in _imports(path):
            top = name.split(".")[0]
            if top in ("pii_excel", "__future__") or top in sys.stdlib_module_names:
                continue
            dists = {d.lower().replace("_", "-") for d in providers.get(top, [])}
            if not dists & declared:
                missing.setdefault(top, set()).add(path.relative_to(PACKAGE).as_posix())
    assert not missing, missing
