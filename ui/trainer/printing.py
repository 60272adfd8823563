"""Printing to PDF with Qt's own writer: a paper laid out as a printed exam, its answer key, the 督促检查 report."""

from __future__ import annotations

import datetime as dt
import html
import os
import random
import re
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QMarginsF
from PySide6.QtGui import (
    QFont,
    QFontDatabase,
    QGuiApplication,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextDocument,
)

from foundation.clock import CHINA_TZ
from foundation.errors import UserError
from question_bank.answer_shapes import OPTION_LETTERS
from question_bank.drafts import QuestionType
from trainer.paper_file import TYPE_ORDER, Paper, PaperQuestion
from trainer.report import (
    AT_RISK_HEADER,
    NO_READINESS,
    PaperReport,
    at_risk_rows,
    readiness_header,
    readiness_unit_rows,
    report_summary_lines,
)
from trainer.rosters import RosterEntry

LETTERS = OPTION_LETTERS[:8]  # the eight options a printed paper has room for
SECTION_NUMBERS = "一二三四五六七八"
SECTION_TITLES = {
    QuestionType.SINGLE: "单项选择题",
    QuestionType.MULTIPLE: "多项选择题",
    QuestionType.JUDGE: "判断题",
    QuestionType.BLANK: "填空题",
    QuestionType.ORDER: "排序题",
    QuestionType.MATCH: "连线题",
}
SECTION_HINTS = {
    QuestionType.SINGLE: "在每小题的备选答案中选出一个正确答案，将其字母填入括号内",
    QuestionType.MULTIPLE: "在每小题的备选答案中选出两个或两个以上正确答案，将其字母填入括号内，多选、少选均不得分",
    QuestionType.JUDGE: "正确的在括号内画“√”，错误的画“×”",
    QuestionType.BLANK: "在横线上填写正确答案",
    QuestionType.ORDER: "按正确顺序写出选项字母",
    QuestionType.MATCH: "将左列各项与右列对应的字母填入括号内",
}
FONT_FAMILIES = ["Noto Serif CJK SC", "Source Han Serif SC", "SimSun", "Songti SC", "WenQuanYi Micro Hei", "Noto Sans CJK SC"]
_BLANK = re.compile(r"（\s*）|\(\s*\)|_{2,}|＿{2,}")

STYLE = """
body { font-size: 11pt; line-height: 150%; }
p.title { font-size: 17pt; font-weight: bold; text-align: center; margin-bottom: 4px; }
p.sub { text-align: center; font-size: 10.5pt; margin-top: 0; }
p.who { text-align: center; font-size: 11pt; margin-top: 10px; margin-bottom: 14px; }
p.section { font-size: 12pt; font-weight: bold; margin-top: 14px; margin-bottom: 4px; }
p.hint { font-size: 10pt; color: #333333; margin-top: 0; }
p.q { margin-top: 8px; margin-bottom: 2px; }
p.opt { margin-left: 24px; margin-top: 0; margin-bottom: 0; }
p.key { margin-top: 3px; margin-bottom: 3px; }
p.expl { margin-left: 24px; margin-top: 0; font-size: 9.5pt; color: #444444; }
table.grid { border-collapse: collapse; margin-top: 4px; }
table.grid td, table.grid th { border: 1px solid #555555; padding: 3px 6px; font-size: 10pt; }
table.grid th { background-color: #eeeeee; }
table.match td { padding: 2px 16px 2px 24px; }
p.foot { font-size: 9pt; color: #555555; text-align: right; }
"""


