"""Everything the CLI says is Vietnamese: usage errors, help, environment failures; never a traceback."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner
from conftest import mounted_tmpfs

from pii_excel.cli import main

ROOT = Path(__file__).resolve().parents[1]
# Words of click's and Python's English that must never reach a user (checked as whole words).
ENGLISH = re.compile(
    r"\b(Error|Usage|Missing|Invalid|option|argument|arguments|requires|Try|for help|Options|Commands|default|"
    r"required|unexpected|Did you mean|No such|does not|exist|Traceback|Exception|Aborted|TEXT|DIRECTORY|"
    r"PATH|FILE|INTEGER|COMMAND|ARGS|OPTIONS|Show this message|version|value)\b"
)


def _commands(group=None, prefix: tuple[str, ...] = ()) -> list[list[str]]:
    """Every command and group of the CLI, walked from click's own tree: a new command is covered by the help and
    usage tests without being listed by hand (issue #37)."""
    import click

    group = group or main
    found: list[list[str]] = []
    for name, command in sorted(group.commands.items()):
        path = (*prefix, name)
        found.append(list(path))
        if isinstance(command, click.Group):
            found += _commands(command, path)
    return found


COMMANDS = _commands()
USAGE_ERRORS = [
    [],  # no command at all: the group's help, exit 2 in click 8.2+, 0 before
    ["plann"],
    ["plan", "shw"],
    ["plan", "show"],
    ["plan", "show", "a", "b"],
    ["plan", "check"],
    ["plan", "export", "pii-2024-bac-giang"],
    ["plan", "export", "pii-2024-bac-giang", "-o"],
    ["plan", "export", "pii-2024-bac-giang", "-o", "x.txt"],
    ["plan", "list", "--bogus"],
    ["templates"],
    ["templates", "pii-2024-bac-giang"],
    ["templates", "pii-2024-bac-giang", "-p"],
    ["templates", "pii-2024-bac-giang", "-p", "2099"],
    ["consolidate"],
    ["consolidate", "pii-2024-bac-giang"],
    ["consolidate", "pii-2024-bac-giang", "--period"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2099"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2024", "--bogus"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2024", "--json=1"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2024", "-i", "khong-co-thu-muc"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2024", "--template", "khong-co.docx"],
    ["consolidate", "ke-hoach-khong-co.xlsx", "-p", "2024"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2024", "--ngay", "31/02/2025"],
    ["consolidate", "pii-2024-bac-giang", "-p", "2024", "--so"],
    ["demo", "--bogus"],
    ["demo", "extra"],
    ["results", "tempalte"],
    ["results", "template", "pii-2024-bac-giang", "-o", "ket-qua.xlsx"],
    ["results", "template", "pii-2024-bac-giang", "--edition", "hai-nghin", "-o", "ket-qua.xlsx"],
    ["results", "template", "pii-2024-bac-giang", "--edition", "2025", "-o", "ket-qua.txt"],
    ["results", "import", "pii-2024-bac-giang"],
    ["results", "import", "pii-2024-bac-giang", "khong-co.xlsx"],
    ["results", "show", "pii-2024-bac-giang", "--edition", "x"],
    ["results", "report", "pii-2024-bac-giang"],
    ["results", "report", "pii-2024-bac-giang", "--edition", "2025", "--top", "0"],
    ["results", "report", "pii-2024-bac-giang", "--edition", "2025", "--ngay", "32/13/2025"],
]


def _words_left(text: str) -> str:
    """The text without what the user typed (file and option names they gave are shown back to them)."""
    text = re.sub(r"'[^']*'|«[^»]*»|--?[a-z][\w-]*", "", text)
    return text.replace("pii-excel", "").replace("run.json", "")


def _assert_vietnamese(text: str) -> None:
    found = ENGLISH.findall(_words_left(text))
    assert not found, (found, text)


def test_a_period_the_plan_lacks_is_said_as_typed():
    result = CliRunner().invoke(main, ["consolidate", "pii-2024-bac-giang", "--period", "abc"])
    assert result.exit_code == 2 and "không có kỳ «abc»" in result.output  # issue #35: not «ABC»


@pytest.mark.parametrize("args", USAGE_ERRORS, ids=lambda a: " ".join(a) or "(none)")
def test_every_usage_error_is_vietnamese_and_exits_2(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, args)
    if args:
        assert result.exit_code == 2, result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)
    _assert_vietnamese(result.output)
    assert "Lỗi" in result.output or not args


def test_the_walk_finds_every_command():
    assert len(COMMANDS) >= 17 and ["plan", "import"] in COMMANDS and ["remind"] in COMMANDS


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_an_unknown_option_of_every_command_is_a_vietnamese_usage_error(args, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(main, [*args, "--khong-co-tuy-chon-nay"])
    assert result.exit_code == 2 and "Lỗi" in result.output, result.output
    _assert_vietnamese(result.output)


@pytest.mark.parametrize("args", COMMANDS, ids=" ".join)
def test_every_help_is_vietnamese(args):
    result = CliRunner().invoke(main, [*args, "--help"])
    assert result.exit_code == 0
    _assert_vietnamese(result.output)
    assert "Cách dùng:" in result.output and "Ví dụ:" in result.output


def _cli(*args: str, cwd: Path, env: dict | None = None) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "pii_excel", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        env={**os.environ, **(env or {})},
        timeout=300,
    )


def test_an_output_folder_that_cannot_be_written_is_explained_not_traced(tmp_path):
    (tmp_path / "input").mkdir()
    blocker = tmp_path / "la-tep"
    blocker.write_text("một tệp, không phải thư mục")
    done = _cli("consolidate", "pii-2024-bac-giang", "-p", "2024", "-o", str(blocker / "ket-qua"), cwd=tmp_path)
    assert done.returncode == 1
    assert "Traceback" not in done.stderr and done.stderr.startswith("Lỗi:")
    _assert_vietnamese(done.stderr.split("Chi tiết kỹ thuật")[0])


@pytest.mark.skipif(os.name == "nt" or os.geteuid() == 0, reason="root ignores folder permissions")
def test_a_read_only_output_folder_is_explained(tmp_path):
    (tmp_path / "input").mkdir()
    out = tmp_path / "ra"
    out.mkdir()
    out.chmod(0o500)
    try:
        done = _cli("consolidate", "pii-2024-bac-giang", "-p", "2024", "-o", str(out), cwd=tmp_path)
    finally:
        out.chmod(0o700)
    assert done.returncode == 1 and "Không có quyền" in done.stderr and "Traceback" not in done.stderr


def test_a_bug_of_ours_is_logged_and_told_in_vietnamese(tmp_path):
    """An unexpected exception anywhere: one Vietnamese sentence, exit 1, the traceback in a log file."""
    (tmp_path / "input").mkdir()
    (tmp_path / "sitecustomize.py").write_text(
        "import pii_excel.pipeline as p\n"
        "def boom(*a, **k):\n    raise ZeroDivisionError('injected')\n"
        "p.consolidate = boom\n"
    )
    done = _cli(
        "consolidate", "pii-2024-bac-giang", "-p", "2024", "-o", "ra", cwd=tmp_path, env={"PYTHONPATH": str(tmp_path)}
    )
    assert done.returncode == 1, done.stderr
    assert "Traceback" not in done.stderr and "ZeroDivisionError" not in done.stderr
    assert "Lỗi của chương trình" in done.stderr
    log = tmp_path / "ra" / "nhat-ky-loi.log"
    assert "ZeroDivisionError: injected" in log.read_text(encoding="utf-8")


def test_a_bug_before_the_output_folder_is_known_is_logged_in_the_users_own_folder(tmp_path):
    """Issue #37: the crash log never creates «output/» in whatever folder the command was started from; before a
    command knows its output folder the log goes to the user's own log folder."""
    (tmp_path / "sitecustomize.py").write_text(
        "import pii_excel.cli as c\n"
        "def boom(*a, **k):\n    raise ZeroDivisionError('injected early')\n"
        "c._load_plan_or_exit = boom\n"
    )
    state = tmp_path / "state"
    done = _cli(
        "plan",
        "show",
        "pii-2024-bac-giang",
        cwd=tmp_path,
        env={"PYTHONPATH": str(tmp_path), "XDG_STATE_HOME": str(state)},
    )
    assert done.returncode == 1 and "Lỗi của chương trình" in done.stderr and "Traceback" not in done.stderr
    assert "ZeroDivisionError: injected early" in (state / "pii-excel" / "nhat-ky-loi.log").read_text(encoding="utf-8")
    assert not (tmp_path / "output").exists()


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="uses a read-only mount")
def test_a_read_only_disk_is_explained(tmp_path):
    """What root meets instead of permission bits: a file system mounted read-only."""
    (tmp_path / "input").mkdir()
    with mounted_tmpfs(tmp_path / "chi-doc", "ro,size=64k") as mount:
        done = _cli("consolidate", "pii-2024-bac-giang", "-p", "2024", "-o", str(mount), cwd=tmp_path)
    assert done.returncode == 1 and "chỉ cho đọc" in done.stderr and "Traceback" not in done.stderr
    _assert_vietnamese(done.stderr.split("Chi tiết kỹ thuật")[0])


def _readme_commands() -> list[str]:
    text = (ROOT / "README.md").read_text(encoding="utf-8")
    return [m for m in re.findall(r"`pii-excel ([^`]+)`", text) if m.strip() not in ("...", "")]


def test_the_readmes_commands_exist_with_the_options_they_show():
    """Issue #37: every `pii-excel …` the README shows names a real command and only its real options, and every
    command is shown in the README."""
    import click

    shown = set()
    for line in _readme_commands():
        words = line.replace("[", " ").replace("]", " ").split()
        command: click.Command = main
        path: list[str] = []
        while isinstance(command, click.Group) and words and words[0] in command.commands:
            path.append(words[0])
            command = command.commands[words.pop(0)]
        assert path, line
        shown.add(tuple(path))
        options = {opt for p in command.params for opt in (*p.opts, *p.secondary_opts)} | {"--help"}
        for word in words:
            if word.startswith("-") and not re.fullmatch(r"-?\d[\d.,/]*", word):
                assert word.split("=")[0] in options, (line, word)
    leaves = {tuple(c) for c in COMMANDS if not isinstance(_command_at(c), click.Group)}
    assert leaves <= shown, sorted(leaves - shown)


def _command_at(path: list[str]):
    command = main
    for name in path:
        command = command.commands[name]
    return command
