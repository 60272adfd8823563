"""The trainer toolkit UI: password gate, bank editor, imports, papers, results; and PDF printing."""
