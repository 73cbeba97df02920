"""Where something is: one type for finding locations, source cells of values and origins of plan fields."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Location:
    """Where something is: a file (relative to the input folder, or a plan file), a sheet as people see it, a
    cell in A1 form. Any part may be empty (a whole file; a run-level fact)."""

    file: str = ""
    sheet: str = ""
    cell: str = ""

    def __bool__(self) -> bool:
        return bool(self.file or self.sheet or self.cell)

    def text(self) -> str:
        """How people read a reference: "tệp.xlsx, trang «Chỉ số», ô F5"."""
        parts = [self.file, self.sheet and f"trang «{self.sheet}»", self.cell and f"ô {self.cell}"]
        return ", ".join(p for p in parts if p)

    def to_dict(self) -> dict[str, str]:
        return {"file": self.file, "sheet": self.sheet, "cell": self.cell}


NOWHERE = Location()
