"""组卷 and 成绩汇总 through the widgets, and the learner's side: open a paper file, export the result file."""

from __future__ import annotations

import json
import random
import subprocess
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from question_bank.drafts import QuestionType
from study.attempts import submit_attempt
from tests.trainer.sitting_helpers import learner_machine, sit_paper
from ui.context import UiContext
from ui.trainer import export_result_dialog, learner_dialogs, open_paper_for_learner
from ui.trainer.bank_tab import BankEditorTab
from ui.trainer.paper_tab import PaperTab
from ui.trainer.results_tab import ResultsTab


def test_random_and_fixed_papers_saved_and_printed(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    bank = BankEditorTab(ui_context)
    tab = PaperTab(ui_context, selected_questions=bank.selected_question_ids)
    qtbot.addWidget(bank)
    qtbot.addWidget(tab)
    tab.title_edit.setText("第一期学习测试")
    for qtype, spin in tab.counts.items():
        spin.setValue({QuestionType.SINGLE: 5, QuestionType.JUDGE: 3}.get(qtype, 0))
    tab.minutes.setValue(20)
    tab.pass_mark.setValue(80)
    paper = tab.make_random_paper()
    assert paper is not None and len(paper.questions) == 8 and paper.time_limit_s == 1200 and paper.pass_mark == 0.8
    assert tab.paper_list.count() == 1 and tab.current_uid() == paper.uid
    assert "第一期学习测试" in tab.preview.toPlainText() and "一、单项选择题" in tab.preview.toPlainText()
    assert tab.save_paper(tmp_path / "卷.xxpaper.json")
    assert json.loads((tmp_path / "卷.xxpaper.json").read_text(encoding="utf-8"))["uid"] == paper.uid
    with qtbot.waitSignal(tab.printed, timeout=30_000) as printed:
        assert tab.print_paper(tmp_path / "卷.pdf")  # off the UI thread
    assert printed.args == [True] and tab.message.text().startswith("已生成PDF")
    fonts = subprocess.run(["pdffonts", str(tmp_path / "卷.pdf")], capture_output=True, text=True, check=True).stdout
    assert fonts.splitlines()[2:] and all(" yes " in line for line in fonts.splitlines()[2:])
    # Too many of one type is explained, not crashed on.
    tab.counts[QuestionType.ORDER].setValue(150)
    assert tab.make_random_paper() is None and "不够150道" in tab.message.text()
    # A fixed paper from the questions selected on the 题库 tab.
    assert tab.make_fixed_paper() is None and "请先在“题库”页选中题目" in tab.message.text()
    bank.select_rows([0, 1, 2])
    fixed = tab.make_fixed_paper()
    assert fixed is not None and len(fixed.questions) == 3 and tab.paper_list.count() == 2


def test_a_paper_made_in_the_tab_carries_the_exam_date_when_one_is_given(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    import datetime as dt

    from PySide6.QtCore import QDate

    tab = PaperTab(ui_context)
    qtbot.addWidget(tab)
    for qtype, spin in tab.counts.items():
        spin.setValue(3 if qtype is QuestionType.JUDGE else 0)
    assert not tab.exam_date.isEnabled() and tab.chosen_exam_date() is None
    undated = tab.make_random_paper()
    assert undated is not None and undated.exam_date is None
    tab.has_exam_date.setChecked(True)
    assert tab.exam_date.isEnabled()
    tab.exam_date.setDate(QDate(2026, 12, 20))
    paper = tab.make_random_paper()
    assert paper is not None and paper.exam_date == dt.date(2026, 12, 20)
    assert tab.paper_list.currentItem().text().startswith(f"{paper.title}（3题，12月20日考试，")
    assert "考试日期：2026年12月20日" in tab.preview.toPlainText()
    assert tab.save_paper(tmp_path / "卷.xxpaper.json")
    assert json.loads((tmp_path / "卷.xxpaper.json").read_text(encoding="utf-8"))["exam_date"] == "2026-12-20"
    # The date cannot be set before today (the clock's day in China).
    tab.exam_date.setDate(QDate(2020, 1, 1))
    assert tab.chosen_exam_date() == dt.date(2026, 11, 27)


def test_results_collected_reported_and_exported(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    papers = PaperTab(ui_context)
    qtbot.addWidget(papers)
    for qtype, spin in papers.counts.items():
        spin.setValue(4 if qtype is QuestionType.SINGLE else 0)
    paper = papers.make_random_paper()
    assert paper is not None and papers.save_paper(tmp_path / "p.xxpaper.json")
    learners = learner_machine(tmp_path / "pc")
    folder = tmp_path / "results"
    folder.mkdir()
    from trainer.paper_sitting import export_result_file

    codes = {"李四": "AAAAA-BBBBB", "王五": "CCCCC-DDDDD", "赵六": "EEEEE-FFFFF"}
    for i, name in enumerate(("李四", "王五")):
        attempt = sit_paper(learners, tmp_path / "p.xxpaper.json", name=name, unit="巡视办", key_from=paper,
                            wrong_keys={q.key for q in paper.questions[: i * 2]}, now=ui_context.clock(), rng=random.Random(i))
        with learners() as s:
            export_result_file(s, attempt, folder / f"{name}.xxresult.json", code=codes[name])
    tab = ResultsTab(ui_context)
    qtbot.addWidget(tab)
    assert not tab.excel_button.isEnabled()
    (tmp_path / "名单.txt").write_text("".join(f"{n},巡视办,{c}\n" for n, c in codes.items()), encoding="utf-8")
    assert tab.load_roster(tmp_path / "名单.txt")  # its personal codes verify the signatures
    assert tab.roster_label.text() == "应考名单：名单.txt，共3人，3人有个人码（用于核验成绩文件的签名）"
    with qtbot.waitSignal(tab.collected, timeout=10_000) as collected:
        tab.collect(folder)  # a long write: off the UI thread, on the one writer
    assert collected.args == [True]
    assert tab.message.text() == "新收成绩文件2份，重复忽略0份。"  # signed, in time: nothing to look at
    text = tab.view.toPlainText()
    assert "李四" in text and "王五" in text and "督促检查" in text and "2/4分" in text
    assert tab.report is not None and [e.name for e in tab.report.not_sat] == ["赵六"]
    assert tab.report.pass_rate == pytest.approx(0.5)
    qtbot.waitUntil(lambda: "正在计算" not in tab.view.toPlainText())
    assert "七、考前预测（按单位）" in tab.view.toPlainText()  # after the results: no learner of 巡视办 studies here
    assert "本机没有相关单位学员的学习记录" in tab.view.toPlainText()
    assert tab.export_excel(tmp_path / "r.xlsx")
    with qtbot.waitSignal(tab.pdf_exported, timeout=30_000) as exported:
        assert tab.export_pdf(tmp_path / "r.pdf")  # off the UI thread
    assert exported.args == [True]
    assert (tmp_path / "r.pdf").stat().st_size > 10_000
    assert tab.receipts_button.isEnabled() and tab.write_receipts(tmp_path / "回执")
    assert len(list((tmp_path / "回执").glob("*.xxreceipt.json"))) == 2 and tab.message.text().startswith("已写出成绩回执2份")


def test_learner_opens_a_paper_and_exports_the_result(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    papers = PaperTab(ui_context)
    qtbot.addWidget(papers)
    paper = papers.make_random_paper()
    assert paper is not None and papers.save_paper(tmp_path / "p.xxpaper.json")
    shown: list[str] = []
    monkeypatch.setattr(learner_dialogs, "ask_open_file", lambda *_a: tmp_path / "p.xxpaper.json")
    monkeypatch.setattr(learner_dialogs, "ask_save_file", lambda _p, _t, suggested, _f: tmp_path / suggested)
    monkeypatch.setattr(learner_dialogs, "show_info", lambda _p, _t, text: shown.append(text))
    monkeypatch.setattr(learner_dialogs, "show_error", lambda _p, _t, text: shown.append("错误：" + text))
    monkeypatch.setattr(learner_dialogs, "ask_text", lambda *_a: "")
    attempt_id = open_paper_for_learner(ui_context, None)
    assert attempt_id is not None
    export_result_dialog(ui_context, attempt_id, None)
    assert shown == ["错误：请先交卷，再导出成绩文件。"]
    with ui_context.session_factory() as s, s.begin():
        submit_attempt(s, attempt_id=attempt_id, now=ui_context.clock())
    export_result_dialog(ui_context, attempt_id, None)
    expected = tmp_path / f"{paper.title}-张三.xxresult.json"
    assert expected.is_file() and shown[-1].startswith(f"已保存“{expected.name}”（张三，已交卷，成绩由培训管理员评定；未签名")
    monkeypatch.setattr(learner_dialogs, "ask_open_file", lambda *_a: tmp_path / "missing.xxpaper.json")
    assert open_paper_for_learner(ui_context, None) is None and shown[-1].startswith("错误：找不到试卷文件")


def test_empty_folder_and_empty_roster_are_refused_in_chinese(qtbot: QtBot, ui_context: UiContext, tmp_path: Path) -> None:
    papers = PaperTab(ui_context)
    qtbot.addWidget(papers)
    assert papers.make_random_paper() is not None
    tab = ResultsTab(ui_context)
    qtbot.addWidget(tab)
    (tmp_path / "空").mkdir()
    with qtbot.waitSignal(tab.collected, timeout=10_000) as collected:
        tab.collect(tmp_path / "空")
    assert collected.args == [False]
    assert tab.message.text().startswith("文件夹“空”中没有成绩文件") and "color: #b3261e" in tab.message.styleSheet()
    (tmp_path / "名单.txt").write_text("李四\n", encoding="utf-8")
    (tmp_path / "空名单.txt").write_text("\n\n", encoding="utf-8")
    assert tab.load_roster(tmp_path / "名单.txt") and tab.message.text() == ""
    assert not tab.load_roster(tmp_path / "空名单.txt")
    assert tab.message.text().startswith("名单“空名单.txt”中没有人员")
    assert tab.roster is not None and [e.name for e in tab.roster] == ["李四"]  # the previous roster stays
    assert tab.roster_label.text() == "应考名单：名单.txt，共1人，名单中没有个人码：无法核验签名（见 make-roster）"
    (tmp_path / "坏.xlsx").write_bytes(b"not a workbook")
    assert not tab.load_roster(tmp_path / "坏.xlsx") and tab.message.text() == "无法读取名单：坏.xlsx"
    assert tab.load_roster(tmp_path / "名单.txt") and tab.message.text() == ""  # no stale error after a good file


def test_a_title_with_slashes_suggests_a_plain_file_name(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from PySide6.QtWidgets import QFileDialog

    from ui.file_dialogs import documents_dir

    tab = PaperTab(ui_context)
    qtbot.addWidget(tab)
    tab.title_edit.setText("2026/11 第一期:测试?")
    assert tab.make_random_paper() is not None
    suggested: list[str] = []

    def fake_dialog(_parent: object, _title: str, offered: str, _filter: str) -> tuple[str, str]:
        assert Path(offered).parent == documents_dir()  # offered in the documents folder
        suggested.append(Path(offered).name)
        return str(tmp_path / Path(offered).name), ""

    monkeypatch.setattr(QFileDialog, "getSaveFileName", fake_dialog)
    tab.save_button.click()
    with qtbot.waitSignal(tab.printed, timeout=30_000):
        tab.print_button.click()
    assert suggested == ["2026_11 第一期_测试_.xxpaper.json", "2026_11 第一期_测试_.pdf"]
    assert (tmp_path / suggested[0]).is_file() and (tmp_path / suggested[1]).is_file()


def test_printing_without_a_chinese_font_is_refused_and_writes_nothing(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from ui.trainer import printing

    monkeypatch.setattr(printing, "chinese_font_family", lambda: None)  # a machine with no CJK font
    tab = PaperTab(ui_context)
    qtbot.addWidget(tab)
    assert tab.make_random_paper() is not None
    with qtbot.waitSignal(tab.printed, timeout=5_000) as printed:
        assert not tab.print_paper(tmp_path / "卷.pdf")
    assert printed.args == [False] and not (tmp_path / "卷.pdf").exists()
    assert tab.message.text() == printing.NO_CHINESE_FONT


def test_collecting_many_result_files_shows_progress_off_the_ui_thread(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    folder = tmp_path / "results"
    folder.mkdir()
    for i in range(30):  # unreadable files still count as files looked at
        (folder / f"{i:03d}.xxresult.json").write_text("{}", encoding="utf-8")
    tab = ResultsTab(ui_context)
    qtbot.addWidget(tab)
    seen: list[tuple[int, int]] = []
    tab.progress_relay.advanced.connect(lambda done, total: seen.append((done, total)))
    with qtbot.waitSignal(tab.collected, timeout=10_000):
        tab.collect(folder)
        assert tab.progress.isVisibleTo(tab) and not tab.collect_button.isEnabled()  # the UI thread is free meanwhile
    assert seen == [(i, 30) for i in range(30)] and not tab.progress.isVisibleTo(tab)
    assert tab.message.text().count("未采用") == 30


def test_the_results_tab_shows_per_unit_forecasts_before_any_result_and_exports_them(
    qtbot: QtBot, ui_context: UiContext, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    papers = PaperTab(ui_context)
    qtbot.addWidget(papers)
    for qtype, spin in papers.counts.items():
        spin.setValue(5 if qtype is QuestionType.SINGLE else 0)
    assert papers.make_random_paper() is not None
    tab = ResultsTab(ui_context)  # 张三 of 第一巡视组 has not studied yet: likely to fall below the pass mark
    qtbot.addWidget(tab)
    assert "正在计算" in tab.view.toPlainText()  # the rest is on screen while the forecasts load
    with qtbot.waitSignal(tab.readiness_loaded, timeout=10_000):
        pass
    text = tab.view.toPlainText()
    assert "还没有收到成绩文件" in text and "考前预测（按单位）" in text and "可能不及格的学员" in text
    assert "第一巡视组" in text and "张三" in text and "正在计算" not in text
    assert tab.report is not None and tab.report.at_risk_count == 1
    assert tab.excel_button.isEnabled() and tab.pdf_button.isEnabled() and not tab.receipts_button.isEnabled()
    assert tab.export_excel(tmp_path / "r.xlsx")
    workbook = load_workbook(tmp_path / "r.xlsx", read_only=True)
    assert [row[1] for row in workbook["可能不及格"].iter_rows(values_only=True)] == ["姓名", "张三"]
    workbook.close()
    with qtbot.waitSignal(tab.pdf_exported, timeout=30_000) as exported:
        assert tab.export_pdf(tmp_path / "r.pdf")
    assert exported.args == [True]
    pdf = subprocess.run(["pdftotext", str(tmp_path / "r.pdf"), "-"], capture_output=True, text=True, check=True).stdout
    assert "考前预测" in pdf and "可能不及格" in pdf and "张三" in pdf and "第一巡视组" in pdf


def test_the_default_title_nests_its_book_title_marks(qtbot: QtBot, ui_context: UiContext) -> None:
    """“已组卷《《中国共产党巡视工作条例》学习测试》” once; inner marks become 〈〉, as Chinese typography nests them."""
    from ui.formatting import book_title

    bank = BankEditorTab(ui_context)
    tab = PaperTab(ui_context, selected_questions=bank.selected_question_ids)
    qtbot.addWidget(bank)
    qtbot.addWidget(tab)
    assert tab.title_edit.text() == "《中国共产党巡视工作条例》学习测试"  # the default
    for qtype, spin in tab.counts.items():
        spin.setValue({QuestionType.JUDGE: 2}.get(qtype, 0))
    assert tab.make_random_paper() is not None
    assert tab.message.text().startswith("已组卷《〈中国共产党巡视工作条例〉学习测试》，共2题。")
    assert "《《" not in tab.message.text()
    assert book_title("《中国共产党巡视工作条例》") == "《中国共产党巡视工作条例》"
    assert book_title("巡视条例闭卷测试") == "《巡视条例闭卷测试》"
    assert book_title("学习《条例》和《规定》") == "《学习〈条例〉和〈规定〉》"