def ensure_gui_application() -> QGuiApplication:
    """The running Qt application, or a new offscreen one for commands run without a window."""
    app = QGuiApplication.instance()
    if app is None:
        os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
        app = QGuiApplication([])
    assert isinstance(app, QGuiApplication)
    return app


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _stem_html(question: PaperQuestion) -> str:
    stem = _e(question.stem)
    if question.type is QuestionType.BLANK:
        line = "<u>" + "&nbsp;" * 16 + "</u>"
        return _BLANK.sub(line, stem) if _BLANK.search(stem) else f"{stem}{line}"

    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE):
        if _BLANK.search(stem):
            return _BLANK.sub("（&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;）", stem, count=1)
        return stem + "（&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;&nbsp;）"
    if question.type is QuestionType.JUDGE:
        return stem + "（&nbsp;&nbsp;&nbsp;&nbsp;）"
    if question.type is QuestionType.ORDER:
        return stem + "&nbsp;&nbsp;答：<u>" + "&nbsp;" * 16 + "</u>"
    return stem


def match_right_order(paper: Paper, question: PaperQuestion) -> list[int]:
    """The printed order of a match question's right column (fixed per paper, never the key's order)."""
    order = list(range(len(question.answer)))
    random.Random(f"{paper.uid}:{question.key}").shuffle(order)
    if len(order) > 1 and order == sorted(order):
        order = order[1:] + order[:1]
    return order


def _question_html(paper: Paper, number: int, question: PaperQuestion) -> str:
    parts = [f'<p class="q">{number}．{_stem_html(question)}</p>']
    if question.type in (QuestionType.SINGLE, QuestionType.MULTIPLE, QuestionType.ORDER):
        options = question.options or ()
        short = all(len(o) <= 10 for o in options) and len(options) <= 4
        if short:  # short options share one line, like a printed paper
            line = "&nbsp;&nbsp;&nbsp;&nbsp;".join(f"{LETTERS[i]}．{_e(o)}" for i, o in enumerate(options))
            parts.append(f'<p class="opt">{line}</p>')
        else:
            parts.extend(f'<p class="opt">{LETTERS[i]}．{_e(o)}</p>' for i, o in enumerate(options))
    elif question.type is QuestionType.MATCH:
        rights = [question.answer[i] for i in match_right_order(paper, question)]
        rows = "".join(
            f"<tr><td>（{i + 1}）{_e(left)}&nbsp;&nbsp;（&nbsp;&nbsp;&nbsp;&nbsp;）</td><td>{LETTERS[i]}．{_e(right)}</td></tr>"
            for i, (left, right) in enumerate(zip(question.options or (), rights))
        )
        parts.append(f'<table class="match">{rows}</table>')
    return "".join(parts)


def _sections(paper: Paper) -> list[tuple[QuestionType, list[tuple[int, PaperQuestion]]]]:
    numbered = list(enumerate(paper.questions, start=1))
    return [(t, [(n, q) for n, q in numbered if q.type is t]) for t in TYPE_ORDER if any(q.type is t for q in paper.questions)]


def _limit_text(paper: Paper) -> str:
    return f"{paper.time_limit_s // 60}分钟" if paper.time_limit_s else "不限时"


def _exam_day_text(paper: Paper) -> str:
    day = paper.exam_date
    return "" if day is None else f'<p class="sub">考试日期：{day.year}年{day.month}月{day.day}日</p>'


def paper_html(paper: Paper) -> str:
    """The paper as a printed exam: title, time and marks, name/unit/score lines, sections by type."""
    points = f"{paper.max_score:g}"
    head = (
        f"<p class='title'>{_e(paper.title)}</p>"
        f'{_exam_day_text(paper)}<p class="sub">考试时间：{_limit_text(paper)}　　满分：{points}分　　'
        f'及格线：{paper.max_score * paper.pass_mark:g}/{points}分（{paper.pass_mark * 100:.0f}%）</p>'
        '<p class="who">姓名：<u>' + "&nbsp;" * 18 + "</u>　　单位：<u>" + "&nbsp;" * 30
        + "</u>　　得分：<u>" + "&nbsp;" * 12 + f"</u>/{points}分</p>"
    )
    body = []
    for index, (qtype, items) in enumerate(_sections(paper)):
        each = items[0][1].points
        total = sum(q.points for _, q in items)
        body.append(
            f"<p class='section'>{SECTION_NUMBERS[index]}、{SECTION_TITLES[qtype]}（共{len(items)}题，每题{each:g}分，共{total:g}分）</p>"
            f'<p class="hint">{SECTION_HINTS[qtype]}。</p>'
        )
        body.extend(_question_html(paper, n, q) for n, q in items)
    return f"<html><head><style>{STYLE}</style></head><body>{head}{''.join(body)}</body></html>"


