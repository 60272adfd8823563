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
from question_bank.documents import CheckedImport
from question_bank.models import DocumentRow, QuestionRow, TopicRow
from ui.context import UiContext
from ui.trainer.import_tab import ImportDocumentTab

RAW = RAW_SOURCE


def counts(ctx: UiContext) -> tuple[int, int]:
    with ctx.session_factory() as s:
        return (s.scalar(select(func.count()).select_from(DocumentRow)) or 0,
                s.scalar(select(func.count()).select_from(QuestionRow)) or 0)


@pytest.fixture(autouse=True)
def confirm_new_versions(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """The built-in raw file is already in the bank: these tests confirm importing it as a new version."""
    from ui.trainer import import_tab

    asked: list[str] = []

    def ask(_parent: object, message: str) -> bool:
        asked.append(message)
        return True

    monkeypatch.setattr(import_tab, "ask_new_version", ask)
    return asked


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
    real_import = import_tab.import_checked  # type: ignore[attr-defined]  # the name the tab calls, patched below

    def failing_second(session: Session, **kwargs: Any) -> CheckedImport:
        calls.append(set(kwargs["keep"]))
        if len(calls) == 2:
            raise RuntimeError("disk full")
        return real_import(session, **kwargs)

    monkeypatch.setattr(import_tab, "import_checked", failing_second)
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


def test_a_document_already_in_the_bank_is_refused_unless_a_new_version_is_confirmed(
    qtbot: QtBot, ui_context: UiContext, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.trainer import import_tab

    asked: list[str] = []
    reply = [False]

    def ask(_parent: object, message: str) -> bool:
        asked.append(message)
        return reply[0]

    monkeypatch.setattr(import_tab, "ask_new_version", ask)
    tab = make_tab(qtbot, ui_context)
    before = counts(ui_context)
    assert tab.load_file(RAW)
    for item in tab.article_items()[1:]:
        item.setCheckState(0, Qt.CheckState.Unchecked)  # the interview, which the built-in bank holds already
    tab.start_import()
    assert len(asked) == 1 and "已在题库中" in asked[0]
    assert counts(ui_context) == before and not tab.running  # declined: nothing imported
    assert "已在题库中" in tab.status.text() and "未导入任何内容" in tab.status.text()

    reply[0] = True
    with qtbot.waitSignal(tab.imported, timeout=60_000):
        tab.start_import()  # confirmed: a new version
    assert counts(ui_context)[0] == before[0] + 1 and len(asked) == 2


def test_imported_items_wait_for_review_and_are_drawn_into_no_quiz(
    qtbot: QtBot, ui_context: UiContext
) -> None:
    from question_bank.documents import review_settings
    from study import QuizSpec, start_quiz
    from study.models import AttemptItemRow

    tab = make_tab(qtbot, ui_context)
    assert tab.review_box.isChecked()  # on by default for imports
    assert tab.load_file(RAW)
    tab.article_items()[1].setCheckState(0, Qt.CheckState.Unchecked)
    with qtbot.waitSignal(tab.imported, timeout=60_000) as imported:
        tab.start_import()
    document_id = int(imported.args[0].documents[0].document_id)
    assert "待审核" in tab.status.text()
    with ui_context.session_factory() as s:
        statuses = set(s.scalars(select(QuestionRow.status).join(
            TopicRow, TopicRow.id == QuestionRow.topic_id).where(TopicRow.document_id == document_id)))
        new_topics = list(s.scalars(select(TopicRow.id).where(TopicRow.document_id == document_id)))
    assert statuses == {"review"}
    assert ui_context.learner_id is not None
    learner_id = ui_context.learner_id
    with ui_context.session_factory() as s, s.begin():
        attempt_id = start_quiz(s, learner_id=learner_id, spec=QuizSpec(count=200), now=ui_context.clock(),
                                rng=ui_context.rng)
        drawn = set(s.scalars(select(AttemptItemRow.topic_id).where(AttemptItemRow.attempt_id == attempt_id)))
    assert drawn and not drawn & set(new_topics)  # nothing held is drawn

    tab.review_box.setChecked(False)  # the setting is stored at once
    assert ui_context.ops.read_now(review_settings) == (False, False)
