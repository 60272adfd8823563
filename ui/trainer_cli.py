"""Command-line sub-commands for trainers (import-bank, make-paper, print-paper, make-roster, collect-results); printing renders with Qt."""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import sys
from pathlib import Path
from typing import Any

from foundation.context import AppContext
from foundation.errors import UserError

TYPE_OPTIONS = (("single", "单选题"), ("multiple", "多选题"), ("judge", "判断题"), ("blank", "填空题"), ("order", "排序题"), ("match", "连线题"))


def register(subparsers: Any) -> None:
    """Add this area's sub-commands; each sets `handler(args, context) -> exit code`."""
    formatter = argparse.RawDescriptionHelpFormatter
    parser = subparsers.add_parser(
        "import-bank",
        help="从Excel（.xlsx）导入题库",
        formatter_class=formatter,
        description=(
            "从Excel表格导入题目。列名：题型、题干、选项A…选项H、答案、解析、专题、难度。\n"
            "答案写法：单选 A；多选 A,C（或AC、A、C）；判断 正确/错误；填空 6个月;六个月（多个空用|分隔）；\n"
            "排序 CAB；连线题的每个选项写成“左项=右项”。任何一行有问题都会列出行号和原因，整个文件不导入。"
        ),
        epilog="示例：python main.py import-bank 题库.xlsx\n      python main.py import-bank --template 题库模板.xlsx\n"
               "导入的题目默认先“待审核”，在培训管理的“题库”中审核通过后学员才能看到。",
    )
    parser.add_argument("path", type=Path, metavar="文件", help="Excel文件路径（.xlsx）")
    parser.add_argument("--template", action="store_true", help="不导入，而是在该路径保存一份带说明的空白模板")
    parser.set_defaults(handler=import_bank)

    parser = subparsers.add_parser(
        "make-paper",
        help="组卷：生成可分发的试卷文件",
        formatter_class=formatter,
        description=(
            "组卷并保存为试卷文件（.xxpaper.json），可用U盘或共享文件夹分发给学员。\n"
            "两种方式：用 --questions 指定题目编号；或按题型设置题量（--single 10 --judge 5 …）随机抽题，\n"
            "可用 --topic-weight 专题=权重 调整各专题的抽题比例（权重为0表示不抽该专题）。\n"
            "默认试卷文件不含答案：学员交卷后只显示“已交卷”，成绩由培训管理员汇总后用成绩回执发回；\n"
            "加 --immediate-scoring 则答案随试卷文件分发，学员交卷即见成绩（文本编辑器也能看到答案）。"
        ),
        epilog=(
            "示例：python main.py make-paper 第一次测试.xxpaper.json --title 巡视条例学习测试 "
            "--single 10 --multiple 5 --judge 5 --minutes 30 --pass-mark 60 --seed 7"
        ),
    )
    parser.add_argument("path", type=Path, help="试卷文件的保存路径")
    parser.add_argument("--title", required=True, metavar="标题", help="试卷标题")
    parser.add_argument("--questions", metavar="编号,编号,…", help="指定题目编号，用逗号分隔（固定组卷）")
    for name, label in TYPE_OPTIONS:
        parser.add_argument(f"--{name}", type=int, default=0, metavar="N", help=f"随机抽取{label}的数量")
    parser.add_argument("--topic-weight", action="append", default=[], metavar="专题=权重", help="专题（标题或编号）的抽题权重，可多次使用")
    parser.add_argument("--minutes", type=int, default=30, metavar="分钟", help="考试时长（分钟，0为不限时；默认30）")
    parser.add_argument("--pass-mark", type=float, default=60, metavar="百分比", help="及格线（百分比，默认60）")
    parser.add_argument("--no-shuffle", action="store_true", help="所有学员题目和选项顺序相同（默认每人顺序不同）")
    parser.add_argument("--immediate-scoring", action="store_true",
                        help="即时评分：答案随试卷文件分发，学员交卷即见成绩（默认不含答案）")
    parser.add_argument("--attempts", type=int, default=1, metavar="次数", help="每位学员允许作答的次数（默认1）")
    parser.add_argument("--exam-date", type=_exam_date, metavar="日期",
                        help="考试日期（如 2026-12-20）：学员打开试卷时，没有考试计划的按此日期制定学习计划")
    parser.add_argument("--seed", type=int, metavar="整数", help="随机种子（相同种子、相同题库得到相同试卷）")
    parser.set_defaults(handler=make_paper)

    parser = subparsers.add_parser(
        "make-roster",
        help="为名单上的每位学员生成个人码（用于成绩文件签名）",
        formatter_class=formatter,
        description=(
            "读取名单（.txt 每行“姓名,单位”，或 .xlsx 含“姓名”“单位”列），为还没有个人码的学员生成个人码，\n"
            "写出含“姓名、单位、个人码”的名单（.xlsx 或 .txt）。把每人的个人码单独交给本人（可打印后裁成纸条）；\n"
            "学员导出成绩文件时输入个人码签名，汇总时用 --roster 指定这份名单核验签名。"
        ),
        epilog="示例：python main.py make-roster 名单.txt 名单（含个人码）.xlsx --slips 个人码纸条.pdf",
    )
    parser.add_argument("roster", type=Path, help="名单文件（.txt 或 .xlsx）")
    parser.add_argument("output", type=Path, help="输出的名单文件（.xlsx 或 .txt），含个人码")
    parser.add_argument("--slips", type=Path, metavar="PDF", help="另把每人的个人码打印为可裁开的纸条（PDF）")
    parser.add_argument("--exam-date", type=_exam_date, metavar="日期",
                        help="考试日期（如 2026-12-20），印在每人的纸条上，学员据此设置考试计划（须与 --slips 一起用）")
    parser.set_defaults(handler=make_roster)

    parser = subparsers.add_parser(
        "print-paper",
        help="把试卷文件打印为PDF（含答案页）",
        formatter_class=formatter,
        description="把试卷排版为A4纸质试卷（标题、考试时间、姓名/单位/得分栏，按题型分大题），参考答案另起一页。",
        epilog="示例：python main.py print-paper 第一次测试.xxpaper.json 第一次测试.pdf",
    )
    parser.add_argument("paper", type=Path, help="试卷文件（.xxpaper.json）")
    parser.add_argument("pdf", type=Path, help="输出的PDF文件")
    parser.add_argument("--no-key", action="store_true", help="不附参考答案")
    parser.set_defaults(handler=print_paper)

    parser = subparsers.add_parser(
        "collect-results",
        help="汇总一个文件夹中的成绩文件，生成督促检查报告",
        formatter_class=formatter,
        description=(
            "读取文件夹（含子文件夹）中学员交回的成绩文件（.xxresult.json），按本机保存的试卷答案重新核算每一题，\n"
            "文件中自报的分数与核算不符的标记为“成绩与答案不符”；用 --roster 的个人码核验签名，未签名、签名不符、\n"
            "作答时间与考试时长不符、同一学员的第二份成绩都保留并标记“需核查”；同一份文件再次汇总自动忽略；\n"
            "无法读取的文件和文件夹逐一列出原因，不影响其他文件。然后输出督促检查报告：\n"
            "参考与未参考人员、分数段分布、及格率、各题和各专题正确率、薄弱专题。\n"
            "用 --receipts 文件夹 为每份成绩写出成绩回执（.xxreceipt.json），发回学员导入后即可看到成绩。"
        ),
        epilog="示例：python main.py collect-results 成绩文件夹 --roster 名单.txt --xlsx 报告.xlsx --pdf 报告.pdf",
    )
    parser.add_argument("folder", type=Path, help="存放成绩文件的文件夹")
    parser.add_argument("--paper-file", type=Path, help="在别处组的卷：先登记该试卷文件（含答案）再核算")
    parser.add_argument("--roster", type=Path,
                        help="应考人员名单（.txt 每行“姓名,单位,个人码”，或 .xlsx 含“姓名”“单位”“个人码”列；见 make-roster）")
    parser.add_argument("--receipts", type=Path, metavar="文件夹", help="为每份成绩写出成绩回执到该文件夹")
    parser.add_argument("--xlsx", type=Path, help="把报告导出为Excel文件")
    parser.add_argument("--pdf", type=Path, help="把报告导出为PDF文件")
    parser.set_defaults(handler=collect_results_command)