def _key_text(paper: Paper, question: PaperQuestion) -> str:
    if question.type is QuestionType.SINGLE:
        return LETTERS[question.answer]
    if question.type is QuestionType.MULTIPLE:
        return "".join(LETTERS[i] for i in question.answer)
    if question.type is QuestionType.JUDGE:
        return "√" if question.answer else "×"
    if question.type is QuestionType.BLANK:
        return "；".join(" / ".join(variants) for variants in question.answer)
    if question.type is QuestionType.ORDER:
        return "".join(LETTERS[i] for i in question.answer)
    order = match_right_order(paper, question)
    letter_of = {original: LETTERS[printed] for printed, original in enumerate(order)}
    return "　".join(f"（{i + 1}）{letter_of[i]}" for i in range(len(question.answer)))


def answer_key_html(paper: Paper) -> str:
    """The answer key with explanations, for the trainer (printed on its own pages)."""
    body = [f"<p class='title'>{_e(paper.title)}</p><p class='sub'>参考答案及解析</p>"]
    for index, (qtype, items) in enumerate(_sections(paper)):
        body.append(f"<p class='section'>{SECTION_NUMBERS[index]}、{SECTION_TITLES[qtype]}</p>")
        for n, q in items:
            body.append(f'<p class="key">{n}．<b>{_e(_key_text(paper, q))}</b>　（{_e(q.topic)}）</p>')
            if q.explanation:
                short = q.explanation if len(q.explanation) <= 160 else q.explanation[:160] + "……"
                body.append(f'<p class="expl">解析：{_e(short)}</p>')
    return f"<html><head><style>{STYLE}</style></head><body>{''.join(body)}</body></html>"


def report_html(report: PaperReport, *, loading_readiness: bool = False) -> str:
    """The 督促检查 report: headline figures, score bands, who sat and who did not, questions, topics, readiness."""
    when = report.generated_at.astimezone(CHINA_TZ).strftime("%Y年%m月%d日")
    summary = "".join(f"<tr><th>{_e(k)}</th><td>{_e(v)}</td></tr>" for k, v in report_summary_lines(report))
    bands = "".join(f"<tr><td>{_e(b.label)}</td><td>{b.count}</td></tr>" for b in report.bands)
    sat = "".join(
        f"<tr><td>{i}</td><td>{_e(s.name)}</td><td>{_e(s.unit)}</td><td>{s.score:g}/{s.max_score:g}分</td>"
        f"<td>{s.percent:.1f}%</td><td>{'及格' if s.passed else '不及格'}</td>"
        f"<td>{_e('；'.join(s.flags) or '一致')}</td></tr>"
        for i, s in enumerate(report.sittings, start=1)
    )
    absent = "、".join(_e(f"{e.name}（{e.unit}）" if e.unit else e.name) for e in report.not_sat) or "无"
    questions = "".join(
        f"<tr><td>{q.number}</td><td>{_e(q.type_label)}</td><td>{_e(q.topic)}</td>"
        f"<td>{_e(q.stem[:40] + ('…' if len(q.stem) > 40 else ''))}</td><td>{q.correct}/{q.sittings}</td>"
        f"<td>{q.accuracy * 100:.0f}%</td></tr>"
        for q in report.questions
    )
    weak = {t.topic for t in report.weakest_topics}
    topics = "".join(
        f"<tr><td>{_e(t.topic)}</td><td>{t.questions}</td><td>{t.accuracy * 100:.0f}%</td>"
        f"<td>{'薄弱' if t.topic in weak else ''}</td></tr>"
        for t in report.topics
    )
    return (
        f"<html><head><style>{STYLE}</style></head><body>"
        f"<p class='title'>{_e(report.title)}</p><p class='sub'>学习测试督促检查情况报告　　{when}</p>"
        f"<p class='section'>一、总体情况</p><table class='grid' width='100%'>{summary}</table>"
        f"<p class='section'>二、成绩分布</p><table class='grid' width='50%'><tr><th>分数段（百分制）</th><th>人数</th></tr>{bands}</table>"
        f"<p class='section'>三、未参加人员</p><p>{absent}</p>"
        f"<p class='section'>四、成绩明细</p><table class='grid' width='100%'><tr><th>序号</th><th>姓名</th><th>单位</th>"
        f"<th>得分/满分</th><th>百分比</th><th>结果</th><th>核对</th></tr>{sat}</table>"
        f"<p class='section'>五、各专题掌握情况</p><table class='grid' width='100%'><tr><th>专题</th><th>题数</th><th>正确率</th><th></th></tr>{topics}</table>"
        f"<p class='section'>六、各题正确率</p><table class='grid' width='100%'><tr><th>题号</th><th>题型</th><th>专题</th>"
        f"<th>题干</th><th>答对</th><th>正确率</th></tr>{questions}</table>"
        f"{readiness_html(report, number='七', loading=loading_readiness)}"
        f"<p class='foot'>成绩均按本机保存的试卷答案重新核算，文件中自报的分数不作为依据。</p>"
        "</body></html>"
    )


