"""帮助 menu: 关于巡学 (version, what the app is) and a short guide to studying with it."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout, QWidget

APP_VERSION = "0.1.0"  # the version in pyproject.toml (a test keeps the two in step)

ABOUT_HTML = f"""
<h3>巡学 {APP_VERSION}</h3>
<p>学习、练习和检测修订后的《中国共产党巡视工作条例》的桌面程序。</p>
<p>记忆卡片按间隔重复安排复习；测验、模拟考试和培训管理员下发的试卷都从条例原文出题，
每道题都能回到原文出处。学习记录只保存在本机的数据目录中。</p>
"""

GUIDE_HTML = """
<h3>怎样用巡学学习</h3>
<p><b>学习</b>：每天先做“今日复习与新卡”。看卡片正面，想好答案后按空格键翻面，
再按 1-4 评价自己记得如何（重来、困难、良好、简单）。程序据此安排下次复习的时间，记得越牢，间隔越长。
考前可以选“考前突击”按专题过一遍，不影响正常安排。</p>
<p><b>测验</b>：“练习”每答一题就显示对错、解析和原文；“限时测验”和“模拟考试”交卷后才显示结果，
计时从开考起连续计算，关掉程序也不会停。按 A-H 或 1-8 选择选项，回车确认，左右方向键切换题目。</p>
<p><b>错题本</b>：答错的题会记在这里，之后连续答对两次就会移出。可以只用错题组一次练习。</p>
<p><b>进度</b>：每天的学习量、正确率走势、各专题的掌握程度和历次考试成绩。
首页列出的薄弱专题可以直接“强化练习”（Ctrl+D）。</p>
<p><b>培训管理</b>：供培训管理员使用，需要密码。可以编辑题库、导入文档、组卷、打印试卷、汇总成绩。
学员收到的试卷用“文件 → 打开试卷文件…”打开。</p>
<p>换电脑时，用“文件 → 导出学习记录…”保存记录，再在新电脑上“导入学习记录…”。
键盘操作：Ctrl+1 至 Ctrl+8 切换页面，Tab 在控件之间移动，F1 打开本指南。</p>
"""


def show_about(parent: QWidget | None) -> None:
    """关于巡学."""
    QMessageBox.about(parent, "关于巡学", ABOUT_HTML)


class GuideDialog(QDialog):
    """The short guide: a few paragraphs on how to study with the app."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("学习指南")
        layout = QVBoxLayout(self)
        self.text = QTextBrowser()
        self.text.setHtml(GUIDE_HTML)
        self.text.setAccessibleName("学习指南")
        layout.addWidget(self.text)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        metrics = self.fontMetrics()
        wanted = QSize(metrics.horizontalAdvance("字") * 48, metrics.height() * 28)
        screen = self.screen()
        if screen is not None:  # at 200% text forty characters are wider than a laptop's screen
            room = screen.availableGeometry().size()
            wanted = wanted.boundedTo(QSize(room.width() * 9 // 10, room.height() * 9 // 10))
        self.resize(wanted)


def show_guide(parent: QWidget | None) -> None:
    """学习指南 (F1)."""
    GuideDialog(parent).exec()
