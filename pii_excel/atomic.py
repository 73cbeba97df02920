"""Atomic file output: write to a temporary file beside the target, then rename over it."""

from __future__ import annotations

import contextlib
import os
import re
import tempfile
from collections.abc import Iterator
from pathlib import Path


def _file_mode() -> int:
    """The mode a plain new file gets from the user's umask (0644 normally); mkstemp would give 0600, which
    other staff accounts and shared folders cannot read."""
    mask = os.umask(0o022)
    os.umask(mask)
    return 0o666 & ~mask


FILE_MODE = _file_mode()


@contextlib.contextmanager
def atomic_path(target: str | os.PathLike) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target` in one rename.

    A crash at any moment leaves either the previous complete file or the new complete file.
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    # The writer's PID in the name lets a later run tell a killed run's leftovers from a live write.
    fd, tmp = tempfile.mkstemp(
        prefix=f".{target.stem}.{os.getpid()}.", suffix=target.suffix + ".tmp", dir=target.parent
    )
    os.close(fd)
    tmp_path = Path(tmp)
    try:
        yield tmp_path
        with open(tmp_path, "rb+") as fh:
            os.fsync(fh.fileno())
        os.chmod(tmp_path, FILE_MODE)
        os.replace(tmp_path, target)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp_path.unlink()


def write_text_atomic(target: str | os.PathLike, text: str) -> None:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")


_TEMP_NAME = re.compile(r"^\..*\.(\d+)\.[^.]+.*\.tmp$")


def _alive(pid: int) -> bool:
    if pid == os.getpid():
        return True
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # exists but not ours, or cannot tell: leave its files alone
    return True


def sweep_stale_temp(folder: str | os.PathLike, everyone: bool = False) -> int:
    """Remove temporary files that killed runs left behind in `folder` (not its sub-folders).

    By default only files whose writer process is gone on this machine; with `everyone`, all of them — for a
    caller holding the folder's lock, where no other writer can exist, whatever machine it ran on.
    """
    removed = 0
    folder = Path(folder)
    if not folder.is_dir():
        return 0
    for path in folder.glob(".*.tmp"):
        m = _TEMP_NAME.match(path.name)
        if m and path.is_file() and (everyone or not _alive(int(m.group(1)))):
            with contextlib.suppress(OSError):
                path.unlink()
                removed += 1
    return removed
