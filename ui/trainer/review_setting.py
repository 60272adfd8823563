"""The check box for the bank's setting “imported items wait for review”, shared by the two import tabs."""

from __future__ import annotations

from PySide6.QtWidgets import QCheckBox, QWidget
from sqlalchemy.orm import Session

from question_bank.documents import review_settings, set_review_settings
from ui.context import UiContext
from ui.operations import Change


class ReviewImportsBox(QCheckBox):
    """Ticked: what a document or an Excel bank import adds waits for review; stored at once when toggled."""

    def __init__(self, ctx: UiContext, text: str, parent: QWidget | None = None) -> None:
        super().__init__(text, parent)
        self.ctx = ctx
        self.setToolTip("在“题库”中选中题目后点“审核通过”，或对整篇文档点“全部审核通过”。")
        self.toggled.connect(self._store)
        self.refresh()

    def refresh(self) -> None:
        """Show the stored setting (the other import tab may have changed it)."""
        imports, _generated = self.ctx.ops.read_now(review_settings)
        self.blockSignals(True)
        self.setChecked(imports)
        self.blockSignals(False)

    def _store(self, checked: bool) -> None:
        def store(session: Session) -> None:
            _imports, generated = review_settings(session)
            set_review_settings(session, imports=checked, generated=generated)

        self.ctx.ops.write_now(store, changes=Change.BANK, parent=self, error_title="未能保存设置")
