"""The 题库 tab: filtering, searching, editing with the import checks, disabling, flashcards."""

from __future__ import annotations

from pytestqt.modeltest import ModelTester
from pytestqt.qtbot import QtBot
from sqlalchemy import select

from question_bank.drafts import QuestionType
from question_bank.models import QuestionRow
from trainer.bank_editor import search_questions
from ui.context import UiContext
from ui.operations import Change
from ui.trainer.bank_tab import BankEditorTab


def make_tab(qtbot: QtBot, ctx: UiContext) -> BankEditorTab:
    tab = BankEditorTab(ctx)
    qtbot.addWidget(tab)
    tab.resize(1366, 700)
    tab.show()
    return tab


def test_filter_search_edit_and_disable(qtbot: QtBot, qtmodeltester: ModelTester, ui_context: UiContext) -> None:
    tab = make_tab(qtbot, ui_context)
    qtmodeltester.check(tab.questions)
    total = tab.questions.rowCount()
    assert total > 20 and tab.count_label.text() == f"共{total}题"
    tab.filters.question_type.setCurrentIndex(tab.filters.question_type.findData(QuestionType.JUDGE.value))
    assert 0 < tab.questions.rowCount() < total
    assert {row.type for row in tab.questions.rows()} == {QuestionType.JUDGE}
    tab.filters.question_type.setCurrentIndex(0)
    tab.filters.question_type.setCurrentIndex(tab.filters.question_type.findData(QuestionType.SINGLE.value))
    first = tab.questions.row_at(0)
    tab.select_rows([0])
    assert tab.question_editor.stem.toPlainText() == first.stem and tab.question_editor.answer.text() in "ABCDEF"
    # A bad answer is refused with the same reason an Excel row would get.
    tab.question_editor.answer.setText("H")
    assert not tab.save_current()
    assert tab.editor_message.text() == "未保存：答案“H”不在选项中。"
    tab.question_editor.answer.setText("A")
    tab.question_editor.stem.setPlainText(first.stem + "（培训班改）")
    with qtbot.waitSignal(ui_context.events.changed) as changed:
        assert tab.save_current()
    assert changed.args == [Change.BANK]
    tab.filters.search.setText("培训班改")
    assert [r.id for r in tab.questions.rows()] == [first.id]
    assert tab.questions.row_at(0).edited and "已修改" in tab.questions.index(0, 6).data()
    tab.select_rows([0])
    tab.set_status("disabled")
    with ui_context.session_factory() as s:
        row = s.get(QuestionRow, first.id)
        assert row is not None and (row.status, row.answer, row.edited) == ("disabled", 0, True)
    # Flashcards are browsed in the same place and edited in their own form.
    tab.filters.search.clear()
    tab.filters.kind.setCurrentIndex(1)
    qtmodeltester.check(tab.cards)
    assert tab.cards.rowCount() > 0 and not tab.new_button.isEnabled()
    tab.select_rows([0])
    tab.card_editor.back.setPlainText("改写后的背面")
    assert tab.save_current()
    assert tab.cards.row_at(0).back == "改写后的背面" and tab.cards.row_at(0).edited


def test_a_question_added_by_hand(qtbot: QtBot, ui_context: UiContext) -> None:
    tab = make_tab(qtbot, ui_context)
    tab.new_question()
    tab.question_editor.type.setCurrentIndex(tab.question_editor.type.findData(QuestionType.MULTIPLE.value))
    tab.question_editor.stem.setPlainText("巡视组可以采取的工作方式有（  ）。")
    tab.question_editor.options.setPlainText("个别谈话\n受理来信来电来访\n直接查处案件\n调阅复制有关资料")
    tab.question_editor.answer.setText("A,B,D")
    assert tab.save_current(), tab.editor_message.text()
    with ui_context.session_factory() as s:
        found = search_questions(s, text="可以采取的工作方式")
        row = s.scalars(select(QuestionRow).where(QuestionRow.id == found[0].id)).one()
    assert (row.origin, row.type, row.answer) == ("manual", "multiple", [0, 1, 3])


def test_a_card_filtered_out_of_the_list_is_still_saved(qtbot: QtBot, ui_context: UiContext) -> None:
    from question_bank.models import FlashcardRow

    tab = make_tab(qtbot, ui_context)
    tab.filters.kind.setCurrentIndex(1)
    tab.select_rows([0])
    card = tab.cards.row_at(0)
    tab.set_status("disabled")  # a disabled card keeps its status when its text is edited later
    tab.select_rows([0])
    tab.card_editor.back.setPlainText("筛选之后再保存的背面")
    tab.filters.search.setText("没有这样的卡片")  # the trainer narrows the list before pressing 保存
    assert tab.cards.rowCount() == 0
    assert tab.save_current() and tab.editor_message.text().startswith("已保存")
    with ui_context.session_factory() as s:
        row = s.get(FlashcardRow, card.id)
        assert row is not None and (row.back, row.status) == ("筛选之后再保存的背面", "disabled")


def test_remove_a_document_and_release_held_items_from_the_tab(
    qtbot: QtBot, ui_context: UiContext, monkeypatch: object
) -> None:
    from pathlib import Path

    import pytest

    from question_bank.bank import list_documents
    from question_bank.documents import import_checked
    from study import QuizMode, QuizSpec, attempt_result, start_quiz, submit_attempt
    from ui.trainer import bank_tab

    assert isinstance(monkeypatch, pytest.MonkeyPatch)
    data = (Path(__file__).parents[2] / "question_bank" / "data" / "regulation_sample.txt").read_bytes()
    now, learner_id = ui_context.clock(), ui_context.learner_id
    assert learner_id is not None
    with ui_context.session_factory() as s, s.begin():
        checked = import_checked(s, data=data, filename="办法.txt", now=now)  # held for review: the default
    assert checked.summary is not None and checked.held > 0
    document_id = int(checked.summary.documents[0].document_id)

    tab = make_tab(qtbot, ui_context)
    tab.filters.document.setCurrentIndex(tab.filters.document.findData(document_id))
    assert tab.review_label.text().startswith(f"本文档有{checked.held}项待审核") and tab.release_button.isEnabled()
    assert {row.status for row in tab.questions.rows()} == {"review"}
    tab.release_button.click()
    assert {row.status for row in tab.questions.rows()} == {"active"} and not tab.release_button.isEnabled()

    with ui_context.session_factory() as s, s.begin():  # a learner answers its questions
        topics = [t.id for d in list_documents(s) if d.id == document_id for t in d.topics]
        attempt_id = start_quiz(s, learner_id=learner_id, now=now, rng=ui_context.rng,
                                spec=QuizSpec(topic_ids=tuple(topics), count=3, mode=QuizMode.EXAM))
        before = submit_attempt(s, attempt_id=attempt_id, now=now)

    asked: list[str] = []

    def confirm(_parent: object, title: str) -> bool:
        asked.append(title)
        return True

    monkeypatch.setattr(bank_tab, "confirm_remove_document", confirm)
    tab.filters.document.setCurrentIndex(tab.filters.document.findData(document_id))
    tab.remove_button.click()
    assert asked == [checked.summary.documents[0].title] and "学员的记录都已保留" in tab.editor_message.text()
    assert tab.filters.document.findData(document_id) == -1  # gone from the bank's lists
    with ui_context.session_factory() as s:
        assert attempt_result(s, attempt_id=attempt_id) == before  # the learner's history is kept
