"""Shared fixtures: seed texts, LibreOffice conversion, editing plan workbooks the way staff do."""

from __future__ import annotations

import contextlib
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

from pii_excel.findings import TRACE_ENV

CATALOGUE_TEST = "test_every_code_is_produced_by_some_test"


def pytest_configure(config):
    """Every finding any test produces (in this process or a worker) is listed, for the catalogue test."""
    handle, trace = tempfile.mkstemp(prefix="pii-excel-findings-", suffix=".txt")
    os.close(handle)
    os.chmod(trace, 0o666)  # tests that read as an unprivileged user record their findings too
    os.environ[TRACE_ENV] = trace


def pytest_unconfigure(config):
    trace = os.environ.pop(TRACE_ENV, "")
    if trace:
        Path(trace).unlink(missing_ok=True)


def pytest_collection_modifyitems(session, config, items):
    """The catalogue test runs last, after every other test has produced its findings."""
    last = [i for i in items if i.name == CATALOGUE_TEST]
    items[:] = [i for i in items if i.name != CATALOGUE_TEST] + last


DATA = Path(__file__).parent / "data"
SEEDS = DATA / "seeds"
PII_SEED = SEEDS / "000_7b1413524f150784.txt"
PCI_SEED = SEEDS / "003_95feb8d4c6883a4a.txt"


@contextlib.contextmanager
def mounted_tmpfs(path: Path, options: str):
    """A small file system at `path` (read-only, or nearly full, as a test needs); skips where mounting is not
    allowed (not root, no mount rights)."""
    path.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(path)], capture_output=True)
    if done.returncode != 0:
        pytest.skip("cannot mount a file system here (needs root and mount rights)")
    try:
        yield path
    finally:
        subprocess.run(["umount", "-l", str(path)], capture_output=True)


def set_identity(wb, key: str, value: str) -> None:
    """Change one identity field of an openpyxl workbook in both places it is kept (hidden sheet, properties)."""
    from pii_excel.template import layout as L

    for row in wb[L.SHEET_META].iter_rows(max_col=2):
        if row[0].value == key:
            row[1].value = value
    for prop in wb.custom_doc_props.props:
        if prop.name == f"pii_{key}":
            prop.value = value


def soffice() -> str | None:
    return shutil.which("soffice") or shutil.which("libreoffice")


def convert_with_libreoffice(src: Path, fmt: str, outdir: Path) -> Path:
    """Convert with headless LibreOffice, as an agency saving in LibreOffice would; skip if absent."""
    exe = soffice()
    if exe is None:
        pytest.skip("LibreOffice (soffice) is not installed: apt-get install -y libreoffice-calc")
    outdir.mkdir(parents=True, exist_ok=True)
    profile = outdir / ".lo-profile"
    subprocess.run(
        [
            exe,
            f"-env:UserInstallation=file://{profile}",
            "--headless",
            "--convert-to",
            fmt,
            "--outdir",
            str(outdir),
            str(src),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    out = outdir / f"{src.stem}.{fmt.split(':')[0]}"
    assert out.exists(), f"LibreOffice did not write {out}"
    return out


@pytest.fixture
def pii_seed_text() -> str:
    return PII_SEED.read_text(encoding="utf-8")


@pytest.fixture
def pci_seed_text() -> str:
    return PCI_SEED.read_text(encoding="utf-8")


def plan_cell(ws, key: str, row_code: str, columns) -> str:
    """A1 address of column `key` on the row whose first cell is `row_code` in a plan workbook sheet."""
    from openpyxl.utils import get_column_letter

    col = 1 + next(i for i, c in enumerate(columns) if c.key == key)
    for row in range(2, ws.max_row + 1):
        if str(ws.cell(row, 1).value) == row_code:
            return f"{get_column_letter(col)}{row}"
    raise KeyError(row_code)


def edit_plan_workbook(src: Path, dst: Path, edits: list[tuple[str, str, str, object]]) -> Path:
    """Change cells as staff would in Excel: edits are (sheet, row code, column key, new value).

    Like staff making their own plan from an exported one, the edited plan gets its own id ("…-sua") unless an
    edit sets the id: a plan file keeping a built-in plan's id with other content is refused (PLAN_ID_TAKEN)."""
    import openpyxl

    from pii_excel.plan import workbook_schema as S

    wb = openpyxl.load_workbook(src)
    if not any(sheet == S.SHEET_INFO and key == "id" for sheet, _, key, _ in edits):
        ws = wb[S.SHEET_INFO]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == "id")
        ws.cell(row, 3).value = f"{ws.cell(row, 3).value}-sua"
    for sheet, row_code, key, value in edits:
        ws = wb[sheet]
        if sheet == S.SHEET_INFO:
            row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == key)
            ws.cell(row, 3).value = value
        else:
            ws[plan_cell(ws, key, row_code, S.TABLES[sheet])] = value
    wb.save(dst)
    return dst


