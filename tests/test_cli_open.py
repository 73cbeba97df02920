"""`consolidate --mo` opens the report and the results folder as a double-click would (issue #35), and the console's
last lines say where everything is."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from click.testing import CliRunner

from pii_excel.cli import main


def test_consolidate_opens_the_report_and_its_folder(demo_session, tmp_path, monkeypatch):
    opened: list[list[str]] = []

    class Recorder:
        def __init__(self, args, **_kwargs):
            opened.append(list(args))

    monkeypatch.setattr(subprocess, "Popen", Recorder)
    monkeypatch.setattr(sys, "platform", "linux")
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(
        main, ["consolidate", "pii-2024-bac-giang", "--period", "2024", "-i", str(demo_session.input_dir), "--mo"]
    )
    assert result.exit_code == 0, result.output
    folder = tmp_path / "output" / "pii-2024-bac-giang" / "2024"
    assert opened == [
        ["xdg-open", str(Path("output/pii-2024-bac-giang/2024/bao-cao.docx"))],
        ["xdg-open", str(Path("output/pii-2024-bac-giang/2024"))],
    ]
    last = [line for line in result.output.splitlines() if line.strip()][-1]
    assert "bao-cao.docx" in last and str(Path("output/pii-2024-bac-giang/2024")) in last and folder.is_dir()