def readiness_page_html(report: PaperReport, *, lead: str, loading: bool = False) -> str:
    """A page of its own for 考前预测 (before any result came in), after a lead paragraph."""
    return (f"<html><head><style>{STYLE}</style></head><body><p>{_e(lead)}</p>"
            f"{readiness_html(report, number='一', loading=loading)}</body></html>")


def readiness_html(report: PaperReport, *, number: str, loading: bool = False) -> str:
    """The section 考前预测: per unit the forecast distribution, then who is likely to fall below the pass mark."""
    title = f"<p class='section'>{number}、考前预测（按单位）</p>"
    if loading:
        return f"{title}<p>正在计算……</p>"
    if not report.readiness:
        return f"{title}<p>{_e(NO_READINESS)}</p>"
    compact = ["单位", "人数", "中位数", "60以下", "60–69", "70–79", "80–89", "90–100", "可能不及格"]  # A4 width
    assert len(compact) == len(readiness_header())
    widths = [17, 7, 10, 10, 10, 10, 10, 11, 15]
    head = "".join(f"<th width='{w}%'>{_e(h)}</th>" for h, w in zip(compact, widths))
    units = "".join("<tr>" + "".join(f"<td>{_e(str(v))}</td>" for v in row) + "</tr>" for row in readiness_unit_rows(report))
    risk_rows = at_risk_rows(report)
    risk = ("<table class='grid' width='100%'><tr>" + "".join(f"<th>{_e(h)}</th>" for h in AT_RISK_HEADER) + "</tr>"
            + "".join("<tr>" + "".join(f"<td>{_e(v)}</td>" for v in row) + "</tr>" for row in risk_rows) + "</table>"
            if risk_rows else "<p>无。</p>")
    return (
        f"{title}<p>按各学员目前的学习记录，预测参加一场与本卷题量、及格线（{report.pass_mark * 100:.0f}%）相同的模拟考试的得分"
        f"（百分制）：中位数，及预测得分落在各分数段的人数。</p><table class='grid' width='100%'><tr>{head}</tr>{units}</table>"
        f"<p><b>可能不及格的学员</b>（不及格的可能在一半以上，宜在考前督促）：</p>{risk}"
    )


NO_CHINESE_FONT = (
    "本机没有能显示中文的字体，生成的PDF会把汉字印成方框，因此没有生成。"
    "请先安装中文字体（如 Debian/Ubuntu：sudo apt-get install fonts-wqy-microhei 或 fonts-noto-cjk），再打印。"
)