@pytest.fixture(scope="session")
def exported_plans(tmp_path_factory) -> dict[str, Path]:
    from pii_excel.plan import builtin_plan_ids, load_plan
    from pii_excel.plan.workbook_write import write_plan_workbook

    folder = tmp_path_factory.mktemp("plans")
    return {pid: write_plan_workbook(load_plan(pid), folder / f"{pid}.xlsx") for pid in builtin_plan_ids()}


NOW = __import__("datetime").datetime(2024, 12, 20, 9, 0)


@pytest.fixture(scope="session")
def pii_2024(tmp_path_factory):
    """The PII plan, its 2024 templates, and a way to fill one like an agency into an input folder."""
    from pii_excel.plan import load_plan
    from pii_excel.template.generate import make_templates

    plan = load_plan("pii-2024-bac-giang")
    made = make_templates(plan, "2024", tmp_path_factory.mktemp("pii-templates"), now=NOW)
    return plan, {m.duties.agency.code: m for m in made}


def fill_like_agency(plan, made, code: str, target, saved=None, edit=None, period_id: str = "2024"):
    """Fill `code`'s template with complete answers, apply `edit(answers)`, save to target, set saved time."""
    from datetime import datetime, timezone

    from pii_excel.sample.answers import complete_answers
    from pii_excel.sample.fill import fill_template, set_saved_time

    period = plan.period(period_id)
    answers = complete_answers(plan, period, made[code].duties)
    if edit:
        before, ratios = dict(answers.values), dict(answers.ratios)
        edit(answers)
        for key in answers.values:  # a figure the test typed alone stands alone: its numerator and denominator blank
            if answers.values[key] != before.get(key) and answers.ratios.get(key) == ratios.get(key):
                answers.ratios.pop(key, None)
    fill_template(made[code].path, target, answers)
    set_saved_time(target, saved or datetime(2024, 12, 10, 2, 0, tzinfo=timezone.utc))
    return target


def plan_with_addresses(plan_id: str = "pii-2024-bac-giang"):
    """A built-in plan whose agencies have e-mail addresses (<code>@bacgiang.gov.vn), as a department fills them."""
    import copy

    from pii_excel.plan import load_plan

    plan = copy.deepcopy(load_plan(plan_id))
    for agency in plan.agencies:
        agency.email = f"{agency.code.lower()}@bacgiang.gov.vn"
    return plan


# ExcelDataReader's 25 KB memory-bomb .xls (tests/data/public) is refused by the pre-check (it lists no sheet).
# Tests of what contains a reader that runs out of control — the worker's address-space limit, a mail read
# attachment by attachment — let it reach the real native reader in the real worker by setting this check aside.
MEMORY_BOMB = Path(__file__).parent / "data" / "public" / "Test_git_issue_382_oom.xls"
LET_BOMB_THROUGH = """
import pii_excel.untrusted.files as _files
_check_ole = _files._check_ole
def _let_through(raw):
    found = _check_ole(raw)
    return _files.Checked(raw, None) if getattr(found, "detail", "").endswith("danh sách trang tính") else found
_files._check_ole = _let_through
"""


@pytest.fixture
def bomb_reaches_the_reader(monkeypatch):
    """The pre-check set aside for the memory bomb in this process and the workers it forks (the same lines the
    subprocess tests run first)."""
    import multiprocessing

    import pii_excel.untrusted.files as files

    if multiprocessing.get_start_method() != "fork":
        pytest.skip("workers that are not forked do not see the pre-check set aside")
    monkeypatch.setattr(files, "_check_ole", files._check_ole)  # restored after the test
    exec(LET_BOMB_THROUGH, {})


@pytest.fixture(scope="session")
def demo_session(tmp_path_factory):
    """One run of the demo (templates, sample answers, consolidation) for the whole session: tests that only read
    its outputs or reuse its input folder share it. (DemoRun: .result, .input_dir.)"""
    from pii_excel.sample.demo import run_demo

    return run_demo(tmp_path_factory.mktemp("demo-session"), now=NOW)