def _exam_date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(f"日期应写成 2026-12-20 的形式：{text}") from error


def _now() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


def import_bank(args: argparse.Namespace, context: AppContext) -> int:
    """Import an Excel bank (or save the template); every bad row is printed before the refusal."""
    from trainer.excel import BankFileRejected, import_bank_xlsx, save_template_xlsx

    if args.template:
        save_template_xlsx(args.path)
        print(f"已保存题库模板：{args.path}")
        return 0
    factory = context.session_factory()
    try:
        with factory() as session, session.begin():
            report = import_bank_xlsx(session, args.path, now=_now())
    except BankFileRejected as rejected:
        for problem in rejected.problems:
            print(problem, file=sys.stderr)
        raise UserError(f"题库文件有{len(rejected.problems)}处问题（见上），未导入任何题目。") from rejected
    print(f"已导入{report.added}道题目" + (f"，{report.already_present}道已在题库中，跳过" if report.already_present else "") + "。")
    if report.held:
        print(f"其中{report.held}道待审核：在培训管理的“题库”中审核通过后，学员才能看到。")
    if report.new_topics:
        print("新建专题：" + "、".join(report.new_topics))
    for note in report.notes:
        print(f"提示：{note}")
    return 0


def _topic_weights(session: Any, specs: list[str]) -> dict[int, float]:
    from question_bank.bank import list_topics

    weights: dict[int, float] = {}
    topics = [(int(topic.id), topic.title) for topic in list_topics(session)]
    for spec in specs:
        name, sep, value = spec.rpartition("=")
        try:
            weight = float(value)
        except ValueError:
            weight = -1.0
        if not sep or weight < 0:
            raise UserError(f"专题权重“{spec}”应写成“专题=权重”，权重为不小于0的数")
        matched = [tid for tid, title in topics if title == name or str(tid) == name]
        if not matched:
            raise UserError(f"找不到专题“{name}”")
        for tid in matched:
            weights[tid] = weight
    return weights


