"""The 督促检查 report as an Excel workbook: 概况, 成绩, 未参加, 题目, 专题."""

from __future__ import annotations

from pathlib import Path

from foundation.clock import CHINA_TZ
from foundation.errors import UserError, os_error_text
from trainer.report import PaperReport, report_summary_lines


def export_report_xlsx(report: PaperReport, path: Path) -> None:
    """Write the report to an Excel workbook: 概况, 成绩, 未参加, 题目, 专题."""
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "概况"
    for line in report_summary_lines(report):
        summary.append(list(line))
    summary.append([])
    summary.append(["分数段", "人数"])
    for band in report.bands:
        summary.append([band.label, band.count])
    scores = workbook.create_sheet("成绩")
    scores.append(["序号", "姓名", "单位", "得分", "满分", "百分制", "是否及格", "交卷时间", "文件所报得分", "核对"])
    for i, s in enumerate(report.sittings, start=1):
        scores.append(
            [
                i, s.name, s.unit, s.score, s.max_score, round(s.percent, 1), "及格" if s.passed else "不及格",
                s.submitted_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if s.submitted_at else "",
                s.claimed_score, "成绩与答案不符" if s.score_mismatch else "一致",
            ]
        )
    absent = workbook.create_sheet("未参加")
    absent.append(["序号", "姓名", "单位"])
    for i, e in enumerate(report.not_sat, start=1):
        absent.append([i, e.name, e.unit])
    per_question = workbook.create_sheet("题目")
    per_question.append(["题号", "题型", "专题", "题干", "正确答案", "作答人数", "答对人数", "正确率"])
    for q in report.questions:
        per_question.append([q.number, q.type_label, q.topic, q.stem, q.answer_text, q.answered, q.correct, round(q.accuracy, 4)])
    per_topic = workbook.create_sheet("专题")
    per_topic.append(["专题", "题数", "正确率", "薄弱"])
    weak = {t.topic for t in report.weakest_topics}
    for t in report.topics:
        per_topic.append([t.topic, t.questions, round(t.accuracy, 4), "是" if t.topic in weak else ""])
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 16
        for column in "BCDE":
            sheet.column_dimensions[column].width = 22
    per_question.column_dimensions["D"].width = 60
    try:
        workbook.save(path)
    except OSError as error:
        raise UserError(f"无法写入文件：{path}（{os_error_text(error)}）") from error
