"""Rosters: who is expected to sit a paper, read from a text file or an Excel sheet."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from foundation.errors import UserError


@dataclass(frozen=True)
class RosterEntry:
    """Someone expected to sit the paper."""

    name: str
    unit: str = ""


def read_roster(path: Path) -> list[RosterEntry]:
    """A roster from a text file (one `姓名` or `姓名,单位` a line) or an .xlsx (columns 姓名, 单位).

    Raises:
        UserError: the file cannot be read.
    """
    if path.suffix.lower() == ".xlsx":
        from openpyxl import load_workbook

        try:
            workbook = load_workbook(path, read_only=True, data_only=True)
        except Exception as error:  # openpyxl raises many kinds for a non-workbook
            raise UserError(f"无法读取名单：{path.name}") from error
        rows = [tuple("" if v is None else str(v).strip() for v in row) for row in workbook.worksheets[0].iter_rows(values_only=True)]
        workbook.close()
    else:
        from question_bank.reading import (
            DocumentError,
            decode_document,
            read_document_bytes,
        )

        try:  # the document reader's checks: binary files, unknown encodings (UTF-8, GB18030, UTF-16)
            data = read_document_bytes(path)
            text = "" if not data.strip() else decode_document(data, filename=path.with_suffix(".txt").name)
        except DocumentError as error:
            raise UserError(f"无法读取名单：{str(error).replace(path.with_suffix('.txt').name, path.name)}") from error
        rows = [tuple(part.strip() for part in re.split(r"[,，\t]", line)) for line in text.splitlines()]
    entries: list[RosterEntry] = []
    name_col, unit_col = 0, 1
    if rows and "姓名" in rows[0]:
        header = rows[0]
        name_col = header.index("姓名")
        unit_col = header.index("单位") if "单位" in header else -1
        rows = rows[1:]
    for row in rows:
        name = row[name_col] if len(row) > name_col else ""
        if not name:
            continue
        unit = row[unit_col] if 0 <= unit_col < len(row) else ""
        entry = RosterEntry(name=name, unit=unit)
        if entry not in entries:
            entries.append(entry)
    return entries
