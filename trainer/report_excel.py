"""The 督促检查 report as an Excel workbook: 概况, 成绩, 未参加, 题目, 专题, 考前预测, 可能不及格."""

from __future__ import annotations

from pathlib import Path

from foundation.clock import CHINA_TZ
from trainer.excel import save_workbook, text_row
from trainer.report import (
    AT_RISK_HEADER,
    NO_READINESS,
    PaperReport,
    at_risk_rows,
    readiness_header,
    readiness_unit_rows,
    report_summary_lines,
)


def export_report_xlsx(report: PaperReport, path: Path) -> None:
    """Write the report to an Excel workbook: 概况, 成绩, 未参加, 题目, 专题, 考前预测 (per unit), 可能不及格.

    Names and units come from learners' result files: every text cell is written as text, never as a formula,
    and the file is written whole or not at all (see `trainer.excel.save_workbook`).

    Raises:
        UserError: the file cannot be written.
    """
    from openpyxl import Workbook
    from openpyxl.styles import Font

    workbook = Workbook()
    summary = workbook.active
    assert summary is not None
    summary.title = "概况"
    for line in report_summary_lines(report):
        summary.append(text_row(line))
    summary.append([])
    summary.append(text_row(["分数段", "人数"]))
    for band in report.bands:
        summary.append(text_row([band.label, band.count]))
    scores = workbook.create_sheet("成绩")
    scores.append(text_row(["序号", "姓名", "单位", "得分", "满分", "百分制", "是否及格", "交卷时间", "文件所报得分", "核对"]))
    for i, s in enumerate(report.sittings, start=1):
        scores.append(
            text_row([
                i, s.name, s.unit, s.score, s.max_score, round(s.percent, 1), "及格" if s.passed else "不及格",
                s.submitted_at.astimezone(CHINA_TZ).strftime("%Y-%m-%d %H:%M") if s.submitted_at else "",
                s.claimed_score, "；".join(s.flags) or "一致",
            ])
        )
    absent = workbook.create_sheet("未参加")
    absent.append(text_row(["序号", "姓名", "单位"]))
    for i, e in enumerate(report.not_sat, start=1):
        absent.append(text_row([i, e.name, e.unit]))
    per_question = workbook.create_sheet("题目")
    per_question.append(text_row(["题号", "题型", "专题", "题干", "正确答案", "作答人数", "答对人数", "正确率"]))
    for q in report.questions:
        per_question.append(text_row([q.number, q.type_label, q.topic, q.stem, q.answer_text, q.answered, q.correct,
                                     round(q.accuracy, 4)]))
    per_topic = workbook.create_sheet("专题")
    per_topic.append(text_row(["专题", "题数", "正确率", "薄弱"]))
    weak = {t.topic for t in report.weakest_topics}
    for t in report.topics:
        per_topic.append(text_row([t.topic, t.questions, round(t.accuracy, 4), "是" if t.topic in weak else ""]))
    forecast = workbook.create_sheet("考前预测")
    forecast.append(text_row(readiness_header()))
    for row in readiness_unit_rows(report):
        forecast.append(text_row(row))
    if not report.readiness:
        forecast.append(text_row([NO_READINESS]))
    at_risk = workbook.create_sheet("可能不及格")
    at_risk.append(text_row(AT_RISK_HEADER))
    for risk_row in at_risk_rows(report):
        at_risk.append(text_row(risk_row))
    for sheet in workbook.worksheets:
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        sheet.column_dimensions["A"].width = 16
        for column in "BCDE":
            sheet.column_dimensions[column].width = 22
    per_question.column_dimensions["D"].width = 60
    save_workbook(workbook, path)
