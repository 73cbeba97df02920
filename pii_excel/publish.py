"""One run publishes one consistent set of outputs.

A lock on the output folder keeps two runs apart (on one machine or several sharing the folder); every output
is written into a private staging folder and, only when all are written, moved into place together, with a
journal so that a run killed half-way through publishing is finished by the next one; outputs of the previous
run that this run does not make (feedback for an agency now in order, a PDF not asked for) are removed.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

from pii_excel.atomic import sweep_stale_temp, write_text_atomic
from pii_excel.checkpoints import reached

LOCK_NAME = ".pii-excel.lock"
MANIFEST = ".pii-excel-outputs.json"  # what the last published run made, so the next one can remove leftovers
STAGING_PREFIX = ".dang-ghi-"
_JOURNAL = "xong.json"  # written last into the staging folder: the set is complete and may be published
DEFAULT_WAIT_SECONDS = 60.0
# What runs before the manifest existed may have left; removed when this run does not make them again.
_LEGACY_OUTPUTS = ("run.json", "tong-hop.xlsx", "bao-cao.docx", "bao-cao.pdf")


class OutputBusy(Exception):
    """Another run holds the output folder."""

    def __init__(self, folder: Path, waited: float):
        super().__init__(
            f"Một lượt tổng hợp khác đang ghi vào thư mục «{folder}»; đã đợi {waited:.0f} giây. "
            "Đợi lượt đó xong rồi chạy lại."
        )


@contextlib.contextmanager
def output_lock(folder: Path, wait_seconds: float = DEFAULT_WAIT_SECONDS) -> Iterator[None]:
    """Hold the folder's lock for the duration of a run; a second run waits, then refuses.

    The operating system releases the lock when its holder dies, so a killed run never blocks the next one.
    """
    from filelock import FileLock, Timeout

    folder.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(folder / LOCK_NAME), timeout=wait_seconds)
    try:
        lock.acquire()
    except Timeout:
        raise OutputBusy(folder, wait_seconds) from None
    hide_on_windows(folder / LOCK_NAME)
    try:
        recover(folder)
        yield
    finally:
        lock.release()


def hide_on_windows(path: Path) -> None:
    """Dot-files are hidden on POSIX only; in Explorer our bookkeeping files must not sit among the outputs."""
    if os.name == "nt":
        import ctypes

        ctypes.windll.kernel32.SetFileAttributesW(str(path), 0x2)  # type: ignore[attr-defined]


def new_run_id(stamp: str) -> str:
    return f"{stamp}-{uuid.uuid4().hex[:8]}"


class PublishBlocked(Exception):
    """A file of the previous set could not be replaced (open in Excel or Word on Windows, read-only, a folder in
    its place): nothing of the new set was published and the previous set is whole."""

    def __init__(self, path: Path, folder_in_place: bool = False):
        why = (
            "có một thư mục trùng tên ở đó"
            if folder_in_place
            else "tệp đang mở trong chương trình khác (Excel, Word…) hoặc chỉ cho đọc"
        )
        super().__init__(
            f"Không thay được «{path}»: {why}. Đóng tệp đó (hoặc đổi tên thư mục) rồi chạy lại; "
            "chưa tệp nào được thay, kết quả cũ vẫn giữ nguyên."
        )
        self.path = path


class Staging:
    """The private folder where one run writes its outputs before they are published together.

    `scope`: which set this is — the period's outputs (""), or another set kept in the same folder with its own
    manifest (the reminders, "don-doc"), so that publishing one never removes the other's files."""

    def __init__(self, folder: Path, run_id: str, scope: str = ""):
        self.folder = folder
        self.scope = scope
        self.dir = folder / f"{STAGING_PREFIX}{run_id}"
        self.dir.mkdir(parents=True)
        self.names: list[str] = []

    def path(self, name: str) -> Path:
        """Where to write output `name` ("phan-hoi/STC.xlsx"); it will be published as folder/name."""
        target = self.dir / name
        target.parent.mkdir(parents=True, exist_ok=True)
        if name not in self.names:
            self.names.append(name)
        return target

    def final(self, name: str) -> Path:
        return self.folder / name

    def discard(self) -> None:
        shutil.rmtree(self.dir, ignore_errors=True)

    def publish(self) -> list[str]:
        """Publish every staged output at once, or none. Name by name, the previous file is moved aside into the
        staging folder and the new one moved into its place (every name stays present); the previous set's files
        this run no longer makes are moved aside first. If one cannot be moved (open in Excel on Windows, read-only,
        a folder in its place), everything done is undone and PublishBlocked says which file it was."""
        names = [n for n in self.names if (self.dir / n).is_file()]
        journal = {"files": names, "manifest": _manifest_name(self.scope), "scope": self.scope}
        write_text_atomic(self.dir / _JOURNAL, json.dumps(journal, ensure_ascii=False))
        reached("journal-written")
        blocked = _swap_in(self.folder, self.dir, names, self.scope)
        if blocked is not None:
            (self.dir / _JOURNAL).unlink()  # not to be finished by the next run: this set was not published
            raise blocked
        _roll_forward(self.folder, self.dir)
        return names


