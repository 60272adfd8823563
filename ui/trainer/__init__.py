"""The trainer toolkit UI: password gate, bank editor, imports, Excel, papers, results; and PDF printing."""

from ui.trainer.learner_dialogs import (
    choose_paper_file,
    export_result_dialog,
    import_receipt_dialog,
    open_paper_for_learner,
)
from ui.trainer.page import TrainerPage

__all__ = ["TrainerPage", "choose_paper_file", "export_result_dialog", "import_receipt_dialog", "open_paper_for_learner"]
