"""Rosters: who is expected to sit a paper, with each learner's personal code; read from and written to a file.

A roster file is a text file (one `姓名,单位,个人码` a line; a first line naming the columns is optional) or
an .xlsx with columns 姓名, 单位, 个人码. `make-roster` gives everyone without a code a fresh one and writes the
file the trainer keeps (and prints as slips: each learner gets their own line). The code keys the HMAC that
signs the learner's result file (`trainer.result_file`), so collection can tell whose app signed it.
"""

from __future__ import annotations

import random
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from foundation.errors import UserError


@dataclass(frozen=True)
class RosterEntry:
    """Someone expected to sit the paper."""

    name: str
    unit: str = ""
    code: str = ""  # the personal code that signs this learner's result files ("" if none given yet)


CODE_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # no 0/O, 1/I: read off a printed slip without doubt
CODE_LENGTH = 10  # 50 bits


def new_code(rng: random.Random | None = None) -> str:
    """A fresh personal code such as `K7Q2M-W9XPD` (from the system's secure source unless `rng` is given)."""
    if rng is not None:
        raw = "".join(rng.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    else:
        raw = "".join(secrets.choice(CODE_ALPHABET) for _ in range(CODE_LENGTH))
    return f"{raw[:5]}-{raw[5:]}"


def assign_codes(entries: Sequence[RosterEntry], rng: random.Random | None = None) -> list[RosterEntry]:
    """Everyone keeps their code; whoever has none gets a fresh one, never one already in use."""
    used = {e.code for e in entries if e.code}
    out: list[RosterEntry] = []
    for entry in entries:
        if not entry.code:
            code = new_code(rng)
            while code in used:
                code = new_code(rng)
            used.add(code)
            entry = replace(entry, code=code)
        out.append(entry)
    return out


def write_roster(path: Path, entries: Sequence[RosterEntry]) -> None:
    """Write a roster with codes: .xlsx (every cell as text) or UTF-8 text `姓名,单位,个人码` (written whole or not at all).

    Raises:
        UserError: the file cannot be written.
    """
    from foundation.errors import os_error_text

    partial = path.with_name(path.name + ".partial")
    try:
        if path.suffix.lower() == ".xlsx":
            from openpyxl import Workbook

            workbook = Workbook()
            sheet = workbook.active
            assert sheet is not None
            sheet.title = "名单"
            for row in [("姓名", "单位", "个人码"), *((e.name, e.unit, e.code) for e in entries)]:
                sheet.append(list(row))
            for cells in sheet.iter_rows():
                for cell in cells:
                    cell.data_type = "s"  # a name starting with = stays text, never a formula
            sheet.column_dimensions["A"].width = 14
            sheet.column_dimensions["B"].width = 30
            sheet.column_dimensions["C"].width = 16
            workbook.save(partial)
        else:
            lines = ["姓名,单位,个人码", *(f"{e.name},{e.unit},{e.code}" for e in entries)]
            partial.write_text("\n".join(lines) + "\n", encoding="utf-8")
        partial.replace(path)
    except OSError as error:
        partial.unlink(missing_ok=True)
        raise UserError(f"无法写入名单：{path}（{os_error_text(error)}）") from error


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
    name_col, unit_col, code_col = 0, 1, 2
    if rows and "姓名" in rows[0]:
        header = rows[0]
        name_col = header.index("姓名")
        unit_col = header.index("单位") if "单位" in header else -1
        code_col = header.index("个人码") if "个人码" in header else -1
        rows = rows[1:]
    for row in rows:
        name = row[name_col] if len(row) > name_col else ""
        if not name:
            continue
        unit = row[unit_col] if 0 <= unit_col < len(row) else ""
        code = row[code_col] if 0 <= code_col < len(row) else ""
        entry = RosterEntry(name=name, unit=unit, code=code)
        if not any(e.name == name and e.unit == unit for e in entries):
            entries.append(entry)
    return entries