_ASIDE = ".cu"  # inside the staging folder: the previous set's files, deleted with it once the new set is in place


def _manifest_name(scope: str) -> str:
    return MANIFEST if not scope else MANIFEST.replace(".json", f"-{scope}.json")


def _swap_in(folder: Path, staging: Path, names: list[str], scope: str) -> PublishBlocked | None:
    """Move the previous set's files aside (same file system: a rename each) and the new ones into place; on the
    first that cannot be moved, put everything back as it was."""
    aside, new = staging / _ASIDE, set(names)
    moved_aside: list[str] = []
    placed: list[str] = []

    def undo() -> None:
        for name in reversed(placed):
            with contextlib.suppress(OSError):
                os.replace(folder / name, staging / name)
        for name in reversed(moved_aside):
            with contextlib.suppress(OSError):
                os.replace(aside / name, folder / name)

    leftovers = sorted(_previous_outputs(folder, scope) - new)
    for name in [*leftovers, *names]:
        target = folder / name
        if target.is_dir() and not target.is_symlink():
            undo()
            return PublishBlocked(target, folder_in_place=True)
        try:
            if os.path.lexists(target):
                (aside / name).parent.mkdir(parents=True, exist_ok=True)
                os.replace(target, aside / name)
                moved_aside.append(name)
            if name in new:
                target.parent.mkdir(parents=True, exist_ok=True)
                os.replace(staging / name, target)
                placed.append(name)
                reached("first-file-published")
        except OSError:
            undo()
            return PublishBlocked(target)
    return None


def _previous_outputs(folder: Path, scope: str = "") -> set[str]:
    try:
        return set(json.loads((folder / _manifest_name(scope)).read_text(encoding="utf-8"))["files"])
    except (OSError, ValueError, KeyError, TypeError):
        if scope:  # a set written before it had a manifest: every file of its folder
            base = folder / scope
            return (
                {p.relative_to(folder).as_posix() for p in base.rglob("*") if p.is_file()} if base.is_dir() else set()
            )
        legacy = {n for n in _LEGACY_OUTPUTS if (folder / n).is_file()}
        feedback = folder / "phan-hoi"
        if feedback.is_dir():
            legacy |= {f"phan-hoi/{p.name}" for p in feedback.glob("*.xlsx")}
        return legacy


def _roll_forward(folder: Path, staging: Path) -> None:
    """Move the staged files into place; also what finishes a publication a killed run had begun (its journal
    written: the previous set's files are aside or still in place, and are removed either way)."""
    journal = json.loads((staging / _JOURNAL).read_text(encoding="utf-8"))
    names, manifest = journal["files"], journal.get("manifest", MANIFEST)
    scope = journal.get("scope", "")
    for name in names:
        source = staging / name
        if source.is_file():  # a name already moved by an interrupted publish is simply not there any more
            target = folder / name
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, target)
    for name in sorted(_previous_outputs(folder, scope) - set(names)):  # left in place by a run killed earlier
        with contextlib.suppress(FileNotFoundError, IsADirectoryError, PermissionError):
            (folder / name).unlink()
    write_text_atomic(folder / manifest, json.dumps({"files": names}, ensure_ascii=False, indent=1))
    hide_on_windows(folder / manifest)
    shutil.rmtree(staging, ignore_errors=True)


def recover(folder: Path) -> None:
    """Under the lock, nobody else writes here: finish what a killed run had begun to publish, and remove
    what killed runs left half-written (whatever machine they ran on)."""
    for staging in sorted(folder.glob(f"{STAGING_PREFIX}*")):
        if (staging / _JOURNAL).is_file():
            _roll_forward(folder, staging)
        else:
            shutil.rmtree(staging, ignore_errors=True)
    # what `remind` left when it was killed before it published through the journal
    for stale in (*folder.glob(".don-doc.*.tmp"), *folder.glob(".don-doc.*.old")):
        shutil.rmtree(stale, ignore_errors=True)
    sweep_stale_temp(folder, everyone=True)
    if (folder / "phan-hoi").is_dir():
        sweep_stale_temp(folder / "phan-hoi", everyone=True)
