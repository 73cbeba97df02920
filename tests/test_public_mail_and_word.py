"""E-mails and Word documents nobody here wrote, from e-mail parsers' and Word libraries' own test suites
(mail-parser, msg-extractor, python-docx; gathered by tests/corpus/public.py, skipped with a reason when absent):

- the e-mails, under their own names (mail-parser's have no extension), among genuine submissions sent as
  attachments: every file one status, no bug of ours, no library English, the genuine values exact;
- each Word document through `plan import`: a plan or a Vietnamese reason, never a traceback."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from datetime import datetime, timedelta, timezone

import pytest
from conftest import NOW, fill_like_agency
from corpus.public import DEFAULT_MAIL_DEST, public_mail, public_word

from pii_excel.intake.folder import run_intake

pytestmark = pytest.mark.slow
LIBRARY_WORDS = re.compile(r"[A-Za-z]*Error\b|Traceback|Exception|[Pp]anic|\bfailed\b|not found")


@pytest.fixture(scope="module")
def mail_run(pii_2024, tmp_path_factory):
    from test_mail_intake import XLSX, message

    files = public_mail()
    if len(files) < 20:
        pytest.skip(
            "public e-mails absent: clone SpamScope/mail-parser and TeamMsgExtractor/msg-extractor into one "
            "folder and run `python tests/corpus/public.py --mirrors FOLDER`"
        )
    plan, made = pii_2024
    base = tmp_path_factory.mktemp("public-mail")
    genuine, mixed = base / "genuine", base / "input"
    genuine.mkdir()
    mixed.mkdir()
    for n, code in enumerate(("SKHCN", "STC", "SCT")):
        workbook = fill_like_agency(plan, made, code, genuine / f"{code}.xlsx")
        sent = message(
            f"{code.lower()}@bacgiang.gov.vn",
            f"Báo cáo {code}",
            datetime(2024, 12, 10, 8, n, tzinfo=timezone(timedelta(hours=7))),
            [(workbook.name, workbook.read_bytes(), XLSX)],
        )
        (mixed / f"thu-{code}.eml").write_bytes(bytes(sent))
    for path in files:
        target = mixed / "cong-khai" / path.relative_to(DEFAULT_MAIL_DEST)
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(path, target)
    before = {p: p.read_bytes() for p in mixed.rglob("*") if p.is_file()}
    result = run_intake(plan, "2024", mixed, now=NOW)
    return {
        "result": result,
        "baseline": run_intake(plan, "2024", genuine, now=NOW),
        "before": before,
        "count": len(files) + 3,
    }


def test_every_mail_file_gets_a_status_and_none_is_our_bug(mail_run):
    result = mail_run["result"]
    top = [i for i in result.inputs if " › " not in i.path]
    assert len(top) == mail_run["count"]
    assert not [f for f in result.findings if f.code.value == "PROGRAM_ERROR"], "a bug of ours met a public e-mail"
    recognised = [i for i in top if i.status.value == "mailbox" and i.path.startswith("cong-khai/")]
    assert len(recognised) >= 20  # mail-parser's messages have no extension: recognised by their content


def test_no_library_english_in_mail_findings(mail_run):
    for f in mail_run["result"].findings:
        assert not LIBRARY_WORDS.search(f.message.replace(f.location.file, "")), (f.location.file, f.message)


def test_genuine_submissions_among_public_mail_come_out_exact(mail_run):
    got = {(v.agency, v.indicator): v.value for v in mail_run["result"].values}
    want = {(v.agency, v.indicator): v.value for v in mail_run["baseline"].values}
    assert got == want and want
    assert all(p.read_bytes() == data for p, data in mail_run["before"].items())  # inputs never modified


def test_word_documents_from_a_word_library_import_or_say_why(tmp_path):
    files = public_word()
    if len(files) < 10:
        pytest.skip(
            "public Word files absent: clone python-openxml/python-docx into the mirrors folder and run "
            "`python tests/corpus/public.py --mirrors FOLDER`"
        )
    for path in files:
        before = path.read_bytes()
        done = subprocess.run(
            [sys.executable, "-m", "pii_excel", "plan", "import", str(path), "-o", str(tmp_path / f"{path.stem}.xlsx")],
            capture_output=True,
            text=True,
            timeout=300,
        )
        assert done.returncode in (0, 1), (path.name, done.stderr[-2000:])
        assert "Traceback" not in done.stderr and "Lỗi của chương trình" not in done.stderr, (path.name, done.stderr)
        assert not LIBRARY_WORDS.search(done.stderr.replace(str(path), "")), (path.name, done.stderr)
        assert path.read_bytes() == before
        if done.returncode == 1:
            assert "Không nhập được kế hoạch" in done.stderr, (path.name, done.stderr)
        else:  # imported: a plan workbook was written
            assert (tmp_path / f"{path.stem}.xlsx").stat().st_size > 0, path.name


def test_every_public_spreadsheet_through_results_import_is_a_finding_never_a_bug(tmp_path):
    """A results file is untrusted too: each of the public suites' spreadsheets given to `results import` is a
    Vietnamese finding (not a results file, or unreadable), never a bug of ours, and nothing is stored."""
    from corpus.public import public_files

    from pii_excel.index.service import import_results, stored_editions
    from pii_excel.plan import load_plan

    files = public_files()
    if len(files) < 200:
        pytest.skip("public corpus absent: see tests/corpus/public.py")
    plan = load_plan("pii-2024-bac-giang")
    for path in files:
        done = import_results(plan, path, tmp_path / "out")  # a bug of ours would raise here
        assert done.findings and not done.stored, path
        assert all(not LIBRARY_WORDS.search(f.message.replace(f.location.file, "")) for f in done.findings), path
    assert stored_editions(plan, tmp_path / "out") == []
