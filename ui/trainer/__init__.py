"""The trainer toolkit UI: password gate, bank editor, imports, Excel, papers, results; and PDF printing."""

from ui.trainer.learner_dialogs import export_result_dialog, open_paper_for_learner
from ui.trainer.page import TrainerPage

__all__ = ["TrainerPage", "export_result_dialog", "open_paper_for_learner"]
