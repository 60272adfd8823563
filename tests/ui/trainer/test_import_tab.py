"""The 导入资料 tab: preview, drop the Sora article, import off the UI thread; cancelled or failed leaves nothing."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from question_bank.builtin import RAW_SOURCE
from question_bank.importing import ImportSummary
from question_bank.models import DocumentRow, QuestionRow
from ui.context import UiContext
from ui.trainer.import_tab import ImportDocumentTab

RAW = RAW_SOURCE


def counts(ctx: UiContext) -> tuple[int, int]:
    with ctx.session_factory() as s:
        return (s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                s.scalar(select(func.count()).select_from(QuestionRow)) or 0)


def make_tab(qtbot: QtBot, ctx: UiContext) -> ImportDocumentTab:
    tab = ImportDocumentTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1200, 700)
    tab.show()
    return tab


def test_preview_drop_an_article_and_import_the_rest(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    tab = make_tab(qtbot, ui_context)
    before = counts(ui_context)
    assert tab.load_file(RAW)
    articles = tab.article_items()
    assert len(articles) == 2 and articles[0].childCount() == 15
    sora = next(item for item in articles if "Sora" in item.text(0) or "视频" in item.text(0))
    sora.setCheckState(0, Qt.CheckState.Unchecked)
    assert len(tab.chosen_articles()) == 1
    with qtbot.waitSignal(tab.imported, timeout=60_000) as imported:
        tab.start_import()
    summary = imported.args[0]
    assert len(summary.documents) == 1 and "Sora" not in summary.documents[0].title
    documents, questions = counts(ui_context)
    assert documents == before[0] + 1 and questions > before[1]
    assert tab.status.text().startswith("导入完成") and not tab.running


def test_cancelled_and_failed_imports_leave_nothing(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    tab = make_tab(qtbot, ui_context)
    before = counts(ui_context)
    assert tab.load_file(RAW)
    with qtbot.waitSignal(tab.import_failed, timeout=60_000) as failed:
        tab.start_import()
        tab.cancel_import()
    assert failed.args[0] == "已取消导入，没有保存任何内容。"
    assert counts(ui_context) == before
    binary = tmp_path / "scan.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    assert not tab.load_file(binary)
    assert tab.status.text() and tab.tree.topLevelItemCount() == 0 and not tab.import_button.isEnabled()
    assert counts(ui_context) == before


def test_an_import_that_fails_halfway_leaves_nothing(
    qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.trainer import import_tab

    calls: list[set[int]] = []
    real_import = import_tab.import_document  # type: ignore[attr-defined]  # the name the tab calls, patched below

    def failing_second(session: Session, **kwargs: Any) -> ImportSummary:
        calls.append(set(kwargs["keep"]))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_import(session, **kwargs)

    monkeypatch.setattr(import_tab, "import_document", failing_second)
    tab = make_tab(qtbot, ui_context)
    before = counts(ui_context)
    assert tab.load_file(RAW)
    with qtbot.waitSignal(tab.import_failed, timeout=60_000) as failed:
        tab.start_import()
    assert calls == [{0}, {1}]  # the first article was stored in the transaction, then rolled back
    log_path = ui_context.app.data_dir / "error.log"
    assert failed.args[0] == f"导入失败，没有保存任何内容。详情已记录在：{log_path}"
    assert "RuntimeError: disk full" in log_path.read_text(encoding="utf-8")
    assert counts(ui_context) == before


def test_an_unreadable_second_file_does_not_leave_the_first_to_import(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.trainer import import_tab

    tab = make_tab(qtbot, ui_context)
    before = counts(ui_context)
    assert tab.load_file(RAW) and tab.import_button.isEnabled()
    monkeypatch.setattr(import_tab, "MAX_DOCUMENT_BYTES", 10)
    big = tmp_path / "扫描件.txt"
    big.write_text("巡视工作条例" * 10, encoding="utf-8")
    assert not tab.load_file(big)
    assert tab.status.text().startswith("文件超过") and tab.file_label.text() == "文件：扫描件.txt"
    assert tab.tree.topLevelItemCount() == 0 and not tab.import_button.isEnabled()
    tab.start_import()  # Enter on a stale button, say: nothing happens
    assert not tab.running and counts(ui_context) == before
    assert not tab.load_file(tmp_path / "不存在.txt") and tab.file_label.text() == "文件：不存在.txt"
