"""Gather real spreadsheets — valid, broken and hostile — from public test suites of spreadsheet libraries.

The files are not kept in this repository (their licences differ and together they weigh ~90 MB): this script
copies them out of local git clones of the projects into a git-ignored folder, which the slow public-corpus test
reads, skipping with a reason when it is absent.

    python tests/corpus/public.py --mirrors DIR [--dest tests/corpus/public-files]

DIR holds clones named like "apache+poi" or "poi" (a bare git directory, a "repo" folder inside, or a work
tree). Sources: Apache POI test-data/spreadsheet (Apache-2.0), SheetJS test_files (collected from many
projects, see its README), calamine tests (MIT), xlrd tests/samples (BSD), ExcelDataReader src/TestData (MIT),
PhpSpreadsheet tests/data (MIT), odfpy tests/examples (Apache-2.0 or GPL-2.0).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
from pathlib import Path

SOURCES = [  # (owner/name, folder inside the repository, licence)
    ("apache/poi", "test-data/spreadsheet/", "Apache-2.0"),
    ("SheetJS/test_files", "", "various (see the repository's README)"),
    ("tafia/calamine", "tests/", "MIT"),
    ("python-excel/xlrd", "tests/samples/", "BSD"),
    # readers in other languages: their suites hold the files that crashed them (memory bombs, OLE loops)
    ("ExcelDataReader/ExcelDataReader", "src/TestData/", "MIT"),
    ("PHPOffice/PhpSpreadsheet", "tests/data/", "MIT"),
    ("eea/odfpy", "tests/examples/", "Apache-2.0 or GPL-2.0"),
]
# E-mails and Word documents from e-mail parsers' and Word libraries' suites: every file of the folder, whatever
# its name (mail-parser's messages have no extension), gathered into their own corpus folders.
MAIL_SOURCES = [
    ("SpamScope/mail-parser", "tests/mails/", "Apache-2.0"),
    ("TeamMsgExtractor/msg-extractor", "example-msg-files/", "GPL-3.0"),
]
WORD_SOURCES = [("python-openxml/python-docx", "features/steps/test_files/", "MIT")]
DEFAULT_MAIL_DEST = Path(__file__).parent / "public-mail"
DEFAULT_WORD_DEST = Path(__file__).parent / "public-word"
SUFFIXES = (".xls", ".xlsx", ".xlsm", ".xlsb", ".xltx", ".xltm", ".ods", ".fods", ".xlt")
DEFAULT_DEST = Path(__file__).parent / "public-files"
DEFAULT_MIRRORS = os.environ.get("PII_EXCEL_MIRRORS", "/work/.mirror")


def _git_dir(mirrors: Path, repo: str) -> Path | None:
    owner, name = repo.split("/")
    for candidate in (mirrors / f"{owner}+{name}" / "repo", mirrors / f"{owner}+{name}", mirrors / name):
        if (candidate / "HEAD").is_file() or (candidate / ".git").exists():
            return candidate
    return None


def _git(git_dir: Path, *args: str) -> bytes:
    return subprocess.run(["git", "-C", str(git_dir), *args], capture_output=True, check=True).stdout


def build_public_corpus(mirrors: Path, dest: Path = DEFAULT_DEST, sources=None, suffixes=SUFFIXES) -> list[Path]:
    """Copy every file of the known sources found under `mirrors` whose name ends with one of `suffixes` (every
    file when None) into `dest`; return the files."""
    written: list[Path] = []
    notes = []
    for repo, folder, licence in SOURCES if sources is None else sources:
        git_dir = _git_dir(mirrors, repo)
        if git_dir is None:
            continue
        commit = _git(git_dir, "rev-parse", "HEAD").decode().strip()
        notes.append(f"{repo} {commit} {folder or '/'} — {licence}")
        for line in _git(git_dir, "ls-tree", "-r", "-z", "HEAD").split(b"\0"):
            if not line:
                continue
            meta, path = line.split(b"\t", 1)
            name = path.decode("utf-8", "replace")
            if not name.startswith(folder) or (suffixes is not None and not name.lower().endswith(suffixes)):
                continue
            sha = meta.split()[2].decode()
            try:
                blob = _git(git_dir, "cat-file", "blob", sha)
            except subprocess.CalledProcessError:
                continue  # large files may be absent from a partial clone
            target = dest / repo.replace("/", "+") / name
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_bytes(blob)
            written.append(target)
    if written:
        (dest / "SOURCES.txt").write_text("\n".join(notes) + "\n", encoding="utf-8")
    return written


def public_files(dest: Path = DEFAULT_DEST) -> list[Path]:
    """The gathered files, building them from the default mirrors first when they are not there yet."""
    if not (dest / "SOURCES.txt").is_file() and Path(DEFAULT_MIRRORS).is_dir():
        build_public_corpus(Path(DEFAULT_MIRRORS), dest)
    return sorted(p for p in dest.rglob("*") if p.is_file() and p.name.lower().endswith(SUFFIXES))


def public_mail(dest: Path = DEFAULT_MAIL_DEST) -> list[Path]:
    """Real e-mails (any name) from e-mail parsers' suites, gathered like the spreadsheets."""
    if not (dest / "SOURCES.txt").is_file() and Path(DEFAULT_MIRRORS).is_dir():
        build_public_corpus(Path(DEFAULT_MIRRORS), dest, MAIL_SOURCES, None)
    return sorted(p for p in dest.rglob("*") if p.is_file() and p.name != "SOURCES.txt")


def public_word(dest: Path = DEFAULT_WORD_DEST) -> list[Path]:
    """Real Word documents from Word libraries' suites, gathered like the spreadsheets."""
    if not (dest / "SOURCES.txt").is_file() and Path(DEFAULT_MIRRORS).is_dir():
        build_public_corpus(Path(DEFAULT_MIRRORS), dest, WORD_SOURCES, (".docx",))
    return sorted(p for p in dest.rglob("*.docx") if p.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path(DEFAULT_MIRRORS))
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    args = parser.parse_args()
    files = build_public_corpus(args.mirrors, args.dest)
    mail = build_public_corpus(args.mirrors, DEFAULT_MAIL_DEST, MAIL_SOURCES, None)
    word = build_public_corpus(args.mirrors, DEFAULT_WORD_DEST, WORD_SOURCES, (".docx",))
    print(f"{len(files)} spreadsheets in {args.dest}, {len(mail)} mail files, {len(word)} Word files", file=sys.stderr)


if __name__ == "__main__":
    main()
