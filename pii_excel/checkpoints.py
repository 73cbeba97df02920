"""Named moments of a run, where a test can stop the process dead to prove that no moment leaves a broken set.

Setting PII_EXCEL_KILL_AT=<name> makes the process kill itself (SIGKILL, as a power cut or the task manager
would) when it reaches that moment; unset, `reached` costs one dictionary look-up.
"""

from __future__ import annotations

import os
import signal

PHASES = ("intake-done", "report-staged", "all-staged", "journal-written", "first-file-published", "published")


def reached(name: str) -> None:
    if os.environ.get("PII_EXCEL_KILL_AT") == name:
        os.kill(os.getpid(), getattr(signal, "SIGKILL", signal.SIGTERM))