def make_paper(args: argparse.Namespace, context: AppContext) -> int:
    """Assemble a fixed or random paper and write the paper file."""
    from question_bank.drafts import QuestionType
    from trainer.paper_file import write_paper_file
    from trainer.papers import assemble_fixed_paper, assemble_random_paper
    from ui.formatting import book_title

    rng = random.Random(args.seed)
    time_limit = args.minutes * 60 if args.minutes > 0 else None
    pass_mark = args.pass_mark / 100.0
    factory = context.session_factory()
    with factory() as session, session.begin():
        if args.questions:
            try:
                ids = [int(part) for part in args.questions.replace("，", ",").split(",") if part.strip()]
            except ValueError as error:
                raise UserError("--questions 应为用逗号分隔的题目编号") from error
            paper = assemble_fixed_paper(
                session, title=args.title, question_ids=ids, time_limit_s=time_limit, pass_mark=pass_mark,
                shuffle=not args.no_shuffle, now=_now(), rng=rng,
                immediate_scoring=args.immediate_scoring, attempts_allowed=args.attempts, exam_date=args.exam_date,
            )
        else:
            counts = {QuestionType(name): getattr(args, name) for name, _ in TYPE_OPTIONS}
            paper = assemble_random_paper(
                session, title=args.title, type_counts=counts, topic_weights=_topic_weights(session, args.topic_weight) or None,
                time_limit_s=time_limit, pass_mark=pass_mark, shuffle=not args.no_shuffle, now=_now(), rng=rng,
                immediate_scoring=args.immediate_scoring, attempts_allowed=args.attempts, exam_date=args.exam_date,
            )
        write_paper_file(paper, args.path)
    by_type: dict[str, int] = {}
    for question in paper.questions:
        by_type[question.type.label] = by_type.get(question.type.label, 0) + 1
    print(f"已生成试卷{book_title(paper.title)}：共{len(paper.questions)}题（" + "，".join(f"{k}{v}道" for k, v in by_type.items()) + "）")
    print(f"试卷文件：{args.path}　试卷编号：{paper.uid}")
    if paper.immediate_scoring:
        print("即时评分：答案随试卷文件分发，学员交卷即见成绩。")
    else:
        print("试卷文件不含答案，答案只保存在本机；汇总成绩后用 collect-results --receipts 发回成绩回执。")
    print(f"每位学员可作答{paper.attempts_allowed}次。")
    if paper.exam_date is not None:
        print(f"考试日期：{paper.exam_date:%Y-%m-%d}（学员打开试卷时，没有考试计划的按此日期制定学习计划）。")
    return 0


