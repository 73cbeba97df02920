"""The seams the architecture promises: writers read only the consolidation model; words live in the vocabulary."""

from __future__ import annotations

import ast
import inspect
import re
from pathlib import Path

from pii_excel import vocab
from pii_excel.model import Consolidation

PACKAGE = Path(__file__).parent.parent / "pii_excel"


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


def _floors() -> list[tuple[str, list[str]]]:
    """The floors ARCHITECTURE.md declares, top to bottom: (name, module prefixes)."""
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    block = text.split("<!-- floors -->", 1)[1].split("<!-- /floors -->", 1)[0]
    rows = [line.split(None, 1) for line in block.strip().strip("`").strip().splitlines() if line.strip()]
    return [(name, [m.strip() for m in modules.split(",")]) for name, modules in rows]


def _module(path: Path, package: Path = PACKAGE) -> str:
    parts = list(path.relative_to(package).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" and len(parts) > 1 else parts)


def _floor(module: str, floors: list[tuple[str, list[str]]]) -> int | None:
    """The floor (0 = bottom) of the longest prefix naming the module."""
    best: tuple[int, int] | None = None
    for n, (_, prefixes) in enumerate(reversed(floors)):
        for prefix in prefixes:
            if (module == prefix or module.startswith(prefix + ".")) and (best is None or len(prefix) > best[1]):
                best = (n, len(prefix))
    return best[0] if best else None


def _violations(package: Path, floors: list[tuple[str, list[str]]]) -> tuple[list[str], list[str], list[str]]:
    """(modules on no floor, imports running up a floor, writers importing one another) in `package`."""
    names = [name for name, _ in reversed(floors)]
    writers = ("output", "report", "analysis")
    unplaced, upward, across = [], [], []
    for path in package.rglob("*.py"):
        module = _module(path, package)
        mine = _floor(module, floors)
        if mine is None:
            unplaced.append(module)
            continue
        for imported in _imports(path):
            if not imported.startswith("pii_excel."):
                continue
            target = imported.removeprefix("pii_excel.")
            theirs = _floor(target, floors)
            if theirs is None:  # «from pii_excel.x import name»: the module is the prefix
                theirs = _floor(target.rsplit(".", 1)[0], floors)
            if theirs is not None and theirs > mine:
                upward.append(f"{module} ({names[mine]}) → {target} ({names[theirs]})")
            top, other = module.split(".")[0], target.split(".")[0]
            if names[mine] == "writers" and top in writers and other in writers and other != top:
                across.append(f"{module} → {target}")
    return sorted(unplaced), sorted(set(upward)), sorted(set(across))


def test_no_import_runs_up_a_floor_and_writers_do_not_import_each_other():
    """Issue #37: the contract of ARCHITECTURE.md's floor table, enforced; every module is placed on a floor."""
    unplaced, upward, across = _violations(PACKAGE, _floors())
    assert not unplaced, f"modules on no floor of ARCHITECTURE.md: {unplaced}"
    assert not upward, upward
    assert not across, across


def test_the_contract_catches_what_it_forbids(tmp_path):
    """The check itself, on a small package: a base module importing the pipeline inside a function, a writer
    importing another writer, a module nobody placed."""
    (tmp_path / "report").mkdir()
    (tmp_path / "textnorm.py").write_text("def f():\n    from pii_excel.pipeline import consolidate\n")
    (tmp_path / "report" / "context.py").write_text("from pii_excel.output.summary import write_summary\n")
    (tmp_path / "nowhere.py").write_text("")
    unplaced, upward, across = _violations(tmp_path, _floors())
    assert unplaced == ["nowhere"]
    assert "textnorm (base) → pipeline (usecases)" in upward
    assert "report.context → output.summary" in across and all(a.startswith("report.context") for a in across)


def test_evaluation_reads_neither_files_nor_templates():
    bad = sorted(
        m for m in _imports(PACKAGE / "evaluate.py") if m.startswith(("pii_excel.intake", "pii_excel.template"))
    )
    assert not bad


# Writers whose parameters go beyond (model, where to write), and why: the reminder outputs are per agency (what it
# owes, from owed.py) with the new deadline; a correction workbook rewrites the agency's own template, so it takes
# the agency's duties; the report takes its (untrusted, checked) template and date; run.json lists the outputs.
WRITER_EXTRAS = {
    "write_reminder_mail": {"owed", "new_deadline", "attachment"},
    "write_mailing_list": {"rows", "new_deadline"},
    "write_reminder_letter": {"owed", "new_deadline", "today"},
    "write_correction": {"duties"},
    "render_report": {"template", "report_date"},
    "build_context": {"report_date"},
    "run_json_text": {"outputs"},
    "write_evidence": {"place"},
}


def test_every_writer_takes_the_model_and_says_why_when_more():
    """Issue #37: every `write_*`/`render_*` of the period's writers (found, not listed) takes the consolidation
    model first, never the plan or a run result, and anything beyond where to write is named in WRITER_EXTRAS."""
    import importlib

    found = 0
    for path in [
        *(PACKAGE / "output").glob("*.py"),
        *(PACKAGE / "report").glob("*.py"),
        PACKAGE / "template" / "correction.py",
        PACKAGE / "template" / "own_text.py",
    ]:
        module = importlib.import_module(f"pii_excel.{_module(path)}")
        for name, writer in inspect.getmembers(module, inspect.isfunction):
            if writer.__module__ != module.__name__ or not name.startswith(
                ("write_", "render_", "build_context", "run_json_text")
            ):
                continue
            params = list(inspect.signature(writer).parameters.values())
            if params[0].annotation not in ("Consolidation", Consolidation):
                continue  # a helper writing one sheet or table of a writer (wb, format, rows …)
            found += 1
            extra = {p.name for p in params[1:]} - {"target", "pdf"} - WRITER_EXTRAS.get(name, set())
            assert not extra, f"{name} takes {extra}"
            assert not any("Plan" in str(p.annotation) or p.name in ("plan", "result") for p in params), name
    assert found >= 12


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
    lowered = [
        f"{p.relative_to(PACKAGE)}:{n}"
        for p in PACKAGE.rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if re.search(r"label\.lower\(\)", line)
    ]
    assert not lowered


def _import_names_of_distributions() -> dict[str, list[str]]:
    """Top-level import name -> the distributions providing it, from each installed distribution's files: Python
    3.10's `packages_distributions` reads only `top_level.txt`, which many wheels (click's, jinja2's) lack."""
    import importlib.metadata as metadata

    found: dict[str, list[str]] = {}
    for dist in metadata.distributions():
        names = set((dist.read_text("top_level.txt") or "").split())
        for file in dist.files or []:
            top = file.parts[0] if file.parts else ""
            if top.endswith(".py"):
                names.add(top[:-3])
            elif len(file.parts) > 1 and not top.endswith((".dist-info", ".egg-info", ".data")) and top != "..":
                names.add(top)
        for name in names:
            found.setdefault(name, []).append(dist.metadata["Name"])
    return found


def test_every_package_imported_at_run_time_is_declared():
    """Issue #37: a package the tool imports (even inside a function) is a dependency in setup.cfg, not something
    another dependency happens to install (jinja2 came with docxtpl, lxml with python-docx)."""
    import importlib.metadata as metadata
    import sys

    declared = {
        re.split(r"[<>=!~;\[ ]", r)[0].lower().replace("_", "-")
        for r in metadata.requires("pii-excel") or []
        if "extra ==" not in r
    }
    providers = _import_names_of_distributions()
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


def test_the_formatter_formats():
    """Issue #37: no line opts out of the formatter (a long line is left long where breaking it hurts)."""
    root = PACKAGE.parent
    marked = [
        f"{p.relative_to(root)}:{n}"
        for folder in ("pii_excel", "tests", "bench")
        for p in (root / folder).rglob("*.py")
        for n, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
        if line.rstrip().endswith("# fmt: skip")
    ]
    assert not marked, marked
