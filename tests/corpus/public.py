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


def build_public_corpus(mirrors: Path, dest: Path = DEFAULT_DEST) -> list[Path]:
    """Copy every spreadsheet of the known sources found under `mirrors` into `dest`; return the files."""
    written: list[Path] = []
    notes = []
    for repo, folder, licence in SOURCES:
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
            if not name.startswith(folder) or not name.lower().endswith(SUFFIXES):
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--mirrors", type=Path, default=Path(DEFAULT_MIRRORS))
    parser.add_argument("--dest", type=Path, default=DEFAULT_DEST)
    args = parser.parse_args()
    files = build_public_corpus(args.mirrors, args.dest)
    print(f"{len(files)} files in {args.dest}", file=sys.stderr)


if __name__ == "__main__":
    main()