def make_roster(args: argparse.Namespace, context: AppContext) -> int:
    """Give everyone on a roster a personal code and write the roster with codes."""
    del context
    from trainer.rosters import assign_codes, read_roster, write_roster

    if args.exam_date is not None and args.slips is None:
        raise UserError("--exam-date 印在个人码纸条上，请同时用 --slips 指定纸条的PDF文件。")
    entries = read_roster(args.roster)
    if not entries:
        raise UserError(f"名单中没有人员：{args.roster.name}")
    coded = assign_codes(entries)
    write_roster(args.output, coded)
    fresh = sum(1 for old, new in zip(entries, coded) if old.code != new.code)
    print(f"已写出名单：{args.output}（共{len(coded)}人，新生成个人码{fresh}个）")
    if args.slips:
        from ui.trainer.printing import print_roster_slips_pdf

        pages = print_roster_slips_pdf(coded, args.slips, exam_date=args.exam_date)
        print(f"已生成个人码纸条：{args.slips}（共{pages}页）")
    print("请把每人的个人码单独交给本人；汇总成绩时用 --roster 指定这份名单。")
    return 0


def print_paper(args: argparse.Namespace, context: AppContext) -> int:
    """Lay a paper file out as a printed exam PDF (Qt renders it offscreen)."""
    from trainer.paper_file import read_paper_file
    from ui.trainer.printing import print_paper_pdf

    paper = read_paper_file(args.paper)
    if not paper.has_key and not args.no_key:  # a keyless file: the key is in this machine's database
        from trainer.papers import get_paper

        with context.session_factory()() as session:
            stored = get_paper(session, paper.uid)
        if stored is None:
            raise UserError("这份试卷文件不含答案，本机也没有它的答案；请加 --no-key 只打印试题，或在组卷的电脑上打印。")
        paper = stored
    pages = print_paper_pdf(paper, args.pdf, with_key=not args.no_key)
    print(f"已生成PDF：{args.pdf}（共{pages}页）")
    return 0


def collect_results_command(args: argparse.Namespace, context: AppContext) -> int:
    """Collect result files, print the report, and export it if asked."""
    from trainer.collection import collect_results
    from trainer.paper_file import read_paper_file
    from trainer.papers import register_paper
    from trainer.report import at_risk_rows, paper_readiness, paper_report, report_summary_lines
    from trainer.report_excel import export_report_xlsx
    from trainer.rosters import read_roster

    now = _now()
    roster = read_roster(args.roster) if args.roster else None
    factory = context.session_factory()
    with factory() as session, session.begin():
        if args.paper_file:
            register_paper(session, read_paper_file(args.paper_file))
        outcome = collect_results(session, args.folder, now=now, roster=roster)
    print(f"新收成绩文件{outcome.added}份，重复忽略{outcome.duplicates}份。")
    if roster is None or not any(e.code for e in roster):
        print("提示：未提供含个人码的名单（--roster），无法核验成绩文件的签名。")
    for line in outcome.mismatched:
        print(f"注意：{line}")
    for line in outcome.flagged:
        print(f"需核查：{line}")
    for line in outcome.problems:
        print(f"未采用：{line}")
    uids = list(outcome.paper_uids)
    if args.paper_file and not uids:
        uids = [read_paper_file(args.paper_file).uid]
    if not uids:
        raise UserError("文件夹中没有可核算的成绩文件。")
    if len(uids) > 1 and (args.xlsx or args.pdf):
        raise UserError("文件夹中有多份试卷的成绩，请分开存放后再导出报告。")
    with factory() as session:
        reports = [dataclasses.replace(paper_report(session, uid, now=now, roster=roster),
                                       readiness=paper_readiness(session, uid, now=now, roster=roster)) for uid in uids]
    for report in reports:
        print()
        for label, value in report_summary_lines(report):
            print(f"{label}：{value}")
        if report.not_sat:
            print("未参加：" + "、".join(e.name for e in report.not_sat))
        for unit, name, predicted, _range, chance in at_risk_rows(report):
            print(f"可能不及格：{name}（{unit}，预测{predicted}，不及格可能{chance}）")
    if args.receipts:
        from trainer.receipt_file import write_receipts

        if len(uids) > 1:
            raise UserError("文件夹中有多份试卷的成绩，请分开存放后再写出成绩回执。")
        with factory() as session:
            written = write_receipts(session, uids[0], args.receipts, now=now, roster=roster)
        print(f"已写出成绩回执{len(written)}份：{args.receipts}")
    if args.xlsx:
        export_report_xlsx(reports[0], args.xlsx)
        print(f"已导出Excel报告：{args.xlsx}")
    if args.pdf:
        from ui.trainer.printing import print_report_pdf

        print_report_pdf(reports[0], args.pdf)
        print(f"已导出PDF报告：{args.pdf}")
    return 0