def chinese_font_family() -> str | None:
    """An installed font family that covers Simplified Chinese (a preferred one if present), or None."""
    ensure_gui_application()
    families = QFontDatabase.families(QFontDatabase.WritingSystem.SimplifiedChinese)
    return next((f for f in FONT_FAMILIES if f in families), families[0] if families else None)


def require_chinese_font() -> str:
    """The family to print Chinese with.

    Raises:
        UserError: no installed font covers Chinese (the PDF would be boxes).
    """
    family = chinese_font_family()
    if family is None:
        raise UserError(NO_CHINESE_FONT)
    return family


def _document(html_text: str, family: str) -> QTextDocument:
    document = QTextDocument()
    font = QFont()
    font.setFamilies([*FONT_FAMILIES, family])
    font.setPointSizeF(11)
    document.setDefaultFont(font)
    document.setHtml(html_text)
    return document


def write_pdf(pages: list[str], path: Path, *, title: str) -> int:
    """Render HTML parts to an A4 PDF (fonts embedded), each part starting on a new page; returns the page count.

    Raises:
        UserError: no font here covers Chinese (nothing is written), or the file cannot be written.
    """
    family = require_chinese_font()
    bodies = [re.sub(r"(?s).*<body>|</body>.*", "", part) for part in pages]
    joined = '<div style="page-break-before: always;"></div>'.join(bodies)
    document = _document(f"<html><head><style>{STYLE}</style></head><body>{joined}</body></html>", family)
    writer = QPdfWriter(str(path))
    writer.setTitle(title)
    writer.setCreator("巡学")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A4), QPageLayout.Orientation.Portrait,
            QMarginsF(0, 0, 0, 0), QPageLayout.Unit.Millimeter,  # print_ adds its own 2 cm margin
        )
    )
    document.print_(writer)
    if not path.is_file() or path.stat().st_size == 0:
        raise UserError(f"无法写入PDF文件：{path}")
    return len(re.findall(rb"/Type\s*/Page(?![a-zA-Z])", path.read_bytes()))


def print_paper_pdf(paper: Paper, path: Path, *, with_key: bool = True) -> int:
    """The paper (and, on separate pages, its answer key) as an A4 PDF; returns the page count."""
    parts = [paper_html(paper)] + ([answer_key_html(paper)] if with_key else [])
    return write_pdf(parts, path, title=paper.title)


def print_report_pdf(report: PaperReport, path: Path) -> int:
    """The 督促检查 report as an A4 PDF; returns the page count."""
    return write_pdf([report_html(report)], path, title=f"{report.title}督促检查情况报告")


def roster_slips_html(entries: Sequence[RosterEntry], *, exam_date: dt.date | None = None) -> str:
    """One slip per learner (name, unit, personal code, and the exam date if given), to cut apart and hand out."""
    exam = ("" if exam_date is None else
            f"考试日期：<b>{exam_date.year}年{exam_date.month}月{exam_date.day}日</b><br>"
            "<small>请在巡学首页“考试计划”中设置这个日期，按计划复习。</small><br>")
    rows = "".join(
        f"<tr><td>姓名：{_e(e.name)}<br>单位：{_e(e.unit) or '—'}<br>{exam}个人码：<b>{_e(e.code)}</b><br>"
        "<small>导出成绩文件时输入，用于签名。请勿告诉他人。</small></td></tr>"
        for e in entries
    )
    return (f"<html><head><style>{STYLE}</style></head><body><p class='title'>个人码</p>"
            f"<table class='grid' width='100%'>{rows}</table></body></html>")


def print_roster_slips_pdf(entries: Sequence[RosterEntry], path: Path, *, exam_date: dt.date | None = None) -> int:
    """The personal codes as A4 slips (one per learner, with the exam date if given); returns the page count."""
    return write_pdf([roster_slips_html(entries, exam_date=exam_date)], path, title="个人码")
